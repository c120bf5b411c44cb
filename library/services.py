"""Writes to the firm's template library, and the copy of its templates into a new municipality."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_curate_library

from . import structures
from .models import Kind, LibraryTemplate, TemplateProposal, TemplateVersion
from .selectors import current_structures


def _require_curator(actor: User) -> None:
    if not can_curate_library(actor):
        raise PermissionDenied(_("Only firm administrators curate the library."))


def _version_add(
    *, template: LibraryTemplate, structure: dict, note: str, actor: User | None
) -> TemplateVersion:
    structures.structure_validate(template.kind, structure)
    # Locked, so two admins saving at once get versions 3 and 4, not two 3s.
    LibraryTemplate.objects.select_for_update().get(pk=template.pk)
    last = template.versions.aggregate(last=Max("number"))["last"] or 0
    return TemplateVersion.objects.create(
        template=template, number=last + 1, structure=structure, note=note, created_by=actor
    )


@transaction.atomic
def template_version_add(
    *, template: LibraryTemplate, structure: dict, note: str, actor: User
) -> TemplateVersion:
    """A new current version of a library template; running engagements keep their copies."""
    _require_curator(actor)
    if not note.strip():
        raise ValidationError({"note": _("Say what changed, for whoever uses it next.")})
    return _version_add(template=template, structure=structure, note=note, actor=actor)


def _template_create(
    *, kind: str, key: str, title: str, language: str, structure: dict, note: str, actor
) -> LibraryTemplate:
    template = LibraryTemplate(kind=kind, key=key, title=title[:200], language=language)
    template.full_clean()
    template.save()
    _version_add(template=template, structure=structure, note=note, actor=actor)
    return template


@transaction.atomic
def library_import_method(*, actor: User | None) -> int:
    """Put the method's built-in templates into the library, those it does not have yet.

    `actor` None: the demo or a deployment script. Returns how many templates were added.
    """
    if actor is not None:
        _require_curator(actor)
    documents = [
        (Kind.ACTIVITY_CHECKLIST, structures.checklist_builtin(language), language)
        for language in ("de", "en")
    ]
    documents += [
        (Kind.INTERVIEW_GUIDE, guide, guide.get("language", "de"))
        for guide in structures.guides_builtin()
    ]
    documents += [
        (Kind.SURVEY, survey, survey.get("primary_language", "de"))
        for survey in structures.surveys_builtin()
    ]
    added = 0
    for kind, structure, language in documents:
        key = structures.builtin_key(kind, structure, language)
        if LibraryTemplate.objects.filter(kind=kind, key=key).exists():
            continue
        if kind == Kind.ACTIVITY_CHECKLIST:
            title = {"de": "Aktivitäten der Methode", "en": "The method's activities"}[language]
        else:
            title = structures.structure_title(structure)
        _template_create(
            kind=kind,
            key=key,
            title=title,
            language=language,
            structure=structure,
            note=_("The method's built-in version."),
            actor=actor,
        )
        added += 1
    return added


# --- Proposals from engagements ---------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    municipality,
    actor: User,
    kind: str,
    title: str,
    language: str,
    structure: dict,
    note: str,
    template: LibraryTemplate | None,
) -> TemplateProposal:
    """A consultant offers a template from an engagement to the library."""
    from accounts.permissions import Action, can

    if not can(actor, Action.OFFER_TEMPLATE, municipality):
        raise PermissionDenied(_("Your role does not allow this."))
    if template is not None and template.kind != kind:
        raise ValidationError({"template": _("Choose a library template of the same kind.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what is better about it.")})
    structures.structure_validate(kind, structure)
    proposal = TemplateProposal(
        kind=kind,
        template=template,
        title=title[:200],
        language=language,
        structure=structure,
        note=note,
        municipality=municipality,
        proposed_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _decidable(proposal: TemplateProposal) -> TemplateProposal:
    proposal = TemplateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != TemplateProposal.Status.PENDING:
        raise ValidationError(
            _("This proposal was already decided: %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: TemplateProposal, actor: User, note: str = "") -> TemplateVersion:
    """Take a proposal into the library: a new version of its template, or a new template."""
    _require_curator(actor)
    proposal = _decidable(proposal)
    source = proposal.municipality.name if proposal.municipality else "?"
    version_note = note.strip() or _("Proposed from %(municipality)s: %(note)s") % {
        "municipality": source,
        "note": proposal.note,
    }
    if proposal.template is not None:
        version = _version_add(
            template=proposal.template,
            structure=proposal.structure,
            note=version_note,
            actor=actor,
        )
    else:
        key = _free_key(proposal.kind, slugify(proposal.title)[:80])
        template = _template_create(
            kind=proposal.kind,
            key=key,
            title=proposal.title,
            language=proposal.language,
            structure=proposal.structure,
            note=version_note,
            actor=actor,
        )
        version = template.versions.get()
    proposal.status = TemplateProposal.Status.ACCEPTED
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.decision_note, proposal.version = note, version
    proposal.save()
    return version


def _free_key(kind: str, key: str) -> str:
    key = key or "template"
    candidate, number = key, 2
    while LibraryTemplate.objects.filter(kind=kind, key=candidate).exists():
        candidate, number = f"{key[:75]}-{number}", number + 1
    return candidate


@transaction.atomic
def proposal_decline(*, proposal: TemplateProposal, actor: User, note: str) -> TemplateProposal:
    _require_curator(actor)
    if not note.strip():
        raise ValidationError({"decision_note": _("Tell the consultant why, so they learn.")})
    proposal = _decidable(proposal)
    proposal.status = TemplateProposal.Status.DECLINED
    proposal.decided_by, proposal.decided_at, proposal.decision_note = actor, timezone.now(), note
    proposal.save()
    return proposal


# --- Provisioning -----------------------------------------------------------------------------


def templates_seed(*, language: str) -> None:
    """Copy the library's current templates into the new municipality's schema (run in it).

    For each kind the library has nothing of yet, the method's built-in documents are used,
    so a firm that never touched its library gets the method as it ships.
    """
    from interviews.services import guide_install, guides_seed
    from surveys.services.library import survey_defaults_seed, survey_template_install

    checklists = current_structures(kind=Kind.ACTIVITY_CHECKLIST, language=language)
    if checklists:
        structures.checklist_install(checklists[0])
    guides = current_structures(kind=Kind.INTERVIEW_GUIDE)
    for guide in guides:
        guide_install(guide)
    if not guides:
        guides_seed()
    for survey in current_structures(kind=Kind.SURVEY):
        survey_template_install(structure=survey)
    # Target groups and privacy settings; the built-in template only if the library had none.
    survey_defaults_seed()
