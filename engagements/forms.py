from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Create municipality")))

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
        ]
        widgets = {"brand_colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
