from itertools import groupby
from operator import attrgetter

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper
from phases.models import Activity
from taxonomy.models import Dimension, Topic

from ..models import MatrixRow, Option, Question, Section, Survey, SurveySettings, TargetGroup
from ..selectors import follow_up_answers, follow_up_scales
from ..services.mailing import next_working_morning


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title_de",
            "title_en",
            "intro_de",
            "intro_en",
            "invitation_de",
            "invitation_en",
            "signature_de",
            "signature_en",
            "paper_return_de",
            "paper_return_en",
            "primary_language",
            "translated",
            "closes_at",
            "remind_after_days",
            "automatic_reminders",
            "collect_departments",
            "activity",
        ]
        widgets = {
            "intro_de": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "invitation_de": forms.Textarea(attrs={"rows": 5}),
            "invitation_en": forms.Textarea(attrs={"rows": 5}),
            "paper_return_de": forms.Textarea(attrs={"rows": 2}),
            "paper_return_en": forms.Textarea(attrs={"rows": 2}),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Mostly Phase 2's online survey; a later wave may belong to an activity of
        # Implementation, measuring what the roadmap changed.
        activity = self.fields["activity"]
        activity.queryset = Activity.objects.select_related("phase").order_by(
            "phase__number", "position", "pk"
        )
        activity.label_from_instance = lambda choice: (
            gettext("Phase %(number)s: %(title)s")
            % {
                "number": choice.phase.number,
                "title": choice.title,
            }
        )
        activity.label = _("Activity this survey fulfils")
        activity.help_text = _("The activity shows the survey and its live response rate.")
        activity.empty_label = _("None")
        self.fields["invitation_en"].help_text = _(
            "A survey offered in German and English invites in both languages, the "
            "municipality's first. Without a letter in one of them, that part of the mail uses "
            "the standard words."
        )
        self.fields["automatic_reminders"].required = False
        self.helper = form_helper(_("Save survey"))

    def clean_automatic_reminders(self) -> int:
        # Left empty: as many as a survey has by default (one).
        number = self.cleaned_data["automatic_reminders"]
        return Survey.automatic_reminders.field.default if number is None else number

    def clean(self) -> dict:
        data = super().clean()
        language = data.get("primary_language") or "de"
        if not data.get(f"title_{language}"):
            self.add_error(f"title_{language}", _("The title in the primary language is required."))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_de", "title_en", "intro_de", "intro_en"]
        widgets = {
            "intro_de": forms.Textarea(attrs={"rows": 2}),
            "intro_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save section"))


class QuestionForm(forms.ModelForm):
    # Who is asked (groups, then the answer a follow-up follows) right after the question.
    field_order = [
        "kind",
        "text_de",
        "text_en",
        "help_de",
        "help_en",
        "section",
        "groups",
        "shown_if_options",
        "shown_if_scale",
        "shown_if_from",
        "shown_if_to",
    ]

    groups = forms.ModelMultipleChoiceField(
        label=_("Shown to"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to show the question to every group."),
    )
    shown_if_options = forms.ModelMultipleChoiceField(
        label=_("Ask only if one of these answers was chosen"),
        queryset=Option.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Makes this a follow-up, asked only of those who chose one of the ticked answers "
            "to a choice question before it (on this page or an earlier one; a page left with "
            "nothing to ask is skipped). Leave all unticked to ask everyone it is shown to."
        ),
    )
    options_de = forms.CharField(
        label=_("Options (German), one per line"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice."),
    )
    options_en = forms.CharField(
        label=_("Options (English), one per line, in the same order"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rows_de = forms.CharField(
        label=_("Matrix statements (German), one per line"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For matrix questions: each line is rated on the agreement scale."),
    )
    rows_en = forms.CharField(
        label=_("Matrix statements (English), one per line, in the same order"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text_de",
            "text_en",
            "help_de",
            "help_en",
            "required",
            "topic",
            "dimension",
            "allow_other",
            "max_choices",
            "counts_for_readiness",
            "section",
            "shown_if_scale",
            "shown_if_from",
            "shown_if_to",
            "key",
        ]
        widgets = {
            "text_de": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "help_de": forms.Textarea(attrs={"rows": 2}),
            "help_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = _(
            "Leave empty for one made from the text. Stays the same across waves."
        )
        self.fields["topic"].queryset = Topic.objects.select_related("dimension")
        self.fields["topic"].label_from_instance = lambda t: f"{t.dimension.name} › {t.name}"
        self.fields["topic"].help_text = _(
            "Tags the question with a taxonomy topic and its dimension."
        )
        self.fields["dimension"].queryset = Dimension.objects.all()
        self.fields["dimension"].help_text = _(
            "For a question about a whole dimension rather than one topic; "
            "a chosen topic sets its own dimension instead."
        )
        question = self.instance
        self.fields["section"].queryset = Section.objects.filter(survey_id=question.survey_id)
        self.fields["section"].label = _("Section (page)")
        self.fields["section"].help_text = _("Moved to another section, it goes to its end.")
        self.fields["section"].required = False  # left out, it stays where it is
        self._condition_fields(question)
        if question.pk:
            self.fields["groups"].initial = list(question.groups.all())
            options = list(Option.objects.filter(question=question))
            rows = list(MatrixRow.objects.filter(question=question))
            self.fields["options_de"].initial = "\n".join(o.label_de for o in options)
            self.fields["options_en"].initial = "\n".join(o.label_en for o in options)
            self.fields["rows_de"].initial = "\n".join(r.label_de for r in rows)
            self.fields["rows_en"].initial = "\n".join(r.label_en for r in rows)
        self.helper = form_helper(_("Save question"))

    def _condition_fields(self, question: Question) -> None:
        """Whom a follow-up is for: answers to a choice question, or a range of a scale, before
        it. Left out where there is nothing before it to follow."""
        answers = follow_up_answers(question)
        followed = question.followed_options
        if answers or followed:
            field = self.fields["shown_if_options"]
            field.queryset = answers
            field.initial = followed
            # Under each question its answers, rather than the question on every line.
            field.widget.choices = [
                (Truncator(question.text).chars(100), [(o.pk, o.label) for o in options])
                for question, options in groupby(answers, key=attrgetter("question"))
            ]
        else:
            del self.fields["shown_if_options"]
        scales = follow_up_scales(question)
        if scales or question.shown_if_scale_id:
            field = self.fields["shown_if_scale"]
            field.queryset = scales
            field.label_from_instance = lambda scale: Truncator(scale.text).chars(80)
            field.empty_label = _("No scale (not a follow-up of a scale)")
            field.help_text = _(
                "Or makes this a follow-up of an agreement or rating question before it, asked "
                "only of those whose answer lies in the range below, such as “why?” for the "
                "lower ratings."
            )
            self.fields["shown_if_from"].help_text = _(
                "Agreement: 1 = strongly disagree to 5 = strongly agree (“don't know” lies in "
                "no range). Rating: 0 to 10. Both ends count."
            )
            for name in ("shown_if_from", "shown_if_to"):
                self.fields[name].widget.attrs.update(
                    {"min": 0, "max": 10, "class": "ww-input-number"}
                )
        else:
            for name in ("shown_if_scale", "shown_if_from", "shown_if_to"):
                del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("text_de") or data.get("text_en")):
            self.add_error("text_de", _("Write the question in at least one language."))
        if len({option.question_id for option in data.get("shown_if_options") or []}) > 1:
            self.add_error(
                "shown_if_options",
                _("A follow-up follows one question: tick answers to one question only."),
            )
        if "shown_if_scale" in self.fields:
            self._check_scale_condition(data)
        return data

    def followed_answers(self) -> list[Option] | None:
        """The answers ticked; None where the form offered none to tick (nothing changes)."""
        if "shown_if_options" not in self.fields:
            return None
        return list(self.cleaned_data["shown_if_options"])

    def _check_scale_condition(self, data: dict) -> None:
        scale = data.get("shown_if_scale")
        low, high = data.get("shown_if_from"), data.get("shown_if_to")
        if scale is not None and data.get("shown_if_options"):
            self.add_error(
                "shown_if_scale",
                _("A follow-up follows one thing: an answer or a range of a scale, not both."),
            )
        elif scale is not None and (low is None or high is None):
            if "shown_if_from" not in self.errors and "shown_if_to" not in self.errors:
                self.add_error(
                    "shown_if_from", _("Give the range of answers that lead to this question.")
                )
        elif scale is None and (low is not None or high is not None):
            self.add_error("shown_if_scale", _("Choose the scale that range is of."))
        elif scale is not None and low > high:
            self.add_error("shown_if_to", _("The range ends below where it starts."))

    def clean_section(self) -> Section:
        return self.cleaned_data["section"] or self.instance.section

    def clean_options_de(self) -> str:
        return self._lines_that_fit("options_de", Option)

    def clean_options_en(self) -> str:
        return self._lines_that_fit("options_en", Option)

    def clean_rows_de(self) -> str:
        return self._lines_that_fit("rows_de", MatrixRow)

    def clean_rows_en(self) -> str:
        return self._lines_that_fit("rows_en", MatrixRow)

    def _lines_that_fit(self, name: str, model: type[Option] | type[MatrixRow]) -> str:
        # Named by line: the box holds many labels, and the consultant must find the long one.
        text = self.cleaned_data[name]
        limit = model._meta.get_field("label_de").max_length
        errors = [
            forms.ValidationError(
                gettext("Line %(line)s has %(length)s characters; at most %(limit)s fit.")
                % {"line": number, "length": len(line.strip()), "limit": limit}
            )
            for number, line in enumerate(text.splitlines(), start=1)
            if len(line.strip()) > limit
        ]
        if errors:
            raise forms.ValidationError(errors)
        return text


class RecipientUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Recipient list (CSV)"),
        help_text=_(
            "UTF-8 CSV with a header line: email, group, and optionally department. "
            "Groups by key or name (e.g. employees, citizens). Separated by comma or semicolon."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Check and import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class RecipientAddressForm(forms.Form):
    # The service checks the address, with the same words as for a recipient list.
    email = forms.CharField(label=_("Corrected e-mail address"), widget=forms.EmailInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save the address"))


class InvitationScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send them at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Choose a day and a time."),
            "invalid": _("Choose a day and a time."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].initial = timezone.localtime(next_working_morning())


class OpenLinkForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=TargetGroup.objects.all(),
        empty_label=_("Choose a group"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = ["name_de", "name_en", "key"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].help_text = _("Short name used in recipient lists, e.g. “council”.")
        self.helper = form_helper(_("Add group"), name="add_group")


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = SurveySettings
        fields = [
            "min_group_size",
            "email_retention_days",
            "paper_late_days",
            "privacy_officer",
            "privacy_addition_de",
            "privacy_addition_en",
            "accessibility_contact",
            "accessibility_addition_de",
            "accessibility_addition_en",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "privacy_addition_de",
                "privacy_addition_en",
                "accessibility_addition_de",
                "accessibility_addition_en",
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save settings"))
