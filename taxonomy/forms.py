from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper

from . import services
from .models import Dimension, Topic


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save"))


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["dimension", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save"))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("dimension"):
            # The save asks the same; asked here first, the message sits on the name field and
            # replaces Django's generic one for the unique constraint on exact duplicates.
            services.topic_name_check(
                name=cleaned["name"], dimension=cleaned["dimension"], topic=self.instance
            )
        return cleaned
