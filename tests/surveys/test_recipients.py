"""Recipient lists from CSV: every bad row reported by line, nothing imported until clean."""

import pytest

from surveys.models import Recipient
from surveys.services.recipients import RecipientFileInvalid, recipients_import
from tests.conftest import browser_of

pytestmark = pytest.mark.django_db


def problems(survey, data: bytes) -> dict[int, str]:
    with pytest.raises(RecipientFileInvalid) as invalid:
        recipients_import(survey=survey, data=data)
    return {error.line: error.message for error in invalid.value.errors}


def test_a_clean_file_is_imported_with_groups_by_key_or_name_and_departments(survey):
    data = (
        "email;group;department\n"
        "anna@example.org;employees;Bauamt\n"
        "ben@example.org;Bürgerinnen und Bürger;\n"
        "\n"
        "cara@example.org;Companies;\n"
    ).encode()

    assert recipients_import(survey=survey, data=data) == 3

    rows = Recipient.objects.filter(survey=survey).order_by("email")
    assert [(r.email, r.group.key, r.department) for r in rows] == [
        ("anna@example.org", "employees", "Bauamt"),
        ("ben@example.org", "citizens", ""),
        ("cara@example.org", "companies", ""),
    ]


def test_a_file_with_mixed_good_and_bad_rows_imports_nothing_and_names_every_bad_line(survey):
    Recipient.objects.create(survey=survey, group_id=1, email="known@example.org")
    data = (
        b"email,group\n"
        b"good@example.org,employees\n"
        b"not-an-address,employees\n"
        b"x@example.org,aliens\n"
        b"GOOD@example.org,employees\n"
        b"known@example.org,citizens\n"
        b",citizens\n"
    )

    found = problems(survey, data)

    assert set(found) == {3, 4, 5, 6, 7}
    assert "not an e-mail address" in found[3]
    assert "unknown group" in found[4] and "aliens" in found[4]
    assert "duplicate of line 2" in found[5]
    assert "already on this survey's list" in found[6]
    assert "missing" in found[7]
    assert Recipient.objects.filter(survey=survey).count() == 1


def test_a_file_without_the_required_columns_is_refused(survey):
    found = problems(survey, b"mail-address,team\nx@example.org,employees\n")

    assert "missing: email, group" in found[1]


GERMAN_EXCEL = "E-Mail;Gruppe;Fachbereich\r\nanna@example.org;Bürgerinnen und Bürger;Bürgeramt\r\n"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_a_file_as_german_excel_saves_it_is_imported_with_its_umlauts(survey, encoding):
    # "CSV (Trennzeichen-getrennt)" is Windows-1252, "Unicode-Text" UTF-16 with a byte-order
    # mark, "CSV UTF-8" UTF-8 with one; the columns carry German names.
    assert recipients_import(survey=survey, data=GERMAN_EXCEL.encode(encoding)) == 1

    anna = Recipient.objects.get(survey=survey)
    assert (anna.group.key, anna.department) == ("citizens", "Bürgeramt")


def test_a_file_in_no_known_encoding_is_refused_with_advice(survey):
    # 0x81 and 0x8d are neither UTF-8 here nor anything in Windows-1252.
    found = problems(survey, b"email,group,department\nx@example.org,employees,B\x81\x8d\n")

    assert "UTF-8" in found[2]
    assert not Recipient.objects.filter(survey=survey).exists()


def test_the_upload_page_lists_the_bad_lines(alpha, survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = browser_of("carla", alpha)
    upload = SimpleUploadedFile(
        "list.csv", b"email,group\nok@example.org,employees\nbad,employees\n"
    )

    page = browser.post(f"/surveys/{survey.pk}/recipients/", {"file": upload})

    html = page.content.decode()
    assert page.status_code == 400
    assert "Line 3" in html and "Nothing was imported" in html
    assert not Recipient.objects.filter(survey=survey).exists()


def test_a_file_saved_with_old_mac_line_endings_is_imported_like_any_other(survey):
    data = b"email;group;department\ranna@example.org;employees;Bauamt\rben@example.org;citizens;\r"

    assert recipients_import(survey=survey, data=data) == 2

    rows = Recipient.objects.filter(survey=survey).order_by("email")
    assert [(r.email, r.group.key, r.department) for r in rows] == [
        ("anna@example.org", "employees", "Bauamt"),
        ("ben@example.org", "citizens", ""),
    ]


def test_a_line_with_an_overlong_field_is_named_and_the_lines_after_it_are_still_checked(survey):
    data = (
        b"email,group\n"
        b"good@example.org,employees\n"
        b'"' + b"x" * 140_000 + b'",employees\n'
        b"not-an-address,employees\n"
    )

    found = problems(survey, data)

    assert set(found) == {3, 4}
    assert "longer than 131072 characters" in found[3]
    assert "not an e-mail address" in found[4]
    assert not Recipient.objects.filter(survey=survey).exists()


def test_an_address_too_long_to_keep_is_reported_on_its_line(survey):
    long_address = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "de"
    data = f"email,group\ngood@example.org,employees\n{long_address},employees\n".encode()

    found = problems(survey, data)

    assert len(long_address) > 254
    assert set(found) == {3}
    assert "longer than 254 characters" in found[3]
    assert not Recipient.objects.filter(survey=survey).exists()


def test_the_upload_page_names_lines_it_cannot_read_instead_of_failing(alpha, survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = browser_of("carla", alpha)
    long_address = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "de"
    upload = SimpleUploadedFile(
        "list.csv",
        b"email,group\r"
        + long_address.encode()
        + b",employees\r"
        + b'"'
        + b"x" * 140_000
        + b'",employees\r',
    )

    page = browser.post(f"/surveys/{survey.pk}/recipients/", {"file": upload})

    html = page.content.decode()
    assert page.status_code == 400
    assert "Line 2" in html and "longer than 254 characters" in html
    assert "Line 3" in html and "longer than 131072 characters" in html
    assert not Recipient.objects.filter(survey=survey).exists()


def test_a_file_whose_first_line_cannot_be_read_gets_one_clear_message(survey):
    found = problems(survey, b'"email,group\n' + b"x@example.org,employees\n" * 6000)

    assert list(found) == [1]
    assert "cannot be read" in found[1] and "quotation mark" in found[1]


def test_remind_is_offered_only_when_someone_invited_has_not_answered(alpha, survey):
    anna = Recipient.objects.create(survey=survey, group_id=1, email="anna@example.org")
    browser = browser_of("carla", alpha)
    remind = 'type="submit" disabled>Remind those who have not answered'

    assert remind in browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()

    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Recipient.MailStatus.SENT)
    assert remind not in browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()

    Recipient.objects.filter(pk=anna.pk).update(answered=True)
    assert remind in browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()


def test_the_recipient_list_is_searched_filtered_and_paged(survey, alpha):
    from tests.surveys.factories import group

    employees = group("employees")
    Recipient.objects.bulk_create(
        Recipient(
            survey=survey,
            group=employees,
            email=f"person{n:03d}@stadt.example",
            department="Bauamt" if n % 2 else "Kämmerei",
            answered=n < 30,
            invitation_status=(
                Recipient.MailStatus.FAILED if n == 77 else Recipient.MailStatus.SENT
            ),
        )
        for n in range(130)
    )
    browser = browser_of("carla", alpha)
    page = f"/surveys/{survey.pk}/recipients/"

    first = browser.get(page).content.decode()
    second = browser.get(f"{page}?page=2").content.decode()
    failed = browser.get(f"{page}?show=failed").content.decode()
    found = browser.get(f"{page}?q=person12&show=not_answered").content.decode()

    assert "130 recipients" in first and "Page 1 of 2" in first
    assert "person000@" in first and "person100@" not in first and "person100@" in second
    assert "1 recipient" in failed and "person077@" in failed and "person076@" not in failed
    # person012 … 029 answered; 120 … 129 did not.
    assert "10 recipients" in found and "person120@" in found and "person012@" not in found
    assert "Nobody matches." in browser.get(f"{page}?q=nobody").content.decode()
    # A filter the page does not offer shows everyone, as does a page number that is none.
    assert "130 recipients" in browser.get(f"{page}?show=bogus&page=x").content.decode()
