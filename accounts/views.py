from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from engagements.models import Domain

from . import services
from .forms import AuditFilterForm, LoginForm, ProfileForm, StaffInviteForm
from .middleware import SESSION_KEY
from .permissions import (
    can_manage_staff,
    can_reach,
    can_read_audit_log,
    public_login_url,
    require_user,
)
from .selectors import audit_entries, firm_staff, municipality_site_url

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _after_login_url(request: HttpRequest, next_url: str) -> str:
    """Where to go after login: a page of this site, or a municipality's site via hand-off."""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    parts = urlsplit(next_url)
    domain = Domain.objects.filter(domain=parts.hostname or "").select_related("tenant").first()
    if domain and not domain.tenant.is_public:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return reverse("accounts:go", args=[domain.tenant.slug]) + "?" + urlencode({"next": path})
    return reverse(settings.LOGIN_REDIRECT_URL)


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated:
        return redirect(_after_login_url(request, next_url))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        request.session[SESSION_KEY] = str(services.sign_in_start(user=user, request=request).pk)
        response = redirect(_after_login_url(request, next_url))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.sign_in_end(
            sign_in_id=request.session.get(SESSION_KEY), user=request.user, request=request
        )
    logout(request)
    return HttpResponseRedirect(public_login_url(request))


def go_view(request: HttpRequest, slug: str) -> HttpResponse:
    """From the consultancy's site to a municipality's: issue a hand-off and redirect there."""
    if not request.user.is_authenticated:
        return redirect(
            f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
        )
    domain = (
        Domain.objects.filter(tenant__slug=slug, is_primary=True).select_related("tenant").first()
    )
    municipality = domain.tenant if domain else None
    if municipality is None or municipality.is_public or not can_reach(request.user, municipality):
        raise Http404
    token = services.handoff_issue(
        sign_in_id=request.session[SESSION_KEY],
        municipality=municipality,
        next_path=request.GET.get("next", "/"),
    )
    path = reverse("handoff", urlconf=settings.ROOT_URLCONF) + "?" + urlencode({"token": token})
    return HttpResponseRedirect(municipality_site_url(request, municipality, path))


def handoff_view(request: HttpRequest) -> HttpResponse:
    """On a municipality's site: spend the hand-off token, start a session, drop the token."""
    try:
        handoff = services.handoff_redeem(
            token=request.GET.get("token", ""), municipality=request.tenant
        )
    except ValidationError as error:
        return render(
            request,
            "accounts/handoff_invalid.html",
            {
                "message": error.messages[0],
                "login_url": public_login_url(request),
            },
            status=400,
        )
    user = handoff.sign_in.user
    login(request, user, backend=MODEL_BACKEND)
    request.session[SESSION_KEY] = str(handoff.sign_in_id)
    response = HttpResponseRedirect(handoff.next_path)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    return response


def language_view(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the account so other hosts follow it."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@require_user(can_read_audit_log)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    from engagements.selectors import municipalities_for

    form = AuditFilterForm(request.GET or None, municipalities=municipalities_for(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        municipality_id=filters["municipality"].pk if filters.get("municipality") else None,
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries.select_related("actor"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if request.GET and not form.is_valid():
        messages.error(request, _("Some filters were not understood and were ignored."))
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_user(can_manage_staff)
def team_view(request: HttpRequest) -> HttpResponse:
    """The consultancy's own staff: invite consultants, name administrators, deactivate."""
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.staff_invite(
                **form.cleaned_data, invited_by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(email)s was invited and gets a link to choose a password.")
                % {"email": invited.email},
            )
            return redirect("accounts:team")
    return render(request, "accounts/team.html", {"form": form, "staff": firm_staff()})


@require_POST
@require_user(can_manage_staff)
def staff_change_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(firm_staff(), pk=user_id)
    try:
        services.staff_update(
            user=user,
            is_active=request.POST.get("is_active") == "1",
            is_firm_admin=request.POST.get("is_firm_admin") == "1",
            changed_by=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was updated.") % {"name": user.full_name})
    return redirect("accounts:team")


@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    """A person's own account: name, language and password."""
    is_profile = "profile" in request.POST
    is_password = "password" in request.POST
    profile_form = ProfileForm(request.POST if is_profile else None, instance=request.user)
    password_form = PasswordChangeForm(request.user, request.POST if is_password else None)
    if is_profile and profile_form.is_valid():
        user = profile_form.save()
        messages.success(request, _("Your details were saved."))
        response = redirect("accounts:account")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    if is_password and password_form.is_valid():
        services.password_change(form=password_form, request=request)
        messages.success(request, _("Your password was changed. Other sessions were signed out."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {"profile_form": profile_form, "password_form": password_form},
    )
