"""Recipients, invitations, reminders, open links, erasing addresses, and the dev outbox."""

import io
from email import policy
from email.parser import BytesParser
from pathlib import Path

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import Action, require

from .. import selectors
from ..forms.builder import (
    InvitationScheduleForm,
    OpenLinkForm,
    RecipientAddressForm,
    RecipientUploadForm,
)
from ..models import OpenLink, Recipient, Survey
from ..services import lifecycle, mailing, recipients
from ..timeline import response_timeline
from .builder import _flash, _survey
from .paper import paper_window

RECIPIENTS_PER_PAGE = 100


def _recipients_page(request: HttpRequest, survey: Survey, form, errors=None) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:200]
    show = request.GET.get("show", "all")
    show = show if show in selectors.RECIPIENT_FILTERS else "all"
    listed = selectors.recipients_of(survey, search, show)
    return render(
        request,
        "surveys/recipients.html",
        {
            "survey": survey,
            # When to remind: what the invitations and the last reminder brought.
            "timeline": response_timeline(survey),
            "form": form,
            "row_errors": errors,
            "recipients": Paginator(listed, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page")),
            "search": search,
            "show": show,
            "list_query": urlencode({"q": search, "show": show}),
            "counts": selectors.mail_counts(survey),
            "rates": selectors.response_rates(survey),
            "open_links": selectors.open_links_of(survey),
            "open_link_form": OpenLinkForm(),
            "paper_groups": selectors.paper_groups(survey),
            **paper_window(survey),
            "schedule_form": InvitationScheduleForm(),
            "invitation_preview": mailing.mail_preview(survey),
            "letter_editable": survey.state != Survey.State.CLOSED,
            "retention_days": selectors.survey_settings_get().email_retention_days,
        },
        status=400 if errors else 200,
    )


@require(Action.EDIT_SURVEYS)
def recipient_list(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = RecipientUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = recipients.recipients_import(
                survey=survey, data=form.cleaned_data["file"].read()
            )
        except recipients.RecipientFileInvalid as invalid:
            return _recipients_page(request, survey, form, errors=invalid.errors)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("%(n)s recipient imported.", "%(n)s recipients imported.", count)
                % {"n": count},
            )
            return redirect("surveys:recipients", pk=survey.pk)
    return _recipients_page(request, survey, form)


@require(Action.EDIT_SURVEYS)
@require_POST
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    try:
        count = mailing.invitations_queue(
            survey=survey, retry_failed=request.POST.get("retry_failed") == "1"
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s invitation is on its way.", "%(n)s invitations are on their way.", count
            )
            % {"n": count},
        )
    return redirect("surveys:recipients", pk=survey.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def invitations_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = InvitationScheduleForm(request.POST)
    if not form.is_valid():
        _flash(request, ValidationError(form.errors["at"]))
        return redirect("surveys:recipients", pk=survey.pk)
    try:
        survey = mailing.invitations_schedule(survey=survey, at=form.cleaned_data["at"])
    except ValidationError as error:
        _flash(request, error)
    else:
        at = formats.date_format(
            timezone.localtime(survey.invitations_scheduled_at), "DATETIME_FORMAT"
        )
        messages.success(request, _("The invitations go out at %(at)s.") % {"at": at})
    return redirect("surveys:recipients", pk=survey.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def invitations_schedule_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    mailing.invitations_schedule_cancel(survey=survey)
    messages.success(request, _("The scheduled invitations are cancelled."))
    return redirect("surveys:recipients", pk=survey.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def reminders_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    try:
        count = mailing.reminders_queue(survey=survey)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "A reminder goes to %(n)s person who has not answered.",
                "Reminders go to %(n)s people who have not answered.",
                count,
            )
            % {"n": count},
        )
    return redirect("surveys:recipients", pk=survey.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def recipient_delete(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = get_object_or_404(Recipient, pk=pk)
    recipients.recipient_delete(recipient=recipient)
    messages.success(request, _("Recipient removed from the list."))
    return redirect("surveys:recipients", pk=recipient.survey_id)


@require(Action.EDIT_SURVEYS)
def recipient_address(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = get_object_or_404(Recipient.objects.select_related("survey", "group"), pk=pk)
    form = RecipientAddressForm(request.POST or None, initial={"email": recipient.email})
    if request.method == "POST" and form.is_valid():
        try:
            corrected = mailing.recipient_address_correct(
                recipient=recipient, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if corrected.invited:
                done = _("Address corrected: a new invitation is on its way to %(email)s.")
            else:
                done = _("Address corrected to %(email)s.")
            messages.success(request, done % {"email": corrected.recipient.email})
            return redirect("surveys:recipients", pk=recipient.survey_id)
    return render(
        request,
        "surveys/recipient_address.html",
        {"form": form, "recipient": recipient, "survey": recipient.survey},
        status=400 if form.errors else 200,
    )


@require(Action.EDIT_SURVEYS)
@require_POST
def open_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = OpenLinkForm(request.POST)
    if form.is_valid():
        try:
            recipients.open_link_create(survey=survey, group=form.cleaned_data["group"])
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("Open link created."))
    return redirect("surveys:recipients", pk=survey.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def open_link_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(OpenLink, pk=pk)
    recipients.open_link_set_active(link=link, active=not link.active)
    return redirect("surveys:recipients", pk=link.survey_id)


# How each file format of the QR code is made: a vector for print, a picture for the web.
QR_FORMATS = {
    "svg": ("image/svg+xml", {"kind": "svg", "scale": 4}),
    "png": ("image/png", {"kind": "png", "scale": 12}),
}


@require(Action.EDIT_SURVEYS)
def open_link_qr(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The open link as a QR code, for posters and flyers in the town hall."""
    if file_format not in QR_FORMATS:
        raise Http404
    link = get_object_or_404(OpenLink.objects.select_related("survey", "group"), pk=pk)
    url = request.build_absolute_uri(reverse("surveys:open_link", args=[link.slug]))
    content_type, options = QR_FORMATS[file_format]
    buffer = io.BytesIO()
    # Error correction "m" at least (segno raises it where the size allows): a poster may
    # get a crease or a stain and still scan.
    segno.make(url, error="m").save(buffer, border=4, **options)
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    if "download" in request.GET:
        name = slugify(f"{link.survey.title}-{link.group.name}")[:60] or "open-link"
        response["Content-Disposition"] = f'attachment; filename="{name}-qr.{file_format}"'
    return response


@require(Action.EDIT_SURVEYS)
@require_POST
def emails_erase(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    try:
        count = lifecycle.survey_emails_erase(survey=survey)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s e-mail address erased; the responses are untouched.",
                "%(n)s e-mail addresses erased; the responses are untouched.",
                count,
            )
            % {"n": count},
        )
    return redirect("surveys:recipients", pk=survey.pk)


# --- The development outbox ---------------------------------------------------------------


def _outbox_messages(limit: int = 50) -> list[dict]:
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.log"), key=lambda f: f.stat().st_mtime, reverse=True)[:limit]
    parser = BytesParser(policy=policy.default)
    found = []
    for path in files:
        # The file backend appends messages separated by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = parser.parsebytes(chunk.lstrip())
            body = message.get_body(preferencelist=("plain",))
            found.append(
                {
                    "to": message["to"],
                    "subject": message["subject"],
                    "date": message["date"],
                    "body": body.get_content() if body else "",
                    "file": path.name,
                }
            )
    return found


@require(Action.EDIT_SURVEYS)
def outbox(request: HttpRequest) -> HttpResponse:
    """Local runs: the mails the file backend wrote to var/outbox, links clickable.

    Elsewhere mails leave by SMTP and the page only says so: an outbox of real addresses
    would be personal data on a web page.
    """
    local = settings.DEBUG and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
    return render(
        request,
        "surveys/outbox.html",
        {
            "local": local,
            "mails": _outbox_messages() if local else [],
            "folder": settings.EMAIL_FILE_PATH,
        },
    )
