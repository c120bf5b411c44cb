"""A person's own account page: name, language, password."""

from django.conf import settings
from django.test import Client

from accounts.models import AuditEntry
from tests.conftest import PASSWORD, browser_of, persona


def test_a_person_changes_their_name_and_language(db):
    browser = browser_of("leo")

    response = browser.post(
        "/account/", {"profile": "1", "full_name": "Leo Lindner", "language": "en"}
    )

    assert response.status_code == 302
    leo = persona("leo")
    assert (leo.full_name, leo.language) == ("Leo Lindner", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_empty_name_is_refused_and_nothing_changes(db):
    response = browser_of("leo").post(
        "/account/", {"profile": "1", "full_name": "", "language": "de"}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert persona("leo").full_name == "Leo"


def test_changing_the_password_keeps_this_session_and_ends_the_others(db):
    browser, phone = browser_of("leo"), browser_of("leo")

    response = browser.post(
        "/account/",
        {
            "password": "1",
            "old_password": PASSWORD,
            "new_password1": "a much longer secret 42",
            "new_password2": "a much longer secret 42",
        },
        follow=True,
    )

    assert "Your password was changed." in response.content.decode()
    assert persona("leo").check_password("a much longer secret 42")
    assert browser.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302
    assert AuditEntry.objects.filter(action="password_changed", actor=persona("leo")).exists()


def test_a_weak_or_wrong_password_change_is_refused(db):
    browser = browser_of("leo")
    for old, new in ((PASSWORD, "password"), ("not my password", "a much longer secret 42")):
        response = browser.post(
            "/account/",
            {"password": "1", "old_password": old, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
    assert persona("leo").check_password(PASSWORD)


def test_the_account_page_needs_a_sign_in(db):
    response = Client(HTTP_HOST="localhost").get("/account/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
