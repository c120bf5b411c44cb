from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper

from .models import Municipality


class MunicipalityCreateForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = [
            "name",
            "slug",
            "region",
            "population",
            "language",
            "contact_name",
            "contact_email",
        ]
        help_texts = {
            "language": _("Phases, activities and topics are seeded in this language."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].help_text = _(
            "Part of the web address, e.g. musterstadt gives %(example)s. Lower-case letters, "
            "digits and hyphens."
        ) % {"example": f"musterstadt.{settings.BASE_DOMAIN}"}
        self.helper = form_helper(_("Create municipality"), "create")

    def validate_unique(self) -> None:
        # Uniqueness of name and address is the provisioning service's rule (and message).
        pass


class MunicipalityProfileForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = [
            "name",
            "region",
            "population",
            "contact_name",
            "contact_email",
            "contact_phone",
            "brand_colour",
            "logo",
            "benchmarking_opt_in",
        ]
        widgets = {"brand_colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save"))


class PortfolioFilterForm(forms.Form):
    """The portfolio's filters and sort order, from the query string; bad values are ignored."""

    SORTS = [
        ("name", _("Name")),
        ("phase", _("Phase")),
        ("days", _("Longest in the phase")),
        ("overdue", _("Most overdue")),
        ("next", _("Next meeting")),
        ("response", _("Survey response rate")),
        ("roadmap", _("Roadmap progress")),
    ]

    phase = forms.TypedChoiceField(
        label=_("Phase"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All phases"))] + [(n, _("Phase %(n)s") % {"n": n}) for n in range(1, 5)],
    )
    consultant = forms.TypedChoiceField(
        label=_("Consultant"), required=False, coerce=int, empty_value=None
    )
    region = forms.ChoiceField(label=_("State / region"), required=False)
    overdue = forms.BooleanField(label=_("Only with overdue activities"), required=False)
    awaiting = forms.BooleanField(label=_("Only awaiting sign-off"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, regions: list[str], consultants: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [(r, r) for r in regions]
        self.fields["consultant"].choices = [("", _("All consultants"))] + [
            (user.pk, str(user)) for user in consultants
        ]

    def chosen(self) -> dict:
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        return {
            "phase": data.get("phase"),
            "consultant": data.get("consultant"),
            "region": data.get("region", ""),
            "overdue_only": data.get("overdue", False),
            "awaiting_sign_off": data.get("awaiting", False),
            "sort": data.get("sort") or "name",
        }
