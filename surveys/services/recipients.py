"""Recipient lists (CSV upload) and open links."""

import codecs
import csv
import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import OpenLink, Recipient, Survey, TargetGroup

MAX_ROWS = 20000
EMAIL_LENGTH = Recipient._meta.get_field("email").max_length


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class RecipientFileInvalid(Exception):
    """The upload has bad rows; nothing was imported. `errors` names each with its line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


def _unify_line_ends(text: str) -> str:
    # Excel for the Mac (and older Mac tools) end lines with a bare CR, which the csv module
    # refuses outside quotes; read such files like any other.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    """The file's text, in the encodings spreadsheet programs save CSV in: UTF-8 ("CSV UTF-8"),
    UTF-16 with its byte-order mark ("Unicode text"), and Windows-1252, which German Excel
    writes for plain "CSV (Trennzeichen-getrennt)"; UTF-8 is tried first, as its rules reject
    nearly every text of the others."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
    line = data[: failure.start].count(b"\n") + 1
    raise RecipientFileInvalid(
        [
            RowError(
                line,
                _(
                    "The file is not UTF-8 text. Save it as “CSV UTF-8” "
                    "(in Excel: Save as → CSV UTF-8) and upload it again."
                ),
            )
        ]
    ) from failure


def _unreadable(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _(
            "this line cannot be read: a field is longer than %(n)s characters "
            "(is a quotation mark left open?)"
        ) % {"n": csv.field_size_limit()}
    return _("this line cannot be read as CSV")


def _group_lookup() -> dict[str, TargetGroup]:
    lookup = {}
    for group in TargetGroup.objects.all():
        for name in (group.key, group.name_de, group.name_en):
            if name:
                lookup[name.strip().casefold()] = group
    return lookup


def _cell(row: list[str], index: dict[str, int], column: str) -> str:
    position = index.get(column)
    return row[position].strip() if position is not None and position < len(row) else ""


def address_problem(email: str) -> str | None:
    """What keeps `email` off a recipient list, or None."""
    try:
        validate_email(email)
    except ValidationError:
        if not email:
            return _("the e-mail address is missing")
        return _("“%(email)s” is not an e-mail address") % {"email": email}
    # validate_email lets through up to 320 characters; the column holds fewer.
    if len(email) > EMAIL_LENGTH:
        return _("the e-mail address is longer than %(n)s characters") % {"n": EMAIL_LENGTH}
    return None


def recipients_parse(*, survey: Survey, data: bytes) -> list[Recipient]:
    """Read a CSV (columns email, group, optional department) into unsaved recipients.

    Every bad row is reported with its line number; one bad row refuses the whole file.
    """
    text = _unify_line_ends(_decode(data))
    if not text.strip():
        raise RecipientFileInvalid([RowError(1, _("The file is empty."))])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [column.strip().casefold() for column in next(reader)]
    except csv.Error as error:
        raise RecipientFileInvalid([RowError(1, _unreadable(error))]) from error
    aliases = {
        "e-mail": "email",
        "e-mail-adresse": "email",
        "mail": "email",
        "gruppe": "group",
        "zielgruppe": "group",
        "abteilung": "department",
        "fachbereich": "department",
        "amt": "department",
    }
    header = [aliases.get(column, column) for column in header]
    missing = [column for column in ("email", "group") if column not in header]
    if missing:
        raise RecipientFileInvalid(
            [
                RowError(
                    1,
                    _("The first line must name the columns; missing: %(columns)s.")
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    index = {
        column: header.index(column)
        for column in ("email", "group", "department")
        if column in header
    }
    groups = _group_lookup()
    existing = set(
        Recipient.objects.filter(survey=survey).exclude(email="").values_list("email", flat=True)
    )
    existing = {email.casefold() for email in existing}
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    recipients: list[Recipient] = []
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader resumes at the next line, so the rows after this one are still checked.
            errors.append(RowError(first_line, _unreadable(error)))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(recipients) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
            break
        email, group_name, department = (
            _cell(row, index, column) for column in ("email", "group", "department")
        )
        problems = [problem] if (problem := address_problem(email)) else []
        group = groups.get(group_name.casefold())
        if group is None:
            problems.append(
                _("unknown group “%(group)s” (known: %(known)s)")
                % {
                    "group": group_name,
                    "known": ", ".join(g.key for g in TargetGroup.objects.all()),
                }
            )
        key = email.casefold()
        if email and key in seen:
            problems.append(_("duplicate of line %(line)s") % {"line": seen[key]})
        elif email and key in existing:
            problems.append(_("already on this survey's list"))
        if len(department) > 200:
            problems.append(_("the department name is longer than 200 characters"))
        if problems:
            errors.append(RowError(line, "; ".join(str(p) for p in problems)))
        seen.setdefault(key, line)
        if not problems:
            recipients.append(
                Recipient(survey=survey, group=group, email=email, department=department)
            )
    if errors:
        raise RecipientFileInvalid(errors)
    if not recipients:
        raise RecipientFileInvalid([RowError(2, _("The file lists no recipients."))])
    return recipients


@transaction.atomic
def recipients_import(*, survey: Survey, data: bytes) -> int:
    if survey.is_template or survey.state == Survey.State.CLOSED:
        raise ValidationError(_("Recipients can be added to a draft or open survey only."))
    recipients = recipients_parse(survey=survey, data=data)
    Recipient.objects.bulk_create(recipients)
    return len(recipients)


@transaction.atomic
def recipient_delete(*, recipient: Recipient) -> None:
    """Take someone off the list (e.g. they asked not to be mailed); answers stay anonymous."""
    recipient.delete()


@transaction.atomic
def open_link_create(*, survey: Survey, group: TargetGroup) -> OpenLink:
    if survey.is_template or survey.state == Survey.State.CLOSED:
        raise ValidationError(_("Open links are for draft or open surveys."))
    return OpenLink.objects.create(survey=survey, group=group, slug=secrets.token_urlsafe(16))


@transaction.atomic
def open_link_set_active(*, link: OpenLink, active: bool) -> OpenLink:
    link.active = active
    link.save(update_fields=["active"])
    return link
