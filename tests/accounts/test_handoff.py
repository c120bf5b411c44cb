"""Carrying a sign-in from the consultancy's site to a municipality's own host.

Session cookies are host-only, so each host gets its own test client here, as a browser would
keep separate cookies for localhost and alpha.localhost.
"""

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import HandoffToken, SignIn
from accounts.services import handoff_issue, handoff_redeem
from tests.conftest import PASSWORD, persona, signed_in_client

pytestmark = pytest.mark.django_db

INVALID = "This sign-in link is no longer valid. Please sign in again."


def host(name: str) -> Client:
    return Client(HTTP_HOST=name, HTTP_ACCEPT_LANGUAGE="en")


def go(client: Client, slug: str = "alpha", next_path: str | None = None) -> str:
    """Ask the consultancy's site for a hand-off and return the token it issued."""
    response = client.get(f"/go/{slug}/", {"next": next_path} if next_path is not None else {})
    assert response.status_code == 302, response
    target = urlsplit(response.url)
    assert (target.scheme, target.netloc, target.path) == ("http", f"{slug}.localhost", "/handoff/")
    query = parse_qs(target.query)
    assert list(query) == ["token"]
    return query["token"][0]


def redeem(token: str, on: str = "alpha.localhost") -> tuple[Client, object]:
    client = host(on)
    return client, client.get("/handoff/", {"token": token})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- The way there ---------------------------------------------------------------------------


def test_go_redirects_a_consultant_to_the_municipality_host_with_a_token(alpha):
    response = signed_in_client(persona("carla")).get("/go/alpha/")

    assert response.status_code == 302
    assert response.url.startswith("http://alpha.localhost/handoff/?token=")


def test_following_the_hand_off_signs_in_on_the_municipality_host(alpha):
    token = go(signed_in_client(persona("carla")))

    client, response = redeem(token)

    assert response.status_code == 302
    assert response.url == "/"
    overview = client.get("/")
    assert overview.status_code == 200
    assert overview.context["user"] == persona("carla")
    assert is_signed_in(client)


def test_hand_off_lands_on_the_next_path_without_the_token(alpha):
    token = go(signed_in_client(persona("carla")), next_path="/taxonomy/")

    client, response = redeem(token)

    assert response.url == "/taxonomy/"
    assert "token" not in response.url
    assert client.get(response.url).status_code == 200


def test_the_municipality_session_belongs_to_the_same_sign_in(alpha):
    public = signed_in_client(persona("carla"))
    client, _response = redeem(go(public))

    assert client.session["sign_in"] == public.session["sign_in"]


def test_the_session_cookie_on_the_municipality_host_is_host_only(alpha):
    _client, response = redeem(go(signed_in_client(persona("carla"))))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_firm_admin_is_handed_off_to_any_municipality(beta):
    client, response = redeem(go(signed_in_client(persona("fiona")), "beta"), on="beta.localhost")

    assert response.status_code == 302
    assert client.get("/").context["user"] == persona("fiona")


@pytest.mark.parametrize("slug", ["beta", "nowhere", "public"])
def test_go_to_a_municipality_without_a_role_there_is_not_found(alpha, slug):
    response = signed_in_client(persona("carla")).get(f"/go/{slug}/")

    assert response.status_code == 404
    assert not HandoffToken.objects.exists()


def test_go_for_a_person_without_any_role_is_not_found(alpha):
    assert signed_in_client(persona("otto")).get("/go/alpha/").status_code == 404


def test_go_for_an_anonymous_visitor_asks_for_login_first(alpha):
    response = host("localhost").get("/go/alpha/", {"next": "/taxonomy/"})

    assert response.status_code == 302
    assert urlsplit(response.url).path == "/login/"
    (next_url,) = parse_qs(urlsplit(response.url).query)["next"]
    assert urlsplit(next_url).path == "/go/alpha/"
    assert parse_qs(urlsplit(next_url).query) == {"next": ["/taxonomy/"]}


# --- What a token cannot do ------------------------------------------------------------------


def test_a_token_works_once_and_then_shows_a_friendly_page(alpha):
    token = go(signed_in_client(persona("carla")))
    redeem(token)

    client, response = redeem(token)

    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert "http://localhost/login/" in response.content.decode()
    assert not is_signed_in(client)


def test_a_token_expires_after_the_hand_off_ttl(alpha):
    token = go(signed_in_client(persona("carla")))
    handoff = HandoffToken.objects.get()
    assert handoff.expires_at - timezone.now() <= settings.HANDOFF_TOKEN_TTL
    handoff.expires_at = timezone.now() - timedelta(seconds=1)
    handoff.save()

    client, response = redeem(token)

    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert not is_signed_in(client)


def test_a_token_is_valid_until_its_ttl_and_not_after(alpha):
    sign_in = SignIn.objects.create(user=persona("carla"))
    issued = timezone.now()
    token = handoff_issue(sign_in_id=str(sign_in.pk), municipality=alpha, next_path="/")

    with pytest.raises(ValidationError, match=INVALID):
        handoff_redeem(
            token=token,
            municipality=alpha,
            now=issued + settings.HANDOFF_TOKEN_TTL + timedelta(seconds=1),
        )
    spent = handoff_redeem(
        token=token, municipality=alpha, now=issued + settings.HANDOFF_TOKEN_TTL - timedelta(1e-3)
    )
    assert spent.used_at is not None


def test_a_token_for_one_municipality_fails_on_another_municipality_host(alpha, beta):
    # fiona may reach both, so only the host decides here.
    token = go(signed_in_client(persona("fiona")), "alpha")

    client, response = redeem(token, on="beta.localhost")

    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert not is_signed_in(client)


def test_a_token_of_a_sign_in_that_was_logged_out_fails(alpha):
    public = signed_in_client(persona("carla"))
    token = go(public)
    public.post("/logout/")

    _client, response = redeem(token)

    assert response.status_code == 400


def test_a_token_of_a_deactivated_account_fails(alpha):
    token = go(signed_in_client(persona("carla")))
    persona("carla").__class__.objects.filter(email="carla@example.org").update(is_active=False)

    _client, response = redeem(token)

    assert response.status_code == 400


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_a_missing_or_made_up_token_fails(alpha, token):
    _client, response = redeem(token)

    assert response.status_code == 400
    assert INVALID in response.content.decode()


def test_only_a_hash_of_the_token_is_stored(alpha):
    token = go(signed_in_client(persona("carla")))

    stored = list(HandoffToken.objects.values())

    assert len(stored) == 1
    assert stored[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for row in stored for value in row.values())


@pytest.mark.parametrize(
    "next_path",
    ["//evil.com", "http://evil.com", "https://evil.com/x", "evil.com", "javascript:alert(1)", ""],
)
def test_a_next_path_that_leaves_the_host_ends_on_the_overview(alpha, next_path):
    token = go(signed_in_client(persona("carla")), next_path=next_path)

    _client, response = redeem(token)

    assert response.status_code == 302
    assert response.url == "/"


def test_a_next_path_with_a_backslash_stays_on_the_municipality_host(alpha):
    # Browsers read "/\\evil.com" as "//evil.com"; the redirect must not let them.
    token = go(signed_in_client(persona("carla")), next_path="/\\evil.com")

    _client, response = redeem(token)

    assert urlsplit(response.url.replace("\\", "/")).netloc == ""


# --- Arriving at a municipality host without a session ---------------------------------------


def test_anonymous_visitor_on_a_municipality_host_is_sent_to_the_consultancy_login(alpha):
    response = host("alpha.localhost").get("/taxonomy/")

    assert response.status_code == 302
    target = urlsplit(response.url)
    assert (target.scheme, target.netloc, target.path) == ("http", "localhost", "/login/")
    assert parse_qs(target.query)["next"] == ["http://alpha.localhost/taxonomy/"]


def test_after_login_the_visitor_is_handed_off_back_to_the_page_they_asked_for(alpha):
    tenant = host("alpha.localhost")
    login_url = tenant.get("/taxonomy/").url
    public = host("localhost")
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]

    assert public.get(login_url).status_code == 200
    logged_in = public.post(
        "/login/", {"username": "carla@example.org", "password": PASSWORD, "next": next_url}
    )
    assert logged_in.status_code == 302
    assert logged_in.url == "/go/alpha/?next=%2Ftaxonomy%2F"
    handed_off = public.get(logged_in.url)
    assert handed_off.url.startswith("http://alpha.localhost/handoff/?token=")
    arrived = tenant.get(handed_off.url)
    assert arrived.url == "/taxonomy/"
    page = tenant.get(arrived.url)
    assert page.status_code == 200
    assert page.context["user"] == persona("carla")


def test_a_signed_in_person_without_a_role_there_gets_the_no_access_page(alpha):
    response = signed_in_client(persona("otto"), alpha).get("/")

    assert response.status_code == 403
    assert "You have no access to this page" in response.content.decode()


def test_a_consultant_of_another_municipality_gets_the_no_access_page(alpha):
    assert signed_in_client(persona("bert"), alpha).get("/").status_code == 403
