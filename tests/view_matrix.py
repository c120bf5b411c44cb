"""The vocabulary of the permission matrix (tests/accounts/test_permission_matrix.py).

Each app's views get their rows in `tests/<app>/view_cases.py`: a list `CASES` of ViewCase,
and, for actions the app adds to accounts.permissions, a `CAN` table of the same shape as the
matrix's own (`{"actions": [...], "alpha": {persona: row}, "beta": {...}}`). The matrix
collects them all; its guard fails for any view without a row.

The same module feeds the URL-isolation walk (tests/test_url_isolation.py): `URL_PARAMETERS`
fills the app's URL parameters (sources from tests/urlwalk.py), and
`isolation_objects(alpha, beta, marker)` makes the app's objects for it: at least one in
Altstadt, and in Bergdorf objects whose text carries `marker` and whose ids Altstadt does not
use, so that a leak shows on the page and a foreign id can be asked for.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

import tests

ROLES = ("anonymous", "otto", "mia", "leo", "carla", "fiona", "bert")
LOGIN = "login"  # a redirect to the login page
DONE = "done"  # a redirect anywhere else: the request went through


def expect(row: str) -> dict[str, str | int]:
    """Outcomes in the order of ROLES: anonymous otto mia leo carla fiona bert."""
    outcomes = [token if token in (LOGIN, DONE) else int(token) for token in row.split()]
    assert len(outcomes) == len(ROLES)
    return dict(zip(ROLES, outcomes, strict=True))


# fmt: off
#                           anon  otto mia  leo  carla fiona bert
VIEWERS = expect(          "login 403  200  200  200   200   403")
EDITORS = expect(          "login 403  403  403  200   200   403")
EDITORS_POST = expect(     "login 403  403  403  done  done  403")
SUBMITTERS_POST = expect(  "login 403  403  403  done  done  403")
DECIDERS_POST = expect(    "login 403  403  done 403   403   403")
REOPENERS_POST = expect(   "login 403  403  done done  done  403")
UNKNOWN_MOVE_POST = expect("login 403  404  404  404   404   403")
EVERYONE_DONE = expect(    "done  done done done done  done  done")
EVERYONE_TO_LOGIN = expect("login login login login login login login")
EVERYONE_400 = expect(     "400   400  400  400  400   400   400")
EVERYONE_200 = expect(     "200   200  200  200  200   200   200")
SIGNED_IN = expect(        "login 200  200  200  200   200   200")
SIGNED_IN_POST = expect(   "login done done done done  done  done")
LOGIN_PAGE = expect(       "200   done done done done  done  done")
FIRM_STAFF = expect(       "login 403  403  403  200   200   200")
FIRM_STAFF_POST = expect(  "login 403  403  403  done  done  done")
MEMBERS_OF_ALPHA = expect( "login 404  200  200  200   200   404")
PROFILE_POST = expect(     "login 404  403  403  done  done  404")
MANAGERS = expect(         "login 404  403  403  200   200   404")
MANAGERS_POST = expect(    "login 404  403  403  done  done  404")
GO_TO_ALPHA = expect(      "login 404  done done done  done  404")
FIRM_ADMIN = expect(       "login 403  403  403  403   200   403")
FIRM_ADMIN_POST = expect(  "login 403  403  403  403   done  403")
# fmt: on


def _nothing() -> None:
    pass


@dataclass(frozen=True)
class ViewCase:
    """One request to one view, made by each role in turn.

    `path` and `data` are called after `arrange`, in the schema of the site they address, so
    they can name objects that exist there. `state` reads what the request may change: a
    refused request must leave it alone, an accepted one must change it.
    """

    name: str
    site: str  # "tenant": Altstadt's host; "public": the consultancy's site
    method: str
    path: Callable[[], str]
    outcomes: dict[str, str | int]
    data: Callable[[], dict] = dict
    arrange: Callable[[], None] = _nothing
    state: Callable[[], object] | None = field(default=None)

    def __str__(self) -> str:
        return f"{self.site}-{self.name}-{self.method}"


def static(path: str) -> Callable[[], str]:
    return lambda: path


def app_case_modules() -> list[ModuleType]:
    """Every `tests/<app>/view_cases.py`, in name order."""
    modules = []
    for package in sorted(pkgutil.iter_modules(tests.__path__), key=lambda info: info.name):
        if not package.ispkg:
            continue
        try:
            modules.append(importlib.import_module(f"tests.{package.name}.view_cases"))
        except ModuleNotFoundError as missing:
            if missing.name != f"tests.{package.name}.view_cases":
                raise
    return modules
