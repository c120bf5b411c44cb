from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Topic


class TextCodeForm(forms.Form):
    """A topic for one free text, named by its digest (surveys.services.coding)."""

    digest = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.select_related("dimension"),
        label=_("Topic"),
        empty_label=_("Choose a topic"),
        error_messages={"required": _("Choose a topic.")},
    )
