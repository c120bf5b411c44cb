from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Role, User
from phases.models import Phase

from .models import DueItem, Municipality, MunicipalitySummary


def municipalities_for(user: User) -> QuerySet[Municipality]:
    """The municipalities a user can reach: all for firm admins, else those with a membership."""
    municipalities = Municipality.objects.exclude(schema_name="public")
    if not user.is_firm_admin:
        municipalities = municipalities.filter(memberships__user=user)
    return municipalities.order_by("name")


def municipality_link(municipality: Municipality, path: str = "/") -> str:
    """An absolute link into a municipality's site, for mails sent outside a request."""
    domain = municipality.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}{path}"


# --- The portfolio and the due lists: public tables only, a fixed number of queries -----------

PORTFOLIO_SORTS = {
    "name": ["name"],
    "phase": ["current_phase", "current_phase_state", "name"],
    "days": [F("summary__phase_entered_at").asc(nulls_last=True), "name"],
    "overdue": ["-overdue_count", "name"],
    "next": [F("next_meeting_at").asc(nulls_last=True), "name"],
    "response": [F("summary__survey_response_rate").desc(nulls_last=True), "name"],
    "roadmap": [F("summary__roadmap_progress").desc(nulls_last=True), "name"],
}


@dataclass(frozen=True)
class PortfolioFilter:
    phase: int | None = None
    consultant: int | None = None
    region: str = ""
    overdue_only: bool = False
    awaiting_sign_off: bool = False
    sort: str = "name"


@dataclass
class PortfolioRow:
    municipality: Municipality
    summary: MunicipalitySummary | None
    overdue_count: int
    next_meeting_at: datetime | None
    next_meeting_title: str | None
    consultants: list[User]

    @property
    def days_in_phase(self) -> int | None:
        if self.summary is None or self.summary.phase_entered_at is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.summary.phase_entered_at)).days

    @property
    def days_awaiting_sign_off(self) -> int | None:
        """Days since the current phase went to the lead, while it waits for the decision."""
        # The state on the municipality changes with the gate decision itself; the summary
        # follows after commit: a decided phase never shows as waiting meanwhile.
        if self.municipality.current_phase_state != Phase.State.IN_REVIEW or self.summary is None:
            return None
        if self.summary.review_submitted_at is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.summary.review_submitted_at)).days


def portfolio_municipalities(user: User, chosen: PortfolioFilter) -> QuerySet[Municipality]:
    """The municipalities `user` can reach, filtered and sorted, with what their rows show."""
    today, now = timezone.localdate(), timezone.now()
    overdue = (
        DueItem.objects.filter(
            municipality=OuterRef("pk"), kind=DueItem.Kind.ACTIVITY, due_on__lt=today
        )
        .order_by()
        .values("municipality")
        .annotate(count=Count("pk"))
        .values("count")
    )
    upcoming = DueItem.objects.filter(
        municipality=OuterRef("pk"), kind=DueItem.Kind.MEETING, starts_at__gte=now
    ).order_by("starts_at")
    municipalities = (
        municipalities_for(user)
        .select_related("summary")
        .annotate(
            overdue_count=Coalesce(Subquery(overdue), 0),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            next_meeting_title=Subquery(upcoming.values("title")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.CONSULTANT)
                .select_related("user")
                .order_by("user__full_name"),
                to_attr="consultant_memberships",
            )
        )
    )
    if chosen.phase:
        municipalities = municipalities.filter(current_phase=chosen.phase)
    if chosen.consultant:
        consulted = Membership.objects.filter(role=Role.CONSULTANT, user_id=chosen.consultant)
        municipalities = municipalities.filter(pk__in=consulted.values("municipality_id"))
    if chosen.region:
        municipalities = municipalities.filter(region=chosen.region)
    if chosen.overdue_only:
        municipalities = municipalities.filter(overdue_count__gt=0)
    if chosen.awaiting_sign_off:
        municipalities = municipalities.filter(current_phase_state=Phase.State.IN_REVIEW)
    return municipalities.order_by(*PORTFOLIO_SORTS.get(chosen.sort, ["name"]), "pk")


def portfolio_rows(municipalities: Iterable[Municipality]) -> list[PortfolioRow]:
    """Rows of (a page of) `portfolio_municipalities`: two queries for any number of rows."""
    return [
        PortfolioRow(
            municipality=m,
            summary=getattr(m, "summary", None),
            overdue_count=m.overdue_count,
            next_meeting_at=m.next_meeting_at,
            next_meeting_title=m.next_meeting_title,
            consultants=[membership.user for membership in m.consultant_memberships],
        )
        for m in municipalities
    ]


def portfolio_filter_choices(user: User) -> dict[str, list]:
    """Regions and consultants of the municipalities `user` can reach (two queries)."""
    reachable = municipalities_for(user)
    regions = (
        reachable.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    )
    consultants = (
        User.objects.filter(
            memberships__role=Role.CONSULTANT,
            memberships__municipality__in=reachable.values("pk"),
        )
        .distinct()
        .order_by("full_name")
    )
    return {"regions": list(regions), "consultants": list(consultants)}


def week_end(today: date) -> date:
    """The last day of the list "due this week": a rolling seven days, today included."""
    return today + timedelta(days=6)


def due_items_for(user: User, *, today: date | None = None) -> QuerySet[DueItem]:
    """A consultant's own to-do across engagements: overdue and this week's activities that
    are theirs or nobody's in an engagement they consult on, and this week's meetings there."""
    today = today or timezone.localdate()
    consulted = Membership.objects.filter(user=user, role=Role.CONSULTANT).values("municipality_id")
    theirs = Q(owner=user) | Q(owner__isnull=True, municipality__in=consulted)
    activities = Q(kind=DueItem.Kind.ACTIVITY, due_on__lte=week_end(today))
    meetings = Q(
        kind=DueItem.Kind.MEETING,
        due_on__gte=today,
        due_on__lte=week_end(today),
        municipality__in=consulted,
    ) | Q(kind=DueItem.Kind.MEETING, due_on__gte=today, due_on__lte=week_end(today), owner=user)
    return (
        DueItem.objects.filter((activities & theirs) | meetings)
        .select_related("municipality")
        .order_by("due_on", "starts_at", "municipality__name", "title")
    )
