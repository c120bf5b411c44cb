import pytest

from accounts.models import AuditEntry, SignIn, User
from tests.conftest import persona, signed_in_client


def test_firm_admin_invites_a_consultant_who_gets_a_password_link(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in_client(persona("fiona"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/team/", {"full_name": "Nina Neu", "email": "Nina@Example.org"}, follow=True
        )
    assert "nina@example.org was invited" in response.content.decode()
    nina = User.objects.get(email="nina@example.org")
    assert nina.is_firm_staff and not nina.is_firm_admin and not nina.has_usable_password()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nina@example.org"]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    page = client.get(link.replace("http://localhost", ""), follow=True)
    assert page.context["validlink"]
    assert AuditEntry.objects.filter(action="account_created", target="nina@example.org").exists()


def test_inviting_an_existing_address_is_refused_and_keeps_the_typed_name(db):
    response = signed_in_client(persona("fiona")).post(
        "/team/", {"full_name": "Carla Zwei", "email": "carla@example.org"}
    )
    assert "An account with this e-mail address exists." in response.content.decode()
    assert 'value="Carla Zwei"' in response.content.decode()
    assert User.objects.filter(email="carla@example.org").count() == 1


@pytest.mark.parametrize("name", ["carla", "leo", "otto"])
def test_only_firm_admins_reach_the_team_page(db, name):
    client = signed_in_client(persona(name))
    assert client.get("/team/").status_code == 403
    assert client.post("/team/", {"full_name": "X", "email": "x@example.org"}).status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_deactivating_a_consultant_signs_them_out_everywhere(db):
    carla = persona("carla")
    carla_browser = signed_in_client(carla)
    assert carla_browser.get("/").status_code == 200
    signed_in_client(persona("fiona")).post(
        f"/team/{carla.pk}/", {"is_active": "0", "is_firm_admin": "0"}
    )
    carla.refresh_from_db()
    assert not carla.is_active
    assert not SignIn.objects.filter(user=carla, ended_at__isnull=True).exists()
    assert carla_browser.get("/").status_code == 302
    entry = AuditEntry.objects.get(action="account_changed", target=carla.email)
    assert entry.details == {"active": False}


def test_a_firm_admin_cannot_remove_their_own_rights(db):
    fiona = persona("fiona")
    response = signed_in_client(fiona).post(
        f"/team/{fiona.pk}/", {"is_active": "1", "is_firm_admin": "0"}, follow=True
    )
    assert "You cannot remove your own administrator rights" in response.content.decode()
    fiona.refresh_from_db()
    assert fiona.is_firm_admin
