from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can_curate_library, can_use_library, require, require_user

from . import offers, selectors, services
from .forms import DecisionForm, OfferForm, VersionForm
from .models import Kind, TemplateProposal


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_user(can_use_library)
def index(request: HttpRequest) -> HttpResponse:
    templates = list(selectors.library_templates())
    kinds = [(label, [t for t in templates if t.kind == kind]) for kind, label in Kind.choices]
    return render(
        request,
        "library/index.html",
        {
            "kinds": kinds,
            "is_empty": not templates,
            "pending": selectors.proposals(pending_only=True).count(),
            "may_curate": can_curate_library(request.user),
            "consulted": selectors.consulted_municipalities(request.user),
        },
    )


@require_POST
@require_user(can_curate_library)
def import_method(request: HttpRequest) -> HttpResponse:
    added = services.library_import_method(actor=request.user)
    messages.success(request, _("%(count)s templates taken from the method.") % {"count": added})
    return redirect("library:index")


@require_user(can_use_library)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(selectors.library_templates(), pk=pk)
    versions = list(selectors.template_versions(template))
    may_curate = can_curate_library(request.user)
    form = None
    if request.method == "POST":
        if not may_curate:
            raise PermissionDenied
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                version = services.template_version_add(
                    template=template,
                    structure=form.cleaned_data["structure"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Version %(number)s is now current.") % {"number": version.number}
                )
                return redirect("library:template", pk=template.pk)
    elif may_curate and versions:
        form = VersionForm(initial={"structure": versions[0].structure})
    return render(
        request,
        "library/template_detail.html",
        {
            "template": template,
            "current": versions[0] if versions else None,
            "versions": versions,
            "form": form,
            "proposals": selectors.proposals().filter(template=template),
        },
    )


@require_user(can_use_library)
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/proposals.html",
        {"proposals": selectors.proposals(), "may_curate": can_curate_library(request.user)},
    )


@require_user(can_use_library)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals(), pk=pk)
    current = None
    if proposal.template is not None:
        current = selectors.template_versions(proposal.template).first()
    return render(
        request,
        "library/proposal_detail.html",
        {
            "proposal": proposal,
            "current": current,
            "form": DecisionForm(),
            "may_decide": can_curate_library(request.user)
            and proposal.status == TemplateProposal.Status.PENDING,
        },
    )


@require_POST
@require_user(can_curate_library)
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals(), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("decision_note", "")
    try:
        if "accept" in request.POST:
            version = services.proposal_accept(proposal=proposal, actor=request.user, note=note)
            messages.success(
                request,
                _("Accepted: version %(number)s of “%(title)s” is now current.")
                % {"number": version.number, "title": version.template.title},
            )
            return redirect("library:template", pk=version.template_id)
        services.proposal_decline(proposal=proposal, actor=request.user, note=note)
    except ValidationError as error:
        _flash(request, error)
        return redirect("library:proposal", pk=pk)
    messages.success(request, _("Declined. The consultant can read your note."))
    return redirect("library:proposals")


# --- The municipality's site: offering a template ---------------------------------------------


@require(Action.OFFER_TEMPLATE)
def offer(request: HttpRequest) -> HttpResponse:
    sources = offers.offerable(request.tenant)
    form = OfferForm(request.POST or None, sources=[(s.key, s.label) for s in sources])
    if request.method == "POST" and form.is_valid():
        source = next(s for s in sources if s.key == form.cleaned_data["source"])
        try:
            services.proposal_submit(
                municipality=request.tenant,
                actor=request.user,
                kind=source.kind,
                title=form.cleaned_data["title"],
                language=source.language,
                structure=source.structure(),
                note=form.cleaned_data["note"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The firm administrators will decide whether the library takes it."),
            )
            return redirect("library_offer:offer")
    return render(
        request,
        "library/offer.html",
        {
            "form": form,
            "offered": selectors.proposals().filter(municipality=request.tenant),
        },
    )
