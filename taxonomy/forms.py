from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import form_helper

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
