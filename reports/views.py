from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, require
from phases.models import Phase

from . import selectors, services
from .forms import ReportRequestForm
from .models import KIND_OF_PHASE, ReportVersion


def _readable_kinds(request: HttpRequest) -> set[str]:
    return services.readable_kinds(request.user, request.tenant)


def _kind_of(number: int) -> str:
    """The document of phase `number`; 404 for a phase that has none (or does not exist).

    Asked before anything else, so another municipality's phase number is simply not found.
    """
    if number not in KIND_OF_PHASE:
        raise Http404
    get_object_or_404(Phase, number=number)
    return KIND_OF_PHASE[number]


def _back(number: int) -> HttpResponse:
    return redirect(f"{reverse('reports:index')}#report-{number}")


@require(Action.VIEW_ENGAGEMENT)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/index.html",
        {
            "documents": selectors.versions_by_kind(),
            "readable": _readable_kinds(request),
            "may_request": can(request.user, Action.REQUEST_REPORT, request.tenant),
            "form": ReportRequestForm(initial={"language": request.tenant.language}),
        },
    )


@require(Action.VIEW_ENGAGEMENT)
def status(request: HttpRequest, number: int) -> HttpResponse:
    """The document's card alone: the page polls it while a version is queued or building."""
    kind = _kind_of(number)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    document = next(d for d in selectors.versions_by_kind() if d.kind == kind)
    return render(
        request,
        "reports/snippets/document_card.html",
        {
            "document": document,
            "readable": _readable_kinds(request),
            "may_request": can(request.user, Action.REQUEST_REPORT, request.tenant),
            "form": ReportRequestForm(initial={"language": request.tenant.language}),
        },
    )


@require_POST
@require(Action.REQUEST_REPORT)
def report_request_view(request: HttpRequest, number: int) -> HttpResponse:
    kind = _kind_of(number)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the document."))
        return _back(number)
    try:
        version = services.report_request(
            kind=kind, actor=request.user, language=form.cleaned_data["language"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s of “%(document)s” is being built.")
            % {"number": version.number, "document": version.get_kind_display()},
        )
    return _back(number)


@require_POST
@require(Action.REQUEST_REPORT)
def report_retry_view(request: HttpRequest, number: int) -> HttpResponse:
    kind = _kind_of(number)
    version = (
        ReportVersion.objects.filter(kind=kind, state=ReportVersion.State.FAILED)
        .filter(number=request.POST.get("version") or 0)
        .first()
    )
    if version is None:
        messages.error(request, _("There is no failed version to build again."))
        return _back(number)
    try:
        services.report_retry(version=version, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Version %(number)s is being built again.") % {"number": version.number}
        )
    return _back(number)


@require(Action.VIEW_ENGAGEMENT)
def download(request: HttpRequest, number: int) -> HttpResponse:
    """A ready version's PDF (?version=N, else the newest), only ever from this municipality's
    own schema and folder; the files are never served from a public media URL."""
    kind = _kind_of(number)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if kind not in _readable_kinds(request):
        raise PermissionDenied
    ready = selectors.versions_of_phase(number).filter(state=ReportVersion.State.READY)
    wanted = request.GET.get("version", "")
    if wanted:
        if not (wanted.isascii() and wanted.isdigit()):
            raise Http404
        version = get_object_or_404(ready, number=int(wanted))
    else:
        version = ready.first()
        if version is None:
            messages.info(request, _("No version of this document is ready yet."))
            return _back(number)
    if not version.file:
        raise Http404
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=f"{request.tenant.slug}-{version.download_name}",
        content_type="application/pdf",
    )
