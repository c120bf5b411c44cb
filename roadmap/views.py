import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.form_pages import form_page, refusal_shown
from accounts.permissions import Action, can, require

from . import selectors, services
from .exports import roadmap_csv, roadmap_xlsx
from .forms import (
    DRAFT,
    CommunicationForm,
    CompareForm,
    DebriefingForm,
    IdeaForm,
    IdeaQuickForm,
    InstrumentForm,
    MeasureForm,
    MergeForm,
    PartnerCommentForm,
    PartnerForm,
    PlacementForm,
    ProgressForm,
    VersionForm,
    VoterNameForm,
    WorkshopForm,
)
from .models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    PartnerComment,
    ProgressUpdate,
    RoadmapVersion,
    Workshop,
)
from .versions import current_snapshot, records_by_dimension, snapshot_diff, snapshot_records

LINK_SESSION_KEY = "roadmap_voting_link"


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _abilities(request: HttpRequest) -> dict[str, bool]:
    return {
        "may_edit": can(request.user, Action.EDIT_ROADMAP, request.tenant),
        "may_report": can(request.user, Action.REPORT_PROGRESS, request.tenant),
    }


# --- The roadmap -----------------------------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def index(request: HttpRequest) -> HttpResponse:
    measures = list(selectors.measures())
    return render(
        request,
        "roadmap/index.html",
        {
            "measures": measures,
            "timeline": selectors.timeline_svg_for(measures, title=_("Roadmap timeline")),
            "undated": [m for m in measures if not (m.starts_on and m.ends_on)],
            "progress": selectors.roadmap_progress(),
            "cost_total": selectors.cost_total(),
            "versions": selectors.versions()[:5],
            "health_labels": selectors.HEALTH,
            **_abilities(request),
        },
    )


def _measure_page(
    request: HttpRequest,
    pk: int,
    *,
    comment_form: PartnerCommentForm | None = None,
    progress_form: ProgressForm | None = None,
) -> HttpResponse:
    """The measure's page; a refused comment or report comes back bound, with what was typed
    and the errors beside its fields."""
    measure = get_object_or_404(selectors.measure_detail(pk))
    return render(
        request,
        "roadmap/measure_detail.html",
        {
            "measure": measure,
            "comment_form": comment_form or PartnerCommentForm(),
            "progress_form": progress_form
            or ProgressForm(initial={"percent_done": measure.percent or 0}),
            "health_labels": selectors.HEALTH,
            **_abilities(request),
        },
    )


@require(Action.VIEW_ENGAGEMENT)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _measure_page(request, pk)


def _measure_form(request: HttpRequest, measure: Measure) -> HttpResponse:
    form = MeasureForm(request.POST or None, instance=measure)

    def save() -> Measure:
        return services.measure_save(
            measure=form.apply_schedule(form.save(commit=False)),
            actor=request.user,
            topics=form.cleaned_data["topics"],
            partners=form.cleaned_data["partners"],
            depends_on=form.cleaned_data["depends_on"],
            council_sessions=form.cleaned_data["council_sessions"],
        )

    return form_page(
        request,
        form,
        save,
        done=lambda saved: reverse("roadmap:measure_detail", args=[saved.pk]),
        template="roadmap/measure_form.html",
        context={"measure": measure},
        saved=_("Measure saved."),
    )


@require(Action.EDIT_ROADMAP)
def measure_create(request: HttpRequest) -> HttpResponse:
    return _measure_form(request, Measure())


@require(Action.EDIT_ROADMAP)
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _measure_form(request, get_object_or_404(Measure, pk=pk))


@require_POST
@require(Action.EDIT_ROADMAP)
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    services.measure_delete(measure=measure, actor=request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": measure.title})
    return redirect("roadmap:index")


@require_POST
@require(Action.EDIT_ROADMAP)
def measure_comment(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    form = PartnerCommentForm(request.POST, instance=PartnerComment(measure=measure))
    if form.is_valid():
        try:
            services.partner_comment_add(comment=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, _("Comment recorded."))
            return redirect(reverse("roadmap:measure_detail", args=[pk]) + "#comments")
    return _measure_page(request, pk, comment_form=form)


@require_POST
@require(Action.REPORT_PROGRESS)
def measure_progress(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk)
    form = ProgressForm(request.POST, instance=ProgressUpdate(measure=measure))
    if form.is_valid():
        try:
            services.progress_report(update=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(reverse("roadmap:measure_detail", args=[pk]) + "#progress")
    return _measure_page(request, pk, progress_form=form)


@require_POST
@require(Action.REPORT_PROGRESS)
def progress_delete(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.select_related("measure"), pk=pk)
    services.progress_delete(update=update, actor=request.user)
    messages.success(
        request,
        _("The progress report of %(date)s (%(percent)d %%) was removed.")
        % {
            "date": date_format(update.reported_on, "SHORT_DATE_FORMAT"),
            "percent": update.percent_done,
        },
    )
    return redirect(reverse("roadmap:measure_detail", args=[update.measure_id]) + "#progress")


@require(Action.VIEW_ENGAGEMENT)
def export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("csv", "xlsx"):
        raise Http404
    records = current_snapshot()["measures"]
    stamp = timezone.localdate().isoformat()
    name = f"roadmap-{request.tenant.slug}-{stamp}"
    if kind == "xlsx":
        content = roadmap_xlsx(records, title=f"{request.tenant.name}: {_('Digital roadmap')}")
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(roadmap_csv(records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# --- IT partners -----------------------------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def partners(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/partners.html",
        {"partners": ITPartner.objects.prefetch_related("measures"), **_abilities(request)},
    )


def _partner_form(request: HttpRequest, partner: ITPartner) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner)
    return form_page(
        request,
        form,
        lambda: services.partner_save(partner=form.save(commit=False), actor=request.user),
        done=lambda saved: reverse("roadmap:partners"),
        template="roadmap/form.html",
        context={
            "instance": partner,
            "back": reverse("roadmap:partners"),
            "area": _("IT partners"),
        },
        saved=_("IT partner saved."),
    )


@require(Action.EDIT_ROADMAP)
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form(request, ITPartner())


@require(Action.EDIT_ROADMAP)
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_form(request, get_object_or_404(ITPartner, pk=pk))


# --- Workshops and ideas ---------------------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def workshops(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/workshops.html",
        {"workshops": selectors.workshops(), **_abilities(request)},
    )


def _workshop_form(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = WorkshopForm(request.POST or None, instance=workshop)
    return form_page(
        request,
        form,
        lambda: services.workshop_save(workshop=form.save(commit=False), actor=request.user),
        done=lambda saved: reverse("roadmap:workshop_detail", args=[saved.pk]),
        template="roadmap/form.html",
        context={
            "instance": workshop,
            "back": reverse("roadmap:workshops"),
            "area": _("Workshops"),
        },
        saved=_("Workshop saved."),
    )


@require(Action.EDIT_ROADMAP)
def workshop_create(request: HttpRequest) -> HttpResponse:
    return _workshop_form(request, Workshop())


@require(Action.EDIT_ROADMAP)
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workshop_form(request, get_object_or_404(Workshop, pk=pk))


@require(Action.VIEW_ENGAGEMENT)
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(selectors.workshops(), pk=pk)
    # A new voting link is shown once, right after it was made; only its hash is kept.
    links = request.session.get(LINK_SESSION_KEY, {})
    voting_link = links.pop(str(workshop.pk), None)
    if voting_link is not None:
        request.session[LINK_SESSION_KEY] = links
    return render(
        request,
        "roadmap/workshop_detail.html",
        {
            "workshop": workshop,
            "ideas": selectors.ideas_ranked(workshop),
            "quick_form": IdeaQuickForm(),
            "voting_link": voting_link,
            **_abilities(request),
        },
    )


@require_POST
@require(Action.EDIT_ROADMAP)
def idea_quick_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Quick entry: save the idea and come straight back to an empty, focused field."""
    workshop = get_object_or_404(Workshop, pk=pk)
    form = IdeaQuickForm(request.POST, instance=Idea(workshop=workshop))
    if form.is_valid():
        idea = services.idea_save(idea=form.save(commit=False), actor=request.user)
        messages.success(request, _("Added: %(title)s") % {"title": idea.title})
        # Keep the chosen topic for the next idea: ideas often come in clusters.
        topic = form.cleaned_data.get("topic")
        query = f"?topic={topic.pk}" if topic else ""
    else:
        messages.error(request, _("Write the idea first."))
        query = ""
    # No #fragment: scrolling to one would take the focus away from the field again.
    return redirect(reverse("roadmap:workshop_detail", args=[pk]) + query)


@require_POST
@require(Action.EDIT_ROADMAP)
def workshop_link(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(Workshop, pk=pk)
    token = services.workshop_link_issue(workshop=workshop, actor=request.user)
    links = request.session.get(LINK_SESSION_KEY, {})
    links[str(workshop.pk)] = request.build_absolute_uri(reverse("roadmap:vote", args=[token]))
    request.session[LINK_SESSION_KEY] = links
    messages.success(request, _("A new voting link was made; voting is open."))
    return redirect("roadmap:workshop_detail", pk=pk)


@require_POST
@require(Action.EDIT_ROADMAP)
def workshop_voting(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(Workshop, pk=pk)
    is_open = request.POST.get("open") == "1"
    try:
        services.workshop_voting_set(workshop=workshop, is_open=is_open, actor=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Voting is open.") if is_open else _("Voting is closed."))
    return redirect("roadmap:workshop_detail", pk=pk)


IDEA_VIEWS = ("ranked", "topics", "matrix")


@require(Action.VIEW_ENGAGEMENT)
def ideas(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "ranked")
    if view not in IDEA_VIEWS:
        view = "ranked"
    workshop_id = request.GET.get("workshop", "")
    workshop = None
    if workshop_id.isdecimal():
        workshop = get_object_or_404(Workshop, pk=workshop_id)
    context = {
        "view": view,
        "workshop": workshop,
        "workshops": Workshop.objects.all(),
        **_abilities(request),
    }
    if view == "topics":
        context["clusters"] = selectors.ideas_by_topic(workshop)
    elif view == "matrix":
        context["matrix"] = selectors.idea_matrix(workshop)
    else:
        context["ideas"] = selectors.ideas_ranked(workshop)
    return render(request, "roadmap/ideas.html", context)


def _idea_form(request: HttpRequest, idea: Idea) -> HttpResponse:
    form = IdeaForm(request.POST or None, instance=idea)
    merge_form = MergeForm(idea=idea) if idea.pk else None
    return form_page(
        request,
        form,
        lambda: services.idea_save(idea=form.save(commit=False), actor=request.user),
        done=lambda saved: reverse("roadmap:ideas"),
        template="roadmap/idea_form.html",
        context={"idea": idea, "merge_form": merge_form},
        saved=_("Idea saved."),
    )


@require(Action.EDIT_ROADMAP)
def idea_create(request: HttpRequest) -> HttpResponse:
    return _idea_form(request, Idea(source=Idea.Source.OTHER))


@require(Action.EDIT_ROADMAP)
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _idea_form(request, get_object_or_404(Idea, pk=pk))


def _back_to_ideas(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if back.startswith("/roadmap/") and not back.startswith("//"):
        return redirect(back)
    return redirect("roadmap:ideas")


@require_POST
@require(Action.EDIT_ROADMAP)
def idea_place(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        services.idea_place(
            idea=idea,
            impact=form.cleaned_data["impact"],
            effort=form.cleaned_data["effort"],
            actor=request.user,
        )
        messages.success(request, _("Placed: %(title)s") % {"title": idea.title})
    else:
        messages.error(request, _("Impact and effort go from 1 to 5."))
    return _back_to_ideas(request)


@require_POST
@require(Action.EDIT_ROADMAP)
def idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = MergeForm(request.POST, idea=idea)
    if not form.is_valid():
        messages.error(request, _("Choose the idea to merge into."))
        return redirect("roadmap:idea_edit", pk=pk)
    try:
        into = services.idea_merge(
            duplicate=idea, into=form.cleaned_data["into"], actor=request.user
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("roadmap:idea_edit", pk=pk)
    messages.success(
        request,
        _("“%(duplicate)s” was merged into “%(into)s”; both sources are kept.")
        % {"duplicate": idea.title, "into": into.title},
    )
    return redirect("roadmap:ideas")


@require_POST
@require(Action.EDIT_ROADMAP)
def idea_delete(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    services.idea_delete(idea=idea, actor=request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": idea.title})
    return redirect("roadmap:ideas")


@require_POST
@require(Action.EDIT_ROADMAP)
def ideas_to_measures(request: HttpRequest) -> HttpResponse:
    chosen = [value for value in request.POST.getlist("idea") if value.isdecimal()]
    try:
        made = services.ideas_to_measures(
            ideas=Idea.objects.filter(pk__in=chosen), actor=request.user
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return _back_to_ideas(request)
    messages.success(
        request,
        ngettext(
            "%(count)d measure added to the roadmap; fill in its details.",
            "%(count)d measures added to the roadmap; fill in their details.",
            len(made),
        )
        % {"count": len(made)},
    )
    return redirect("roadmap:index")


@require(Action.EDIT_ROADMAP)
def idea_import(request: HttpRequest) -> HttpResponse:
    """Pull ideas in from the analysis' findings and the surveys' free-text answers.

    Each idea keeps the link to its source; from an answer only the text is copied.
    """
    from interviews.models import Finding
    from surveys.selectors import coded_topics

    findings = Finding.objects.select_related("topic__dimension").filter(ideas__isnull=True)
    answers = selectors.free_text_answers_to_take_over()
    if request.method == "POST":
        chosen = {
            name: [v for v in request.POST.getlist(name) if v.isdecimal()]
            for name in ("finding", "answer")
        }
        made = [
            Idea(
                title=finding.statement[:300],
                topic=finding.topic,
                source=Idea.Source.FINDING,
                finding=finding,
            )
            for finding in findings.filter(pk__in=chosen["finding"])
        ]
        taken = [answer for answer in answers if str(answer.pk) in chosen["answer"]]
        # The topic the survey analysis gave the text, else the question's own.
        coded = coded_topics(taken)
        made += [
            Idea(
                title=answer.text[:300],
                description=answer.text if len(answer.text) > 300 else "",
                topic=coded.get(answer.pk) or answer.question.topic,
                source=Idea.Source.SURVEY,
                answer=answer,
            )
            for answer in taken
        ]
        for idea in made:
            services.idea_save(idea=idea, actor=request.user)
        if made:
            messages.success(
                request,
                ngettext("%(count)d idea taken over.", "%(count)d ideas taken over.", len(made))
                % {"count": len(made)},
            )
            return redirect("roadmap:ideas")
        messages.error(request, _("Choose at least one finding or answer."))
    return render(
        request,
        "roadmap/idea_import.html",
        {
            "findings": findings.order_by("topic__dimension__position", "topic__position", "id"),
            "answers": answers,
        },
    )


# --- Voting from a phone (no account) --------------------------------------------------------


def _voter_cookie(workshop: Workshop) -> str:
    return f"ww_voter_{workshop.pk}"


def vote(request: HttpRequest, token: str) -> HttpResponse:
    """The participants' page behind the workshop link: join with a name or anonymously, vote.

    The device is remembered by a signed cookie holding a random key; no account, no e-mail.
    An unknown link or closed voting gets a 403 page that names no workshop.
    """
    workshop = services.workshop_for_token(token)
    if workshop is None:
        return render(request, "roadmap/vote_closed.html", status=403)
    cookie = _voter_cookie(workshop)
    key = request.get_signed_cookie(cookie, default=None, salt="roadmap.voter")
    voter = workshop.voters.filter(key=key).first() if key else None
    if request.method == "POST" and request.POST.get("join"):
        form = VoterNameForm(request.POST)
        if form.is_valid():
            key = key or secrets.token_urlsafe(24)
            services.voter_join(workshop=workshop, key=key, name=form.cleaned_data["name"])
            response = redirect("roadmap:vote", token=token)
            response.set_signed_cookie(
                cookie,
                key,
                salt="roadmap.voter",
                max_age=60 * 60 * 24 * 7,
                path=reverse("roadmap:vote", args=[token]),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    elif request.method == "POST" and voter is not None:
        idea = Idea.objects.filter(pk=request.POST.get("idea", "0") or 0, workshop=workshop).first()
        if idea is None:
            messages.error(request, _("This idea is not up for voting in this workshop."))
        else:
            try:
                if request.POST.get("action") == "remove":
                    services.vote_withdraw(voter=voter, idea=idea)
                else:
                    services.vote_cast(voter=voter, idea=idea)
            except ValidationError as error:
                _flash_errors(request, error)
        return redirect(reverse("roadmap:vote", args=[token]) + f"#idea-{idea.pk if idea else ''}")
    if voter is None:
        return render(
            request,
            "roadmap/vote_join.html",
            {"workshop": workshop, "form": VoterNameForm()},
        )
    mine = selectors.votes_of(voter.pk)
    used = sum(mine.values())
    ideas = list(
        Idea.objects.filter(workshop=workshop, merged_into__isnull=True)
        .select_related("topic")
        .order_by("topic__dimension__position", "topic__position", "id")
    )
    for idea in ideas:
        idea.my_dots = mine.get(idea.pk, 0)
    return render(
        request,
        "roadmap/vote.html",
        {
            "workshop": workshop,
            "voter": voter,
            "ideas": ideas,
            "used": used,
            "left": workshop.dots_per_participant - used,
            "dots": range(workshop.dots_per_participant),
        },
    )


# --- Versions --------------------------------------------------------------------------------


def _versions_page(request: HttpRequest, form: VersionForm | None = None) -> HttpResponse:
    return render(
        request,
        "roadmap/versions.html",
        {
            "versions": selectors.versions(),
            "form": form or VersionForm(),
            "compare_form": CompareForm(),
            **_abilities(request),
        },
    )


@require(Action.VIEW_ENGAGEMENT)
def versions(request: HttpRequest) -> HttpResponse:
    return _versions_page(request)


@require_POST
@require(Action.EDIT_ROADMAP)
def version_freeze(request: HttpRequest) -> HttpResponse:
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.version_freeze(
                name=form.cleaned_data["name"], note=form.cleaned_data["note"], actor=request.user
            )
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, _("Version “%(name)s” frozen.") % {"name": version.name})
            return redirect("roadmap:version_detail", pk=version.pk)
    return _versions_page(request, form)


@require(Action.VIEW_ENGAGEMENT)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(RoadmapVersion, pk=pk)
    return render(
        request,
        "roadmap/version_detail.html",
        {"version": version, "groups": records_by_dimension(snapshot_records(version.snapshot))},
    )


@require(Action.VIEW_ENGAGEMENT)
def version_compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None)
    diff = older = newer = None
    if form.is_valid():
        older, newer = (_side(form.cleaned_data[name]) for name in ("older", "newer"))
        diff = snapshot_diff(older[1], newer[1])
    elif request.GET:
        messages.error(request, _("Choose two versions to compare."))
    return render(
        request,
        "roadmap/version_compare.html",
        {
            "form": form,
            "diff": diff,
            "older_name": older[0] if older else "",
            "newer_name": newer[0] if newer else "",
        },
    )


def _side(choice: str) -> tuple[str, dict]:
    if choice == DRAFT:
        return _("Current draft"), current_snapshot()
    version = RoadmapVersion.objects.get(pk=choice)
    return version.name, version.snapshot


# --- Phase 4: implementation -----------------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def implementation(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "roadmap/implementation.html",
        {
            "progress": selectors.roadmap_progress(today),
            "by_dimension": selectors.health_by_dimension(today),
            "overdue": selectors.overdue_measures(today),
            "measures": selectors.measures(today),
            "debriefings": Debriefing.objects.select_related("meeting", "version"),
            "instruments": Instrument.objects.all(),
            "health_labels": selectors.HEALTH,
            **_abilities(request),
        },
    )


def _simple_form(
    request: HttpRequest,
    form: Form,
    save: Callable[[Model], object],
    *,
    instance: Model,
    back: str,
    area: str,
    saved: str,
) -> HttpResponse:
    return form_page(
        request,
        form,
        lambda: save(form.save(commit=False)),
        done=lambda _saved: back,
        template="roadmap/form.html",
        context={"instance": instance, "back": back, "area": area},
        saved=saved,
    )


@require(Action.EDIT_ROADMAP)
def debriefing_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    debriefing = get_object_or_404(Debriefing, pk=pk) if pk else Debriefing()
    return _simple_form(
        request,
        DebriefingForm(request.POST or None, instance=debriefing),
        lambda d: services.debriefing_save(debriefing=d, actor=request.user),
        instance=debriefing,
        back=reverse("roadmap:implementation"),
        area=_("Implementation"),
        saved=_("Debriefing saved."),
    )


@require(Action.EDIT_ROADMAP)
def instrument_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instrument = get_object_or_404(Instrument, pk=pk) if pk else Instrument()
    return _simple_form(
        request,
        InstrumentForm(request.POST or None, instance=instrument),
        lambda i: services.instrument_save(instrument=i, actor=request.user),
        instance=instrument,
        back=reverse("roadmap:implementation") + "#instruments",
        area=_("Implementation"),
        saved=_("Instrument saved."),
    )


@require(Action.VIEW_ENGAGEMENT)
def communication(request: HttpRequest) -> HttpResponse:
    items = list(selectors.communication_plan())
    return render(
        request,
        "roadmap/communication.html",
        {
            "items": items,
            "plan": selectors.communication_svg(items, title=_("Communication plan over time")),
            **_abilities(request),
        },
    )


@require(Action.EDIT_ROADMAP)
def communication_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(CommunicationItem, pk=pk) if pk else CommunicationItem()
    return _simple_form(
        request,
        CommunicationForm(request.POST or None, instance=item),
        lambda i: services.communication_save(item=i, actor=request.user),
        instance=item,
        back=reverse("roadmap:communication"),
        area=_("Communication strategy"),
        saved=_("Saved."),
    )


@require_POST
@require(Action.EDIT_ROADMAP)
def communication_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.communication_delete(
        item=get_object_or_404(CommunicationItem, pk=pk), actor=request.user
    )
    messages.success(request, _("Removed."))
    return redirect("roadmap:communication")
