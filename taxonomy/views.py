from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, require

from . import services
from .forms import DimensionForm, TopicForm
from .models import Dimension, Topic


@require(Action.VIEW_ENGAGEMENT)
def taxonomy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/taxonomy.html",
        {
            "dimensions": Dimension.objects.prefetch_related("topics"),
            "may_edit": can(request.user, Action.EDIT_TAXONOMY, request.tenant),
        },
    )


def _edit(request: HttpRequest, form_class: type[ModelForm], instance: Model, save) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("taxonomy:index")
    return render(request, "taxonomy/form.html", {"form": form, "instance": instance})


@require(Action.EDIT_TAXONOMY)
def dimension_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    dimension = get_object_or_404(Dimension, pk=pk) if pk else Dimension()
    return _edit(request, DimensionForm, dimension, lambda d: services.dimension_save(dimension=d))


@require(Action.EDIT_TAXONOMY)
def topic_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk) if pk else Topic()
    dimension_id = request.GET.get("dimension", "")
    if not pk and dimension_id.isdecimal():
        topic.dimension = Dimension.objects.filter(pk=dimension_id).first()
    return _edit(request, TopicForm, topic, lambda t: services.topic_save(topic=t))


@require_POST
@require(Action.EDIT_TAXONOMY)
def dimension_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.dimension_delete(dimension=get_object_or_404(Dimension, pk=pk), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("taxonomy:index")


@require_POST
@require(Action.EDIT_TAXONOMY)
def topic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.topic_delete(topic=get_object_or_404(Topic, pk=pk), actor=request.user)
    return redirect("taxonomy:index")
