import json

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper

from .models import LibraryTemplate


class StructureField(forms.CharField):
    """A JSON document typed into a text area."""

    widget = forms.Textarea(attrs={"rows": 18, "class": "font-monospace", "spellcheck": "false"})

    def to_python(self, value: str) -> object:
        value = super().to_python(value)
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s: %(problem)s).")
                % {"line": error.lineno, "column": error.colno, "problem": error.msg}
            ) from error

    def prepare_value(self, value: object) -> str:
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class VersionForm(forms.Form):
    structure = StructureField(
        label=_("Content (JSON)"),
        help_text=_(
            "Filled in with the current version: change it here. The structure is checked "
            "when you save, and nothing is lost if it is refused."
        ),
    )
    note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save as new version"))


class DecisionForm(forms.Form):
    decision_note = forms.CharField(
        label=_("Note on the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you decline: the consultant learns why."),
    )


class OfferForm(forms.Form):
    source = forms.ChoiceField(label=_("What do you offer?"), widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("It improves this library template"),
        queryset=LibraryTemplate.objects.none(),
        required=False,
        empty_label=_("None: it is new to the library"),
    )
    title = forms.CharField(label=_("Title in the library"), max_length=200)
    note = forms.CharField(
        label=_("What is better about it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The firm administrators read this when they decide."),
    )

    def __init__(self, *args, sources: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources
        self.fields["template"].queryset = LibraryTemplate.objects.order_by(
            "kind", "language", "title"
        )
        self.fields["template"].label_from_instance = lambda template: (
            f"{template.get_kind_display()}: {template.title} ({template.language})"
        )
        self.helper = form_helper(_("Offer to the library"), "offer")
