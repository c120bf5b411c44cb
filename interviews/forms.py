from django import forms
from django.forms import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper
from taxonomy.models import Topic

from .models import Document, Finding, GuideQuestion, Interview, InterviewGuide, MaturityRating
from .uploads import ACCEPTED_LABEL, max_bytes


class TopicChoiceField(forms.ModelChoiceField):
    """Taxonomy topics grouped by their dimension."""

    def label_from_instance(self, obj: Topic) -> str:
        return f"{obj.dimension.name}: {obj.name}"


def _topics():
    return Topic.objects.select_related("dimension").order_by(
        "dimension__position", "position", "id"
    )


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s; at most %(limit)s.") % {
            "types": ACCEPTED_LABEL,
            "limit": filesizeformat(max_bytes()),
        }
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.webp"
        )
        self.helper = form_helper()


class DocumentReviewForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Taxonomy topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Document
        fields = ["title", "kind", "summary", "relevance"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = _topics()
        self.fields["topics"].label_from_instance = lambda t: f"{t.dimension.name}: {t.name}"
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.all())
        self.fields["relevance"].widget = forms.RadioSelect(
            choices=[("", _("Not rated")), *Document.Relevance.choices]
        )
        self.helper = form_helper(_("Save review"))


class GuideForm(forms.ModelForm):
    class Meta:
        model = InterviewGuide
        fields = ["title", "language", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GuideQuestionForm(forms.ModelForm):
    class Meta:
        model = GuideQuestion
        fields = ["result_topic", "text"]
        # Each row is headed "Question 3", so the error summary need not say "Question" twice.
        labels = {"text": _("Text")}

    def has_changed(self) -> bool:
        # A new row counts only once it has question text: a topic or order number chosen
        # alone is ignored, as the help text above the rows promises. The formset skips rows
        # that have not changed, both in validation and in ordered_forms.
        if self.instance.pk is None:
            return bool((self["text"].value() or "").strip())
        return super().has_changed()


QuestionFormSet = modelformset_factory(
    GuideQuestion,
    form=GuideQuestionForm,
    fields=["result_topic", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    extra=2,
    can_delete=True,
    can_order=True,
)


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = [
            "interviewee_name",
            "interviewee_role",
            "department",
            "held_on",
            "interviewer",
            "guide",
            "state",
            "consent_given",
            "consent_note",
        ]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "guide": _("Its questions are copied into the interview when it is created."),
            "consent_note": _("For example: “orally at the start, notes and anonymous quotes”."),
        }

    def __init__(self, *args, interviewers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = interviewers
        self.fields["interviewer"].empty_label = _("Nobody yet")
        if self.instance.pk:
            # The questions were copied at creation; another guide would change nothing.
            del self.fields["guide"]
        else:
            self.fields["guide"].empty_label = _("No guide (free notes)")
        self.helper = form_helper(_("Save interview"))


class FindingForm(forms.ModelForm):
    topic = TopicChoiceField(
        label=_("Taxonomy topic"), queryset=Topic.objects.none(), required=False
    )

    class Meta:
        model = Finding
        fields = [
            "statement",
            "result_topic",
            "topic",
            "kind",
            "source",
            "interview",
            "document",
            "source_detail",
            "quote",
            "quote_attributed",
            "is_key",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics()
        self.fields["topic"].empty_label = _("No taxonomy topic")
        self.fields["interview"].queryset = Interview.objects.order_by("interviewee_name")
        self.fields["document"].queryset = Document.objects.order_by("title")
        self.fields["interview"].label = _("Interview")
        self.fields["document"].label = _("Document")
        self.helper = form_helper(_("Save finding"))


class NoteFindingForm(forms.ModelForm):
    """The short form next to an interview note: code a finding without leaving the page."""

    topic = TopicChoiceField(
        label=_("Taxonomy topic"), queryset=Topic.objects.none(), required=False
    )

    class Meta:
        model = Finding
        fields = ["statement", "result_topic", "topic", "kind", "quote", "quote_attributed"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics()
        self.fields["topic"].empty_label = _("No taxonomy topic")
        self.fields["quote"].required = False


class MaturityForm(forms.ModelForm):
    level = forms.TypedChoiceField(
        label=_("Maturity"),
        coerce=int,
        choices=[
            (1, _("1 – initial")),
            (2, _("2 – emerging")),
            (3, _("3 – defined")),
            (4, _("4 – managed")),
            (5, _("5 – optimised")),
        ],
        widget=forms.RadioSelect,
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("Findings it rests on"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MaturityRating
        fields = ["level", "rationale", "findings"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, findings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
        self.fields["findings"].label_from_instance = lambda f: (
            f"{f.statement} ({f.topic.name if f.topic else '–'}, {f.get_kind_display()})"
        )
        self.helper = form_helper(_("Save rating"))
