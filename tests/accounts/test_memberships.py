"""Giving people a role in a municipality, changing it and taking it away, from its profile page."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import AuditEntry, Membership, Role, User
from tests.conftest import browser_of, persona, signed_in_client

pytestmark = pytest.mark.django_db

ADD = "/municipalities/alpha/members/new/"


def membership_of(name: str, slug: str = "alpha") -> Membership:
    return Membership.objects.get(user=persona(name), municipality__slug=slug)


def change_url(membership: Membership) -> str:
    return f"/municipalities/alpha/members/{membership.pk}/"


def audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


# --- Adding ----------------------------------------------------------------------------------


def test_consultant_gives_an_existing_account_a_role_without_an_invitation(
    alpha, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("carla").post(
            ADD, {"email": " OTTO@Example.org ", "full_name": "", "role": Role.MEMBER}, follow=True
        )

    assert response.redirect_chain == [("/municipalities/alpha/", 302)]
    assert "otto@example.org was added." in response.content.decode()
    assert membership_of("otto").role == Role.MEMBER
    assert User.objects.filter(email__iexact="otto@example.org").count() == 1
    assert mail.outbox == []
    (entry,) = audit(AuditEntry.Action.MEMBERSHIP_GRANTED)
    assert (entry.actor, entry.target, entry.details) == (
        persona("carla"),
        "otto@example.org",
        {"role": "member"},
    )
    assert entry.municipality_id == alpha.pk


def test_a_new_person_gets_an_account_without_password_and_an_invitation_that_works(
    alpha, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("carla").post(
            ADD, {"email": "Nora.Neu@example.org", "full_name": "Nora Neu", "role": Role.LEAD}
        )

    assert response.status_code == 302
    nora = User.objects.get(email="nora.neu@example.org")
    assert nora.full_name == "Nora Neu"
    assert not nora.has_usable_password()
    assert not nora.is_firm_staff
    assert membership_of("nora.neu").role == Role.LEAD

    (invitation,) = mail.outbox
    assert invitation.to == ["nora.neu@example.org"]
    link = re.search(r"http://localhost(/password/reset/\S+/)", invitation.body)
    assert link, invitation.body

    # Nora follows the link on the consultancy's site and chooses her password.
    nora_browser = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    opened = nora_browser.get(link.group(1))
    assert opened.status_code == 302
    form_page = nora_browser.get(opened.url)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    new_password = "lantern orchard 2417"
    chosen = nora_browser.post(
        opened.url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert chosen.status_code == 302
    assert chosen.url == "/login/"

    nora.refresh_from_db()
    assert nora.check_password(new_password)
    signed_in = nora_browser.post(
        "/login/", {"username": "nora.neu@example.org", "password": new_password}
    )
    assert signed_in.status_code == 302
    # The link was for one use: it is spent once the password is set.
    assert not Client(HTTP_HOST="localhost").get(opened.url).context["validlink"]


def test_adding_someone_who_already_has_a_role_says_so_and_changes_nothing(alpha):
    response = browser_of("carla").post(
        ADD, {"email": "leo@example.org", "full_name": "", "role": Role.MEMBER}
    )

    assert response.status_code == 200
    message = "leo@example.org already has a role in Altstadt."
    assert message in response.context["form"].non_field_errors()
    assert message in response.content.decode()
    assert membership_of("leo").role == Role.LEAD
    assert audit(AuditEntry.Action.MEMBERSHIP_GRANTED) == []


NOT_STAFF = "Only staff of the consultancy can be consultants on an engagement."


def test_a_person_outside_the_firm_cannot_be_made_consultant(alpha):
    response = browser_of("carla").post(
        ADD, {"email": "otto@example.org", "full_name": "", "role": Role.CONSULTANT}
    )

    assert response.status_code == 200
    assert NOT_STAFF in response.context["form"].errors["role"]
    assert NOT_STAFF in response.content.decode()
    assert not Membership.objects.filter(user=persona("otto")).exists()
    assert audit(AuditEntry.Action.MEMBERSHIP_GRANTED) == []


def test_a_refused_consultant_role_for_a_new_person_leaves_no_account_and_sends_no_mail(
    alpha, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("carla").post(
            ADD, {"email": "new@example.org", "full_name": "New", "role": Role.CONSULTANT}
        )

    assert response.status_code == 200
    assert NOT_STAFF in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
    assert mail.outbox == []


def test_staff_of_the_firm_can_be_made_consultant_of_another_municipality(alpha):
    response = browser_of("carla").post(
        ADD, {"email": "bert@example.org", "full_name": "", "role": Role.CONSULTANT}
    )

    assert response.status_code == 302
    assert membership_of("bert").role == Role.CONSULTANT


def test_firm_admin_adds_people_to_any_municipality(alpha):
    response = browser_of("fiona").post(
        "/municipalities/beta/members/new/",
        {"email": "otto@example.org", "full_name": "", "role": Role.MEMBER},
    )

    assert response.status_code == 302
    assert membership_of("otto", "beta").role == Role.MEMBER


@pytest.mark.parametrize(("name", "status"), [("leo", 403), ("mia", 403), ("bert", 404)])
def test_only_consultants_and_firm_admins_manage_people(alpha, name, status):
    client = browser_of(name)

    assert client.get(ADD).status_code == status
    response = client.post(ADD, {"email": "otto@example.org", "full_name": "", "role": "member"})
    assert response.status_code == status
    assert client.post(change_url(membership_of("mia")), {"remove": "1"}).status_code == status
    assert not Membership.objects.filter(user=persona("otto")).exists()
    assert Membership.objects.filter(user=persona("mia")).exists()


# --- Changing and removing -------------------------------------------------------------------


def test_consultant_changes_a_role_and_it_is_audited(alpha):
    response = browser_of("carla").post(change_url(membership_of("mia")), {"role": Role.LEAD})

    assert response.status_code == 302
    assert membership_of("mia").role == Role.LEAD
    (entry,) = audit(AuditEntry.Action.ROLE_CHANGED)
    assert (entry.actor, entry.target, entry.details) == (
        persona("carla"),
        "mia@example.org",
        {"from": "member", "to": "lead"},
    )
    assert entry.municipality_name == "Altstadt"


def test_choosing_the_same_role_again_writes_no_audit_entry(alpha):
    browser_of("carla").post(change_url(membership_of("mia")), {"role": Role.MEMBER})

    assert audit(AuditEntry.Action.ROLE_CHANGED) == []


def test_changing_a_municipal_lead_to_consultant_is_refused_with_a_message(alpha):
    response = browser_of("carla").post(
        change_url(membership_of("leo")), {"role": Role.CONSULTANT}, follow=True
    )

    assert response.redirect_chain == [("/municipalities/alpha/", 302)]
    assert NOT_STAFF in response.content.decode()
    assert membership_of("leo").role == Role.LEAD
    assert audit(AuditEntry.Action.ROLE_CHANGED) == []


def test_consultant_removes_a_person_and_it_is_audited(alpha):
    response = browser_of("carla").post(
        change_url(membership_of("mia")), {"remove": "1"}, follow=True
    )

    assert "mia@example.org no longer has a role here." in response.content.decode()
    assert not Membership.objects.filter(user=persona("mia")).exists()
    assert User.objects.filter(email="mia@example.org", is_active=True).exists()
    (entry,) = audit(AuditEntry.Action.MEMBERSHIP_REVOKED)
    assert (entry.actor, entry.target, entry.details) == (
        persona("carla"),
        "mia@example.org",
        {"role": "member"},
    )


def test_a_membership_of_another_municipality_cannot_be_changed_through_this_one(alpha):
    berta = membership_of("berta", "beta")

    response = browser_of("carla").post(change_url(berta), {"remove": "1"})

    assert response.status_code == 404
    assert Membership.objects.filter(pk=berta.pk).exists()


def test_removing_a_person_ends_their_access_to_the_municipality(alpha):
    browser_of("carla").post(change_url(membership_of("mia")), {"remove": "1"})

    assert browser_of("mia").get("/municipalities/alpha/").status_code == 404
    assert signed_in_client(persona("mia"), alpha).get("/").status_code == 403
