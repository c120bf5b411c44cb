"""German and English: both catalogues ship complete, and each person sees their language."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from accounts.models import User
from tests.conftest import persona, signed_in_client

LOCALE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unescape(match: re.Match) -> str:
    return ESCAPES[match.group(1)]


def po_entries(path: Path) -> list[tuple[str, bool]]:
    """(msgid, is_fuzzy) of every live entry of a .po file, header left out."""
    entries = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text = "\n".join(line for line in lines if not line.startswith("#"))
        match = re.search(r'^msgid ((?:".*"\n?)+)', text, re.MULTILINE)
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', text, re.MULTILINE)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                msgid = re.sub(r"\\(.)", unescape, msgid)
                if context:
                    # A compiled catalogue keys an entry with a context as "context\x04msgid".
                    msgctxt = "".join(re.findall(r'"(.*)"', context.group(1)))
                    msgid = re.sub(r"\\(.)", unescape, msgctxt) + "\x04" + msgid
                entries.append((msgid, fuzzy))
    return entries


def test_the_german_catalogue_translates_every_string_and_is_compiled():
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    entries = po_entries(LOCALE / "django.po")

    assert len(entries) > 300
    assert [msgid for msgid, fuzzy in entries if fuzzy] == []
    # Plural entries are keyed (msgid, 0) in a compiled catalogue.
    missing = [
        msgid
        for msgid, _ in entries
        if msgid not in compiled._catalog and (msgid, 0) not in compiled._catalog
    ]
    assert missing == [], "run `make messages` and translate these"


def test_pages_are_german_for_a_german_speaking_user(alpha):
    with translation.override("de"):
        expected = translation.gettext("Gate history")
    assert expected != "Gate history"
    client = signed_in_client(persona("carla"), alpha)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    assert expected in client.get("/").content.decode()


def test_switching_the_language_is_remembered_on_the_account(alpha):
    client = signed_in_client(persona("carla"), alpha)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(email="carla@example.org").language == "en"
    assert "Gate history" in client.get("/").content.decode()


def test_a_municipality_is_seeded_in_its_own_language(alpha, beta):
    from django_tenants.utils import schema_context

    from phases.models import Phase

    with schema_context("alpha"):
        german = list(Phase.objects.values_list("title", flat=True))
    with schema_context("beta"):
        english = list(Phase.objects.values_list("title", flat=True))

    assert english == ["Analysis", "Mobilization & Activation", "Development", "Implementation"]
    assert german == ["Analyse", "Mobilisierung & Aktivierung", "Entwicklung", "Umsetzung"]
