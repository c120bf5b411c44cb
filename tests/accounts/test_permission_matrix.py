"""The access rules as a matrix: who may do what, first as `can()` answers, then view by view.

The expected tables are written out here on purpose, not derived from ROLE_ACTIONS: a test
that reads the rules from the code it checks could never fail.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import resolve
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import Membership, User
from accounts.permissions import (
    Action,
    can,
    can_create_municipality,
    can_manage_staff,
    can_read_audit_log,
)
from engagements.models import Municipality
from phases.models import Activity, GateEvent, Phase
from taxonomy.models import Dimension, Topic
from tests import urlwalk
from tests.conftest import is_login_redirect, persona, signed_in_client
from tests.view_matrix import (
    DECIDERS_POST,
    DONE,
    EDITORS,
    EDITORS_POST,
    EVERYONE_200,
    EVERYONE_400,
    EVERYONE_DONE,
    EVERYONE_TO_LOGIN,
    FIRM_ADMIN,
    FIRM_ADMIN_POST,
    FIRM_STAFF,
    FIRM_STAFF_POST,
    GO_TO_ALPHA,
    LOGIN,
    LOGIN_PAGE,
    MANAGERS,
    MANAGERS_POST,
    MEMBERS_OF_ALPHA,
    PROFILE_POST,
    REOPENERS_POST,
    ROLES,
    SIGNED_IN,
    SIGNED_IN_POST,
    SUBMITTERS_POST,
    UNKNOWN_MOVE_POST,
    VIEWERS,
    ViewCase,
    app_case_modules,
    static,
)

# --- can(): persona x action x municipality ----------------------------------------------------

ACTIONS = [
    Action.VIEW_ENGAGEMENT,
    Action.EDIT_ACTIVITIES,
    Action.SUBMIT_PHASE,
    Action.DECIDE_GATE,
    Action.REOPEN_PHASE,
    Action.EDIT_TAXONOMY,
    Action.EDIT_MUNICIPALITY,
    Action.MANAGE_MEMBERS,
]
# One row per persona, one column per action in the order above. Y: allowed.
# fmt: off
CAN = {
    "alpha": {
        #             view edit submit decide reopen taxonomy municipality members
        "anonymous": ".    .    .      .      .      .        .            .",
        "otto":      ".    .    .      .      .      .        .            .",
        "mia":       "Y    .    .      .      .      .        .            .",
        "leo":       "Y    .    .      Y      Y      .        .            .",
        "carla":     "Y    Y    Y      .      Y      Y        Y            Y",
        "fiona":     "Y    Y    Y      .      Y      Y        Y            Y",
        "bert":      ".    .    .      .      .      .        .            .",
        "berta":     ".    .    .      .      .      .        .            .",
    },
    "beta": {
        #             view edit submit decide reopen taxonomy municipality members
        "anonymous": ".    .    .      .      .      .        .            .",
        "otto":      ".    .    .      .      .      .        .            .",
        "mia":       ".    .    .      .      .      .        .            .",
        "leo":       ".    .    .      .      .      .        .            .",
        "carla":     ".    .    .      .      .      .        .            .",
        "fiona":     "Y    Y    Y      .      Y      Y        Y            Y",
        "bert":      "Y    Y    Y      .      Y      Y        Y            Y",
        "berta":     "Y    .    .      Y      Y      .        .            .",
    },
}
# fmt: on

# Checks on the account itself: create municipality, read audit log, manage staff.
ACCOUNT_CHECKS = {
    "anonymous": (False, False, False),
    "otto": (False, False, False),
    "mia": (False, False, False),
    "leo": (False, False, False),
    "carla": (True, False, False),
    "fiona": (True, True, True),
    "bert": (True, False, False),
    "berta": (False, False, False),
}
APP_CAN_TABLES = [module.CAN for module in app_case_modules() if hasattr(module, "CAN")]
CAN_CASES = [
    (slug, name, action, row.split()[index] == "Y")
    for table in [{"actions": ACTIONS, **CAN}, *APP_CAN_TABLES]
    for slug, rows in table.items()
    if slug != "actions"
    for name, row in rows.items()
    for index, action in enumerate(table["actions"])
]


def user_named(name: str) -> User | AnonymousUser:
    return AnonymousUser() if name == "anonymous" else persona(name)


def test_the_tables_have_a_column_for_every_action() -> None:
    tables = [{"actions": ACTIONS, **CAN}, *APP_CAN_TABLES]
    columns = [action for table in tables for action in table["actions"]]
    assert sorted(columns) == sorted(Action), "each action needs exactly one column"
    for table in tables:
        rows = [row for slug, rows in table.items() if slug != "actions" for row in rows.values()]
        assert all(len(row.split()) == len(table["actions"]) for row in rows)
        assert all(set(table[slug]) == set(CAN["alpha"]) for slug in ("alpha", "beta"))


@pytest.mark.parametrize(
    ("slug", "name", "action", "allowed"),
    CAN_CASES,
    ids=[f"{slug}-{name}-{action}" for slug, name, action, _ in CAN_CASES],
)
def test_can_answers_as_the_table_says(
    db, slug: str, name: str, action: Action, allowed: bool
) -> None:
    municipality = Municipality.objects.get(slug=slug)
    assert can(user_named(name), action, municipality) is allowed


@pytest.mark.parametrize("name", ["carla", "fiona", "leo"])
def test_deactivated_account_may_do_nothing(db, name: str) -> None:
    user = persona(name)
    user.is_active = False
    for municipality in Municipality.objects.exclude(schema_name="public"):
        assert not any(can(user, action, municipality) for action in Action)
    assert (can_create_municipality(user), can_read_audit_log(user)) == (False, False)


@pytest.mark.parametrize("name", list(ACCOUNT_CHECKS))
def test_account_checks_answer_as_the_table_says(db, name: str) -> None:
    user = user_named(name)
    answers = (can_create_municipality(user), can_read_audit_log(user), can_manage_staff(user))
    assert answers == ACCOUNT_CHECKS[name]


# --- Views: role x view, with the status each role gets ----------------------------------------


def first_activity() -> Activity:
    return Activity.objects.filter(phase__number=1).order_by("position", "pk").first()


def activities_state() -> list:
    return list(Activity.objects.order_by("pk").values_list("pk", "title", "status", "position"))


def gate_state() -> tuple:
    states = list(Phase.objects.order_by("number").values_list("state", flat=True))
    return states, GateEvent.objects.count()


def taxonomy_state() -> tuple:
    return (
        list(Dimension.objects.order_by("pk").values_list("pk", "name")),
        list(Topic.objects.order_by("pk").values_list("pk", "dimension_id", "name")),
    )


def phase_one_done() -> None:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)


def phase_one_in_review() -> None:
    phase_one_done()
    Phase.objects.filter(number=1).update(state=Phase.State.IN_REVIEW)


def phase_one_approved() -> None:
    phase_one_done()
    Phase.objects.filter(number=1).update(state=Phase.State.APPROVED)
    Phase.objects.filter(number=2).update(state=Phase.State.ACTIVE)


def empty_dimension() -> None:
    Dimension.objects.create(key="empty", name="Empty", position=50)


def alpha() -> Municipality:
    return Municipality.objects.get(slug="alpha")


def alpha_profile_state() -> tuple:
    return Municipality.objects.values_list("name", "brand_colour").get(slug="alpha")


def alpha_members_state() -> list:
    memberships = Membership.objects.filter(municipality__slug="alpha").order_by("pk")
    return list(memberships.values_list("pk", "user__email", "role"))


def mia_membership_id() -> int:
    return Membership.objects.get(municipality__slug="alpha", user__email="mia@example.org").pk


def municipalities_state() -> list:
    return list(Municipality.objects.order_by("pk").values_list("slug", flat=True))


def users_state() -> list:
    return list(User.objects.order_by("pk").values_list("email", "is_active", "is_firm_admin"))


TENANT_CASES = [
    ViewCase("overview", "tenant", "get", static("/"), VIEWERS),
    ViewCase("phase", "tenant", "get", static("/phases/1/"), VIEWERS),
    ViewCase("logo", "tenant", "get", static("/branding/logo/"), VIEWERS),
    ViewCase("activity_create", "tenant", "get", static("/phases/1/activities/new/"), EDITORS),
    ViewCase(
        "activity_create",
        "tenant",
        "post",
        static("/phases/1/activities/new/"),
        EDITORS_POST,
        data=lambda: {"title": "Open data inventory", "status": "open"},
        state=activities_state,
    ),
    ViewCase(
        "activity_edit", "tenant", "get", lambda: f"/activities/{first_activity().pk}/", EDITORS
    ),
    ViewCase(
        "activity_edit",
        "tenant",
        "post",
        lambda: f"/activities/{first_activity().pk}/",
        EDITORS_POST,
        data=lambda: {"title": "Kick-off", "status": "in_progress", "required_for_gate": "on"},
        state=activities_state,
    ),
    ViewCase(
        "activity_delete",
        "tenant",
        "post",
        lambda: f"/activities/{first_activity().pk}/delete/",
        EDITORS_POST,
        state=activities_state,
    ),
    ViewCase(
        "activity_move",
        "tenant",
        "post",
        lambda: f"/activities/{first_activity().pk}/move/",
        EDITORS_POST,
        data=lambda: {"direction": "down"},
        state=activities_state,
    ),
    ViewCase(
        "submit",
        "tenant",
        "post",
        static("/phases/1/submit/"),
        SUBMITTERS_POST,
        arrange=phase_one_done,
        state=gate_state,
    ),
    ViewCase(
        "approve",
        "tenant",
        "post",
        static("/phases/1/approve/"),
        DECIDERS_POST,
        arrange=phase_one_in_review,
        state=gate_state,
    ),
    ViewCase(
        "return",
        "tenant",
        "post",
        static("/phases/1/return/"),
        DECIDERS_POST,
        data=lambda: {"comment": "The interviews are missing."},
        arrange=phase_one_in_review,
        state=gate_state,
    ),
    ViewCase(
        "reopen",
        "tenant",
        "post",
        static("/phases/1/reopen/"),
        REOPENERS_POST,
        data=lambda: {"comment": "A finding came in late."},
        arrange=phase_one_approved,
        state=gate_state,
    ),
    ViewCase(
        "unknown_transition",
        "tenant",
        "post",
        static("/phases/1/skip-ahead/"),
        UNKNOWN_MOVE_POST,
        arrange=phase_one_done,
        state=gate_state,
    ),
    ViewCase("taxonomy", "tenant", "get", static("/taxonomy/"), VIEWERS),
    ViewCase("dimension_create", "tenant", "get", static("/taxonomy/dimensions/new/"), EDITORS),
    ViewCase(
        "dimension_create",
        "tenant",
        "post",
        static("/taxonomy/dimensions/new/"),
        EDITORS_POST,
        data=lambda: {"name": "Open data"},
        state=taxonomy_state,
    ),
    ViewCase(
        "dimension_edit",
        "tenant",
        "get",
        lambda: f"/taxonomy/dimensions/{Dimension.objects.first().pk}/",
        EDITORS,
    ),
    ViewCase(
        "dimension_edit",
        "tenant",
        "post",
        lambda: f"/taxonomy/dimensions/{Dimension.objects.first().pk}/",
        EDITORS_POST,
        data=lambda: {"name": "Renamed dimension"},
        state=taxonomy_state,
    ),
    ViewCase(
        "dimension_delete",
        "tenant",
        "post",
        lambda: f"/taxonomy/dimensions/{Dimension.objects.get(key='empty').pk}/delete/",
        EDITORS_POST,
        arrange=empty_dimension,
        state=taxonomy_state,
    ),
    ViewCase("topic_create", "tenant", "get", static("/taxonomy/topics/new/"), EDITORS),
    ViewCase(
        "topic_create",
        "tenant",
        "post",
        static("/taxonomy/topics/new/"),
        EDITORS_POST,
        data=lambda: {"dimension": Dimension.objects.first().pk, "name": "Open data portal"},
        state=taxonomy_state,
    ),
    ViewCase(
        "topic_edit",
        "tenant",
        "get",
        lambda: f"/taxonomy/topics/{Topic.objects.first().pk}/",
        EDITORS,
    ),
    ViewCase(
        "topic_edit",
        "tenant",
        "post",
        lambda: f"/taxonomy/topics/{Topic.objects.first().pk}/",
        EDITORS_POST,
        data=lambda: {"dimension": Topic.objects.first().dimension_id, "name": "Renamed topic"},
        state=taxonomy_state,
    ),
    ViewCase(
        "topic_delete",
        "tenant",
        "post",
        lambda: f"/taxonomy/topics/{Topic.objects.first().pk}/delete/",
        EDITORS_POST,
        state=taxonomy_state,
    ),
    ViewCase("handoff", "tenant", "get", static("/handoff/"), EVERYONE_400),
    ViewCase("logout", "tenant", "post", static("/logout/"), EVERYONE_TO_LOGIN),
    ViewCase(
        "set_language",
        "tenant",
        "post",
        static("/i18n/setlang/"),
        EVERYONE_DONE,
        data=lambda: {"language": "en", "next": "/"},
    ),
]

PUBLIC_CASES = [
    ViewCase("portfolio", "public", "get", static("/"), SIGNED_IN),
    ViewCase("municipality_create", "public", "get", static("/municipalities/new/"), FIRM_STAFF),
    ViewCase(
        "municipality_create",
        "public",
        "post",
        static("/municipalities/new/"),
        FIRM_STAFF_POST,
        data=lambda: {"name": "Neustadt", "slug": "neustadt", "language": "de"},
        state=municipalities_state,
    ),
    ViewCase("municipality", "public", "get", static("/municipalities/alpha/"), MEMBERS_OF_ALPHA),
    ViewCase(
        "profile_edit",
        "public",
        "post",
        static("/municipalities/alpha/"),
        PROFILE_POST,
        data=lambda: {"name": "Altstadt am See", "brand_colour": "#123456", "population": "48000"},
        state=alpha_profile_state,
    ),
    ViewCase(
        "municipality_logo",
        "public",
        "get",
        static("/municipalities/alpha/logo/"),
        MEMBERS_OF_ALPHA,
    ),
    ViewCase("member_add", "public", "get", static("/municipalities/alpha/members/new/"), MANAGERS),
    ViewCase(
        "member_add",
        "public",
        "post",
        static("/municipalities/alpha/members/new/"),
        MANAGERS_POST,
        data=lambda: {"email": "nele@example.org", "full_name": "Nele", "role": "member"},
        state=alpha_members_state,
    ),
    ViewCase(
        "member_change",
        "public",
        "post",
        lambda: f"/municipalities/alpha/members/{mia_membership_id()}/",
        MANAGERS_POST,
        data=lambda: {"role": "lead"},
        state=alpha_members_state,
    ),
    ViewCase(
        "member_remove",
        "public",
        "post",
        lambda: f"/municipalities/alpha/members/{mia_membership_id()}/",
        MANAGERS_POST,
        data=lambda: {"remove": "1"},
        state=alpha_members_state,
    ),
    ViewCase("go", "public", "get", static("/go/alpha/"), GO_TO_ALPHA),
    ViewCase("audit_log", "public", "get", static("/audit/?action=login"), FIRM_ADMIN),
    ViewCase("team", "public", "get", static("/team/"), FIRM_ADMIN),
    ViewCase(
        "team",
        "public",
        "post",
        static("/team/"),
        FIRM_ADMIN_POST,
        data=lambda: {"full_name": "Nina Neu", "email": "nina@example.org"},
        state=users_state,
    ),
    ViewCase(
        "staff_change",
        "public",
        "post",
        lambda: f"/team/{persona('bert').pk}/",
        FIRM_ADMIN_POST,
        data=lambda: {"is_active": "", "is_firm_admin": ""},
        state=users_state,
    ),
    ViewCase("account", "public", "get", static("/account/"), SIGNED_IN),
    ViewCase(
        "account",
        "public",
        "post",
        static("/account/"),
        SIGNED_IN_POST,
        data=lambda: {"profile": "1", "full_name": "Renamed", "language": "en"},
    ),
    ViewCase("login", "public", "get", static("/login/"), LOGIN_PAGE),
    ViewCase("password_reset", "public", "get", static("/password/reset/"), EVERYONE_200),
    ViewCase("admin", "public", "get", static("/admin/"), EVERYONE_TO_LOGIN),
    ViewCase("logout", "public", "post", static("/logout/"), EVERYONE_TO_LOGIN),
    ViewCase(
        "set_language",
        "public",
        "post",
        static("/i18n/setlang/"),
        EVERYONE_DONE,
        data=lambda: {"language": "en", "next": "/"},
    ),
]

APP_CASES = [case for module in app_case_modules() for case in module.CASES]
ALL_CASES = TENANT_CASES + PUBLIC_CASES + APP_CASES


@pytest.fixture
def alpha_logo(alpha, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    alpha.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    Municipality.objects.filter(pk=alpha.pk).update(logo=alpha.logo.name)


def outcome_of(response: HttpResponse) -> str | int:
    if is_login_redirect(response):
        return LOGIN
    if response.status_code == 302:
        return DONE
    return response.status_code


def schema_of(case: ViewCase) -> str:
    return "alpha" if case.site == "tenant" else get_public_schema_name()


def answer_of(case: ViewCase, role: str) -> str | None:
    """What is wrong with the role's answer, or None; in a savepoint undone afterwards."""
    with transaction.atomic():
        with schema_context(schema_of(case)):
            # Fresh for each role: an uploaded file is read to its end by the request.
            path, data = case.path(), case.data()
            before = case.state() if case.state else None
        user = None if role == "anonymous" else persona(role)
        client = signed_in_client(user, alpha() if case.site == "tenant" else None)
        response = client.get(path) if case.method == "get" else client.post(path, data)
        with schema_context(schema_of(case)):
            after = case.state() if case.state else None
        transaction.set_rollback(True)
    connection.set_schema_to_public()

    expected = case.outcomes[role]
    if outcome_of(response) != expected:
        return (
            f"{role}: {case.method.upper()} {path} answered {response.status_code} "
            f"{response.get('Location', '')}, the table says {expected}"
        )
    if case.state is not None and expected == DONE and after == before:
        return f"{role}: the request was accepted but changed nothing"
    if case.state is not None and expected != DONE and after != before:
        return f"{role}: a refused request changed the database"
    return None


@pytest.mark.parametrize("case", ALL_CASES, ids=str)
def test_view_answers_each_role_as_the_rules_say(alpha_logo, case: ViewCase) -> None:
    # Arranged once; each role's request runs in a savepoint of its own, so no role sees
    # what another's request changed.
    with schema_context(schema_of(case)):
        case.arrange()
    connection.set_schema_to_public()
    wrong = [answer_of(case, role) for role in ROLES]
    assert not any(wrong), "\n".join(filter(None, wrong))


def test_every_role_is_in_every_row() -> None:
    for case in ALL_CASES:
        assert set(case.outcomes) == set(ROLES), case


# Password reset's later steps and the admin's own pages are Django's, reached only through
# the first step (in the table) and the admin login (in the table).
NOT_IN_TABLE = {
    "public:accounts:password_reset_done",
    "public:accounts:password_reset_confirm",
}


def test_every_view_of_both_sites_is_in_the_table(alpha) -> None:
    in_table = set()
    for case in ALL_CASES:
        urlconf = (
            urlwalk.TENANT_URLCONF if case.site == "tenant" else settings.PUBLIC_SCHEMA_URLCONF
        )
        with schema_context(schema_of(case)):
            case.arrange()
            path = urlsplit(case.path()).path
        in_table.add(f"{case.site}:{resolve(path, urlconf).view_name}")
    every_view = {
        pattern.key
        for urlconf in (urlwalk.TENANT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF)
        for pattern in urlwalk.patterns(urlconf)
        if not pattern.key.startswith("public:admin")
    }

    assert every_view - in_table - NOT_IN_TABLE == set()
