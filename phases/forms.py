from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper

from .models import Activity


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "skip_reason",
            "required_for_gate",
            "notes",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "skip_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "skip_reason": _("Required when a gate-relevant activity is skipped."),
            "required_for_gate": _("The phase can only be submitted once this is done or skipped."),
        }

    def __init__(self, *args, owners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Nobody yet")
        self.helper = form_helper(_("Save activity"))


class GateCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # At the sign-off: the version of the phase's document the lead reviewed (reports app).
    report_version = forms.IntegerField(required=False)
