"""Signing in with e-mail and password on the consultancy's site, lockout, and signing out."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AuditEntry, SignIn
from tests.conftest import PASSWORD, persona

pytestmark = pytest.mark.django_db

WRONG = "Please enter a correct e-mail address and password."


def host(name: str = "localhost") -> Client:
    return Client(HTTP_HOST=name, HTTP_ACCEPT_LANGUAGE="en")


def log_in(client: Client, email: str, password: str = PASSWORD, next_url: str = ""):
    return client.post("/login/", {"username": email, "password": password, "next": next_url})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def hand_off(public: Client, slug: str = "alpha") -> Client:
    """Follow the consultancy site's link into a municipality; return that host's browser."""
    handoff_url = public.get(f"/go/{slug}/").url
    tenant = host(f"{slug}.localhost")
    assert tenant.get(handoff_url).status_code == 302
    return tenant


# --- Logging in ------------------------------------------------------------------------------


def test_login_with_email_and_password_starts_a_session_and_a_sign_in(alpha):
    client = host()

    response = log_in(client, "carla@example.org")

    assert response.status_code == 302
    assert response.url == "/"
    assert is_signed_in(client)
    sign_in = SignIn.objects.get(pk=client.session["sign_in"])
    assert (sign_in.user, sign_in.ended_at) == (persona("carla"), None)
    assert client.get("/").status_code == 200


def test_login_ignores_the_case_of_the_email(alpha):
    response = log_in(host(), "Carla@Example.org")

    assert response.status_code == 302


def test_login_is_audited_with_the_address_it_came_from(alpha):
    log_in(host(), "carla@example.org")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.actor_email, entry.ip_address) == (
        persona("carla"),
        "carla@example.org",
        "127.0.0.1",
    )


def test_login_page_sets_the_language_of_the_account(alpha):
    response = log_in(host(), "bert@example.org")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == persona("bert").language


def test_wrong_password_shows_a_message_and_signs_nobody_in(alpha):
    client = host()

    response = log_in(client, "carla@example.org", "not the password")

    assert response.status_code == 200
    assert response.content.decode().count(WRONG) == 1
    assert 'value="carla@example.org"' in response.content.decode()
    assert not is_signed_in(client)
    assert not SignIn.objects.filter(user=persona("carla")).exists()


def test_a_failed_login_is_audited_without_the_password(alpha):
    log_in(host(), "carla@example.org", "not the password")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert (entry.actor, entry.target, entry.ip_address) == (None, "carla@example.org", "127.0.0.1")
    assert "not the password" not in str(entry.details)


def test_a_deactivated_account_cannot_log_in(alpha):
    persona("mia").__class__.objects.filter(email="mia@example.org").update(is_active=False)

    response = log_in(host(), "mia@example.org")

    assert response.status_code == 200
    assert not SignIn.objects.filter(user__email="mia@example.org").exists()


def test_after_too_many_failures_even_the_right_password_is_refused(alpha):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = host()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "carla@example.org", "wrong").status_code == 200

    locked = log_in(client, "carla@example.org", "wrong")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    with_right_password = log_in(client, "carla@example.org")
    assert with_right_password.status_code == 429
    assert "Too many failed sign-in attempts" in with_right_password.content.decode()
    assert not is_signed_in(client)
    assert not SignIn.objects.filter(user=persona("carla")).exists()


def test_the_lockout_counts_every_spelling_of_the_address_as_one(alpha):
    client = host()
    spellings = ["carla@example.org", "Carla@example.org", "CARLA@EXAMPLE.ORG", "cArla@example.org"]
    for spelling in spellings:
        log_in(client, spelling, "wrong")

    assert log_in(client, "CarlA@example.org", "wrong").status_code == 429
    assert log_in(client, "carla@example.org").status_code == 429


def test_the_lockout_of_one_account_leaves_other_accounts_alone(alpha):
    client = host()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "carla@example.org", "wrong")

    assert log_in(client, "leo@example.org").status_code == 302


def test_failures_below_the_limit_are_forgotten_after_a_successful_login(alpha):
    client = host()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "carla@example.org", "wrong")
    assert log_in(client, "carla@example.org").status_code == 302
    client.post("/logout/")

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "carla@example.org", "wrong")

    assert log_in(client, "carla@example.org").status_code == 302


def test_the_session_cookie_is_http_only_and_same_site_lax(alpha):
    response = log_in(host(), "carla@example.org")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Host-only: the municipality hosts under localhost never receive it.
    assert cookie["domain"] == ""


def test_a_signed_in_visitor_to_the_login_page_goes_on(alpha):
    client = host()
    log_in(client, "carla@example.org")

    response = client.get("/login/")

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("next_url", ["https://evil.com/", "//evil.com", "http://other.localhost/"])
def test_login_never_redirects_to_a_foreign_site(alpha, next_url):
    response = log_in(host(), "carla@example.org", next_url=next_url)

    assert response.status_code == 302
    assert response.url == "/"


def test_login_redirects_to_a_page_of_the_same_site(alpha):
    response = log_in(host(), "fiona@example.org", next_url="/audit/")

    assert response.url == "/audit/"


# --- Logging out -----------------------------------------------------------------------------


def test_logout_must_be_a_post(alpha):
    client = host()
    log_in(client, "carla@example.org")

    assert client.get("/logout/").status_code == 405
    assert is_signed_in(client)


def test_logout_ends_the_session_the_sign_in_and_is_audited(alpha):
    client = host()
    log_in(client, "carla@example.org")
    sign_in_id = client.session["sign_in"]

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response.url == "http://localhost/login/"
    assert not is_signed_in(client)
    assert SignIn.objects.get(pk=sign_in_id).ended_at is not None
    assert client.get("/").status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGOUT)
    assert entry.actor == persona("carla")


def test_logout_on_the_consultancy_site_also_ends_the_handed_off_municipality_session(alpha):
    public = host()
    log_in(public, "carla@example.org")
    tenant = hand_off(public)
    assert tenant.get("/").status_code == 200

    public.post("/logout/")

    response = tenant.get("/")
    assert response.status_code == 302
    assert urlsplit(response.url).netloc == "localhost"
    assert parse_qs(urlsplit(response.url).query)["next"] == ["http://alpha.localhost/"]
    assert not is_signed_in(tenant)


def test_logout_on_a_municipality_host_also_ends_the_consultancy_session(alpha):
    public = host()
    log_in(public, "carla@example.org")
    tenant = hand_off(public)

    response = tenant.post("/logout/")

    assert response.status_code == 302
    assert response.url == "http://localhost/login/"
    assert public.get("/").status_code == 302
    assert not is_signed_in(public)


def test_logout_leaves_another_login_of_the_same_person_signed_in(alpha):
    # Logging out ends one sign-in (one password login and its hand-offs), not every session
    # the person has: the laptop's logout does not sign the phone out.
    laptop, phone = host(), host()
    log_in(laptop, "carla@example.org")
    log_in(phone, "carla@example.org")
    phone_in_alpha = hand_off(phone)

    laptop.post("/logout/")

    assert phone.get("/").status_code == 200
    assert phone_in_alpha.get("/").status_code == 200
    assert SignIn.objects.filter(user=persona("carla"), ended_at__isnull=True).count() == 1


def test_a_session_without_a_live_sign_in_is_ended(alpha):
    client = host()
    client.force_login(persona("carla"))

    response = client.get("/")

    assert response.status_code == 302
    assert not is_signed_in(client)


# --- Choosing a password ---------------------------------------------------------------------


def set_password_form(client: Client, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(f"/password/reset/{uid}/{token}/")
    assert response.status_code == 302
    return response.url


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1x", "password_too_short"),
        ("password1234", "password_too_common"),
        ("4829301756", "password_entirely_numeric"),
        ("carla@example", "password_too_similar"),
    ],
)
def test_setting_a_password_refuses_short_common_and_similar_ones(alpha, password, code):
    client = host()
    url = set_password_form(client, persona("carla"))

    response = client.post(url, {"new_password1": password, "new_password2": password})

    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2", code)
    carla = persona("carla")
    assert carla.check_password(PASSWORD)


def test_setting_a_good_password_replaces_the_old_one(alpha):
    client = host()
    url = set_password_form(client, persona("carla"))

    response = client.post(
        url, {"new_password1": "lantern orchard 2417", "new_password2": "lantern orchard 2417"}
    )

    assert response.status_code == 302
    assert response.url == "/login/"
    assert log_in(host(), "carla@example.org", "lantern orchard 2417").status_code == 302
