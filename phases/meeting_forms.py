"""Forms for meetings, their participants, decisions and follow-up tasks, and council sessions."""

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.forms import form_helper

from .models import Activity, CouncilSession, Decision, Meeting, Participant, Phase

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _formfield(field: models.Field, **kwargs) -> forms.Field | None:
    # A link typed without a scheme ("meet.example.org/raum") is taken as https, not http.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = staticmethod(_formfield)
        fields = [
            "kind",
            "title",
            "activity",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "organiser",
            "agenda",
            "minutes",
        ]
        widgets = {
            "starts_at": _DateTimeInput(),
            "ends_at": _DateTimeInput(),
            "online_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "activity": _("The activity of this phase that the meeting carries out."),
            "place": _("Room and address, if the meeting takes place in person."),
            "online_url": _("The video-conference link, if the meeting takes place online."),
            "agenda": _("One item per line."),
            "minutes": _(
                "What was discussed. Decisions and follow-up tasks are recorded on the "
                "meeting's page."
            ),
        }

    def __init__(self, *args, phase: Phase, organisers: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]
        self.fields["ends_at"].input_formats = [DATETIME_FORMAT]
        self.fields["activity"].queryset = phase.activities.order_by("position", "id")
        self.fields["activity"].empty_label = _("Not linked to an activity")
        self.fields["organiser"].queryset = organisers
        self.fields["organiser"].empty_label = _("Nobody yet")
        self.helper = form_helper()

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class ParticipantForm(forms.ModelForm):
    prefix = "participant"

    class Meta:
        model = Participant
        fields = ["user", "name", "role", "department", "organisation", "email", "attended"]
        help_texts = {
            "user": _("Optional: link the person to their Wegweiser account."),
            "email": _("Optional."),
        }

    def __init__(self, *args, accounts: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].empty_label = _("No account")
        # A linked account can supply the name; the model still insists on one.
        self.fields["name"].required = False
        self.helper = form_helper()

    def clean(self) -> dict:
        cleaned = super().clean()
        user = cleaned.get("user")
        if not cleaned.get("name"):
            if user is None:
                self.add_error("name", _("Enter the person's name or choose their account."))
            else:
                cleaned["name"] = user.full_name or user.email
                self.instance.name = cleaned["name"]
        if user is not None and not cleaned.get("email") and "email" not in self.errors:
            cleaned["email"] = user.email
            self.instance.email = user.email
        return cleaned


class DecisionForm(forms.ModelForm):
    prefix = "decision"

    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class FollowUpForm(forms.ModelForm):
    """A follow-up task agreed in a meeting; it becomes an activity of the meeting's phase."""

    prefix = "task"

    class Meta:
        model = Activity
        fields = ["title", "description", "owner", "due_date"]
        labels = {"title": _("Task")}
        widgets = {"due_date": _DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, owners: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Nobody yet")
        self.helper = form_helper()


class CouncilSessionForm(forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = [
            "body",
            "held_on",
            "agenda_item",
            "outcome",
            "resolution",
            "document_reference",
            "phase",
            "meeting",
        ]
        widgets = {"held_on": _DateInput(), "resolution": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "body": _("For example “Stadtrat” or “Hauptausschuss”."),
            "resolution": _("The wording of the resolution, or what the body took note of."),
            "phase": _(
                "The phase the session was about; leave empty if it concerned the whole engagement."
            ),
            "meeting": _("Optional: the meeting in which the engagement was presented."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].empty_label = _("The whole engagement")
        self.fields["meeting"].empty_label = _("Not linked to a meeting")
        self.fields["meeting"].queryset = Meeting.objects.select_related("phase").order_by(
            "-starts_at"
        )
        self.helper = form_helper()
