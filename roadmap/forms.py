from datetime import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper
from phases.models import CouncilSession, Meeting
from taxonomy.models import Topic

from .models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    PartnerComment,
    ProgressUpdate,
    RoadmapVersion,
    Workshop,
)
from .schedule import parse_quarter, quarter_end, quarter_label, quarter_start

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [("", "–")] + [(str(n), str(n)) for n in range(1, 6)]


class TopicChoice(forms.ModelChoiceField):
    def label_from_instance(self, topic: Topic) -> str:
        return f"{topic.dimension.name} · {topic.name}"


class TopicsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic: Topic) -> str:
        return f"{topic.dimension.name} · {topic.name}"


def _topics():
    return Topic.objects.select_related("dimension")


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "held_on", "dots_per_participant", "meeting"]
        widgets = {"held_on": DATE}
        help_texts = {
            "meeting": _("The workshop meeting with its agenda and participants, if planned."),
            "dots_per_participant": _("How many dots each participant may place (1 to 20)."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        taken = Workshop.objects.exclude(pk=self.instance.pk).exclude(meeting=None)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            kind=Meeting.Kind.WORKSHOP
        ).exclude(pk__in=taken.values("meeting"))
        self.fields["meeting"].empty_label = _("No meeting linked")
        self.helper = form_helper(_("Save workshop"))


class IdeaQuickForm(forms.ModelForm):
    """One line per idea: the consultant types, presses Enter, and types the next one."""

    topic = TopicChoice(queryset=_topics(), required=False, label=_("Topic"))

    class Meta:
        model = Idea
        fields = ["title", "topic"]
        widgets = {
            "title": forms.TextInput(
                attrs={"autofocus": True, "autocomplete": "off", "placeholder": _("Next idea…")}
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics()
        self.fields["topic"].empty_label = _("No topic yet")


class IdeaForm(forms.ModelForm):
    topic = TopicChoice(queryset=_topics(), required=False, label=_("Topic"))
    impact = forms.TypedChoiceField(
        label=_("Impact (1–5)"), choices=SCORES, coerce=int, empty_value=None, required=False
    )
    effort = forms.TypedChoiceField(
        label=_("Effort (1–5)"), choices=SCORES, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Idea
        fields = ["title", "description", "topic", "workshop", "source", "impact", "effort"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics()
        self.fields["topic"].empty_label = _("No topic yet")
        self.fields["workshop"].empty_label = _("Not from a workshop")
        self.helper = form_helper(_("Save idea"))


class PlacementForm(forms.Form):
    impact = forms.TypedChoiceField(
        label=_("Impact"), choices=SCORES, coerce=int, empty_value=None, required=False
    )
    effort = forms.TypedChoiceField(
        label=_("Effort"), choices=SCORES, coerce=int, empty_value=None, required=False
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Idea.objects.none(), label=_("Merge into"))

    def __init__(self, *args, idea: Idea, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Idea.objects.filter(merged_into__isnull=True).exclude(
            pk=idea.pk
        )


class ScheduleField(forms.CharField):
    """A quarter ("Q3 2027", "2027-Q3") or a date (YYYY-MM-DD)."""

    def __init__(self, *, end: bool, **kwargs) -> None:
        self.end = end
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("A quarter such as Q3 2027, or a date (YYYY-MM-DD)."))
        super().__init__(**kwargs)

    def clean(self, value: str):
        value = super().clean(value).strip()
        if not value:
            return None
        quarter = parse_quarter(value)
        if quarter:
            day = quarter_end(*quarter) if self.end else quarter_start(*quarter)
            return day, Measure.Precision.QUARTER
        day = parse_date(value) if len(value) == 10 else None
        if day is None:
            raise forms.ValidationError(
                _("Enter a quarter such as Q3 2027 or a date such as 2027-09-30.")
            )
        return day, Measure.Precision.DATE


def schedule_initial(measure: Measure, day) -> str:
    if day is None:
        return ""
    if measure.schedule_precision == Measure.Precision.QUARTER:
        return quarter_label(day)
    return day.isoformat()


class MeasureForm(forms.ModelForm):
    start = ScheduleField(end=False, label=_("Start"))
    end = ScheduleField(end=True, label=_("End"))
    topics = TopicsChoice(
        queryset=_topics(),
        required=False,
        label=_("Topics"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "goal",
            "description",
            "topics",
            "priority",
            "status",
            "owner_department",
            "partners",
            "start",
            "end",
            "depends_on",
            "effort_estimate",
            "cost_estimate",
            "kpi",
            "kpi_target",
            "council_sessions",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "depends_on": forms.SelectMultiple(attrs={"size": 6}),
            "council_sessions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "depends_on": _("Measures that must be finished before this one can start."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        measure = self.instance
        self.fields["topics"].queryset = _topics()
        self.fields["depends_on"].queryset = Measure.objects.exclude(pk=measure.pk).order_by(
            "title"
        )
        self.fields["partners"].queryset = ITPartner.objects.all()
        self.fields["council_sessions"].queryset = CouncilSession.objects.all()
        if measure.pk:
            self.initial["start"] = schedule_initial(measure, measure.starts_on)
            self.initial["end"] = schedule_initial(measure, measure.ends_on)
        self.helper = form_helper(_("Save measure"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end[0] < start[0]:
            self.add_error("end", _("The end cannot be before the start."))
        return data

    def apply_schedule(self, measure: Measure) -> Measure:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        measure.starts_on = start[0] if start else None
        measure.ends_on = end[0] if end else None
        precisions = {value[1] for value in (start, end) if value}
        measure.schedule_precision = (
            Measure.Precision.DATE
            if Measure.Precision.DATE in precisions
            else Measure.Precision.QUARTER
        )
        return measure


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ITPartner
        fields = ["name", "kind", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save IT partner"))


class PartnerCommentForm(forms.ModelForm):
    class Meta:
        model = PartnerComment
        fields = ["partner", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = ITPartner.objects.all()
        self.helper = form_helper(_("Record comment"))


class VersionForm(forms.ModelForm):
    class Meta:
        model = RoadmapVersion
        fields = ["name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"name": _("For example “First version after workshop 1”.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Freeze this version"))


DRAFT = "draft"


def _frozen_when(frozen_at: datetime) -> str:
    return formats.date_format(timezone.localtime(frozen_at), "SHORT_DATETIME_FORMAT")


class CompareForm(forms.Form):
    older = forms.ChoiceField(label=_("Compare"))
    newer = forms.ChoiceField(label=_("with"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Versions frozen under the same name before names had to differ are told apart by
        # when they were frozen.
        choices = [(DRAFT, _("Current draft"))] + [
            (str(pk), f"{name} ({_frozen_when(frozen_at)})")
            for pk, name, frozen_at in RoadmapVersion.objects.values_list("pk", "name", "frozen_at")
        ]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "percent_done", "note", "blocker"]
        widgets = {
            "reported_on": DATE,
            "percent_done": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "blocker": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The browser's date picker offers no later day; the service refuses one anyway.
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.helper = form_helper(_("Record progress"))


class CommunicationForm(forms.ModelForm):
    class Meta:
        model = CommunicationItem
        fields = [
            "audience",
            "key_message",
            "channel",
            "starts_on",
            "ends_on",
            "responsible",
            "measure",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "key_message": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].empty_label = _("The roadmap as a whole")
        self.helper = form_helper(_("Save"))


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["title", "notes", "chosen"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save instrument"))


class DebriefingForm(forms.ModelForm):
    class Meta:
        model = Debriefing
        fields = ["meeting", "version", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without the debriefings whose meeting was removed: a NULL in "NOT IN" hides every
        # meeting.
        taken = (
            Debriefing.objects.exclude(pk=self.instance.pk).exclude(meeting=None).values("meeting")
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(
            kind=Meeting.Kind.DEBRIEFING
        ).exclude(pk__in=taken)
        self.fields["meeting"].empty_label = _("No meeting linked")
        self.fields["version"].queryset = RoadmapVersion.objects.defer("snapshot")
        self.helper = form_helper(_("Save debriefing"))


class VoterNameForm(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to vote anonymously."),
    )
