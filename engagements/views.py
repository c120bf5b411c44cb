from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.forms import MemberForm, RoleForm
from accounts.models import Membership
from accounts.permissions import (
    Action,
    can,
    can_create_municipality,
    can_use_library,
    require,
    require_user,
)
from accounts.selectors import members_of

from .benchmarks import benchmark_for
from .forms import MunicipalityCreateForm, MunicipalityProfileForm, PortfolioFilterForm
from .selectors import (
    PortfolioFilter,
    due_items_for,
    municipalities_for,
    portfolio_filter_choices,
    portfolio_municipalities,
    portfolio_rows,
    week_end,
)
from .services import municipality_create, municipality_update


def logo_response(municipality) -> HttpResponse:
    if not municipality.logo:
        raise Http404
    return FileResponse(municipality.logo.open("rb"))


PORTFOLIO_PAGE_SIZE = 25


def unknown_host(request: HttpRequest, hostname: str = "") -> HttpResponse:
    return render(request, "404.html", {"unknown_host": True}, status=404)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    choices = portfolio_filter_choices(request.user)
    form = PortfolioFilterForm(request.GET or None, **choices)
    chosen = PortfolioFilter(**form.chosen()) if request.GET else PortfolioFilter()
    # A page at a time: however many engagements the firm runs, the page costs the same.
    page = Paginator(portfolio_municipalities(request.user, chosen), PORTFOLIO_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = portfolio_rows(page.object_list)
    return render(
        request,
        "engagements/portfolio.html",
        {
            "rows": rows,
            "page": page,
            "municipalities": [row.municipality for row in rows],
            "form": form,
            "chosen": chosen,
            "filtered": any(key != "page" for key in request.GET),
            "due_preview": list(due_items_for(request.user)[:6])
            if can_use_library(request.user)
            else None,
            "today": timezone.localdate(),
        },
    )


@require_user(can_use_library)
def due_this_week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "engagements/due.html",
        {
            "items": due_items_for(request.user, today=today),
            "today": today,
            "until": week_end(today),
        },
    )


@require(Action.VIEW_BENCHMARK)
def benchmark(request: HttpRequest) -> HttpResponse:
    municipality = request.tenant
    return render(
        request,
        "engagements/benchmark.html",
        {"benchmark": benchmark_for(municipality), "municipality": municipality},
    )


@require_user(can_create_municipality)
def municipality_create_view(request: HttpRequest) -> HttpResponse:
    form = MunicipalityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = municipality_create(
                **form.cleaned_data, created_by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is ready: engagement, phases and taxonomy are set up.")
                % {"name": municipality.name},
            )
            return redirect("engagements:detail", slug=municipality.slug)
    return render(request, "engagements/municipality_form.html", {"form": form})


def _municipality_for(request: HttpRequest, slug: str, action: Action):
    municipality = get_object_or_404(municipalities_for(request.user), slug=slug)
    if not can(request.user, action, municipality):
        raise PermissionDenied
    return municipality


@login_required
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_for(request, slug, Action.VIEW_ENGAGEMENT)
    may_edit = can(request.user, Action.EDIT_MUNICIPALITY, municipality)
    form = MunicipalityProfileForm(
        request.POST or None, request.FILES or None, instance=municipality
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            municipality_update(
                municipality=form.save(commit=False),
                changed=form.changed_data,
                actor=request.user,
                request=request,
            )
            messages.success(request, _("Saved."))
            return redirect("engagements:detail", slug=slug)
    return render(
        request,
        "engagements/municipality_detail.html",
        {
            "municipality": municipality,
            "form": form if may_edit else None,
            "members": members_of(municipality),
            "may_manage_members": can(request.user, Action.MANAGE_MEMBERS, municipality),
            "member_form": MemberForm(),
            "role_choices": Membership._meta.get_field("role").choices,
        },
    )


@login_required
def municipality_logo(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_for(request, slug, Action.VIEW_ENGAGEMENT)
    return logo_response(municipality)


@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality_for(request, slug, Action.MANAGE_MEMBERS)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = account_services.membership_grant(
                municipality=municipality,
                granted_by=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(email)s was added.") % {"email": membership.user.email})
            return redirect("engagements:detail", slug=slug)
    return render(
        request, "engagements/member_form.html", {"municipality": municipality, "form": form}
    )


@require_POST
@login_required
def member_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    municipality = _municipality_for(request, slug, Action.MANAGE_MEMBERS)
    membership = get_object_or_404(members_of(municipality), pk=membership_id)
    if "remove" in request.POST:
        account_services.membership_revoke(
            membership=membership, revoked_by=request.user, request=request
        )
        messages.success(
            request, _("%(email)s no longer has a role here.") % {"email": membership.user.email}
        )
        return redirect("engagements:detail", slug=slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        account_services.membership_change_role(
            membership=membership,
            role=form.cleaned_data["role"],
            changed_by=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role changed."))
    return redirect("engagements:detail", slug=slug)


@require(Action.VIEW_ENGAGEMENT)
def tenant_logo(request: HttpRequest) -> HttpResponse:
    return logo_response(request.tenant)
