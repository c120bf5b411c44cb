import copy
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.form_pages import form_page
from accounts.permissions import Action, can, require

from . import selectors, services
from .forms import DimensionForm, TopicForm
from .models import Dimension, Topic


@require(Action.VIEW_ENGAGEMENT)
def taxonomy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/taxonomy.html",
        {
            "dimensions": selectors.dimensions_with_topics(),
            "may_edit": can(request.user, Action.EDIT_TAXONOMY, request.tenant),
        },
    )


def _edit(
    request: HttpRequest,
    form_class: type[ModelForm],
    instance: Model,
    save: Callable[[Model], Model],
) -> HttpResponse:
    # The form edits a copy: until the save succeeds, the heading shows the saved name.
    form = form_class(request.POST or None, instance=copy.copy(instance))
    return form_page(
        request,
        form,
        lambda: save(form.save(commit=False)),
        done=lambda saved: "taxonomy:index",
        template="taxonomy/form.html",
        context={"instance": instance},
        saved=_("Saved."),
    )


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


def _delete(request: HttpRequest, remove: Callable[[], None], name: str) -> HttpResponse:
    try:
        remove()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” was removed.") % {"title": name})
    return redirect("taxonomy:index")


@require_POST
@require(Action.EDIT_TAXONOMY)
def dimension_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dimension = get_object_or_404(Dimension, pk=pk)
    return _delete(
        request,
        lambda: services.dimension_delete(dimension=dimension, actor=request.user),
        dimension.name,
    )


@require_POST
@require(Action.EDIT_TAXONOMY)
def topic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.select_related("dimension"), pk=pk)
    return _delete(
        request, lambda: services.topic_delete(topic=topic, actor=request.user), topic.name
    )
