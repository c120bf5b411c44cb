"""The municipality's profile page on the consultancy's site: who sees it, who edits it."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import AuditEntry
from engagements.models import Municipality
from tests.conftest import browser_of, persona

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Altstadt",
    "region": "Hessen",
    "population": "48000",
    "contact_name": "Lea Leitner",
    "contact_email": "lea@altstadt.example",
    "contact_phone": "+49 6151 0",
    "brand_colour": "#123abc",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(size: tuple[int, int] = (8, 8), noise: bool = False) -> bytes:
    if noise:
        # Random pixels do not compress, so the file is as large as the raw image.
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "#1f5f8b")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()


def upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def reload(municipality: Municipality) -> Municipality:
    return Municipality.objects.get(pk=municipality.pk)


# --- Seeing the page -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["fiona", "carla"])
def test_firm_admin_and_the_consultant_see_the_profile_form(alpha, name):
    response = browser_of(name).get("/municipalities/alpha/")

    assert response.status_code == 200
    assert response.context["form"] is not None
    assert response.context["may_manage_members"]
    assert "Altstadt" in response.content.decode()


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_lead_and_member_see_the_profile_without_a_form(alpha, name):
    response = browser_of(name).get("/municipalities/alpha/")

    assert response.status_code == 200
    assert response.context["form"] is None
    assert not response.context["may_manage_members"]
    assert 'type="file"' not in response.content.decode()


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_lead_and_member_cannot_edit_the_profile(alpha, name):
    response = browser_of(name).post("/municipalities/alpha/", {**PROFILE, "region": "Bayern"})

    assert response.status_code == 403
    assert reload(alpha).region == ""
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MUNICIPALITY_UPDATED).exists()


@pytest.mark.parametrize("name", ["bert", "berta", "otto"])
def test_people_of_another_municipality_or_none_do_not_find_the_profile(alpha, name):
    client = browser_of(name)

    assert client.get("/municipalities/alpha/").status_code == 404
    assert client.post("/municipalities/alpha/", {**PROFILE, "region": "X"}).status_code == 404
    assert client.get("/municipalities/alpha/logo/").status_code == 404
    assert reload(alpha).region == ""


def test_anonymous_visitor_is_sent_to_login_from_the_profile():
    response = browser_of(None).get("/municipalities/alpha/")

    assert response.status_code == 302
    assert response.url.startswith("/login/?next=/municipalities/alpha/")


def test_an_unknown_municipality_is_not_found_even_for_a_firm_admin():
    assert browser_of("fiona").get("/municipalities/nowhere/").status_code == 404


# --- Editing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["fiona", "carla"])
def test_firm_admin_and_consultant_edit_the_profile_and_it_is_audited(alpha, name):
    response = browser_of(name).post("/municipalities/alpha/", PROFILE, follow=True)

    assert response.redirect_chain == [("/municipalities/alpha/", 302)]
    assert "Saved." in response.content.decode()
    alpha = reload(alpha)
    assert (alpha.region, alpha.contact_email, alpha.brand_colour) == (
        "Hessen",
        "lea@altstadt.example",
        "#123abc",
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MUNICIPALITY_UPDATED)
    assert entry.actor == persona(name)
    assert entry.municipality_id == alpha.pk
    assert set(entry.details["fields"]) == {
        "region",
        "contact_name",
        "contact_email",
        "contact_phone",
        "brand_colour",
    }


COLOUR_FORMAT = "Enter a colour such as #1f5f8b."


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("blue", COLOUR_FORMAT),
        ("#12345", COLOUR_FORMAT),
        ("#gggggg", COLOUR_FORMAT),
        ("123abc", COLOUR_FORMAT),
        ("#1234567", "Ensure this value has at most 7 characters (it has 8)."),
        (
            "#ffd700",
            "White text on this colour is hard to read (contrast 1.4:1, at least 4.5:1 is "
            "needed). Choose a darker shade.",
        ),
    ],
)
def test_brand_colour_must_be_hash_and_six_hex_digits(alpha, colour, message):
    response = browser_of("carla").post(
        "/municipalities/alpha/", {**PROFILE, "brand_colour": colour}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["brand_colour"] == [message]
    assert message in response.content.decode()
    assert reload(alpha).brand_colour == "#1f5f8b"


def test_a_real_png_logo_is_stored_in_the_municipality_media_folder(alpha, media_root):
    content = png()

    response = browser_of("carla").post(
        "/municipalities/alpha/", {**PROFILE, "logo": upload(content, "wappen.png")}
    )

    assert response.status_code == 302
    alpha = reload(alpha)
    assert alpha.logo.name == "alpha/branding/wappen.png"
    assert (media_root / "alpha" / "branding" / "wappen.png").read_bytes() == content
    logo = browser_of("mia").get("/municipalities/alpha/logo/")
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content) == content


def test_a_text_file_named_png_is_refused_as_logo(alpha, media_root):
    fake = upload(b"this is not an image, only its name says so\n" * 10, "logo.png")

    response = browser_of("carla").post("/municipalities/alpha/", {**PROFILE, "logo": fake})

    assert response.status_code == 200
    errors = response.context["form"].errors["logo"]
    assert errors == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert errors[0] in response.content.decode()
    assert not reload(alpha).logo
    assert not any(media_root.rglob("*.png"))


def test_a_logo_larger_than_two_megabytes_is_refused(alpha, media_root):
    content = png(size=(1000, 1000), noise=True)
    assert len(content) > 2 * 1024 * 1024

    response = browser_of("carla").post(
        "/municipalities/alpha/", {**PROFILE, "logo": upload(content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == ["The logo may be at most 2 MB."]
    assert not reload(alpha).logo
    assert not any(media_root.rglob("*.png"))


def test_saving_an_unchanged_profile_writes_no_audit_entry(alpha):
    unchanged = {
        "name": "Altstadt",
        "region": "",
        "population": "48000",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "brand_colour": "#1f5f8b",
    }

    response = browser_of("carla").post("/municipalities/alpha/", unchanged)

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MUNICIPALITY_UPDATED).exists()
