"""Walk a URL configuration and build a concrete, resolvable URL for every pattern in it.

The isolation tests (tests/test_url_isolation.py) run over whatever this walk finds, so a view
added later is covered without editing them. Each URL parameter is filled from PARAMETERS (and
each app's URL_PARAMETERS in tests/<app>/view_cases.py): by
"<url name>:<parameter>" where one name means different things in different views (`pk`), else
by the parameter's name alone. A parameter without an entry, with a converter we do not know, or
whose entry finds no object raises `Unfillable`, and the guard test fails: nothing is skipped
silently.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import product
from typing import Protocol

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RegexPattern, RoutePattern
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from engagements.models import Municipality
from phases.models import Activity, Phase
from phases.views import GATE_TRANSITIONS
from taxonomy.models import Dimension, Topic

TENANT_URLCONF = settings.ROOT_URLCONF
PUBLIC_URLCONF = settings.PUBLIC_SCHEMA_URLCONF
KNOWN_CONVERTERS = (IntConverter, StringConverter, SlugConverter, PathConverter, UUIDConverter)


class Unfillable(Exception):
    """A pattern for which no concrete URL could be built: the walk would miss it."""


@dataclass(frozen=True)
class Target:
    """Whose site and data a URL addresses.

    With `foreign` set, parameters that refer to an object take an id that exists only in the
    foreign municipality: the URL then asks `municipality`'s site for another's object.
    """

    municipality: Municipality
    foreign: Municipality | None = None


@dataclass(frozen=True)
class Pattern:
    urlconf: str
    chain: tuple[URLResolver | URLPattern, ...]  # outermost include first, the view last
    namespace: str

    @property
    def endpoint(self) -> URLPattern:
        return self.chain[-1]

    @property
    def site(self) -> str:
        return "tenant" if self.urlconf == TENANT_URLCONF else "public"

    @property
    def name(self) -> str | None:
        name = self.endpoint.name
        if name is None:
            return None
        return f"{self.namespace}:{name}" if self.namespace else name

    @property
    def route(self) -> str:
        return "".join(str(part.pattern) for part in self.chain)

    @property
    def key(self) -> str:
        """How the tests' lists name a pattern: site and URL name (or route, if unnamed)."""
        return f"{self.site}:{self.name or self.route}"

    def __str__(self) -> str:
        return f"{self.site}:{self.route}"

    @property
    def parameters(self) -> list[tuple[str, object | None]]:
        """(name, converter) for each parameter; regular-expression groups have no converter."""
        found = []
        for part in self.chain:
            if isinstance(part.pattern, RoutePattern):
                found += list(part.pattern.converters.items())
            elif isinstance(part.pattern, RegexPattern):
                found += [(name, None) for name in part.pattern.regex.groupindex]
            else:
                raise Unfillable(f"{self}: unknown kind of pattern {type(part.pattern).__name__}")
        return found

    @property
    def addresses_a_municipality(self) -> bool:
        """Served by one municipality's site, or naming one in the URL."""
        if self.site == "tenant":
            return True
        return any(
            isinstance(all_parameters().get(name), MunicipalitySlug) for name, _ in self.parameters
        )

    @property
    def refers_to_objects(self) -> bool:
        """Has a parameter naming an object of one municipality (or one nobody could fill)."""
        for name, _ in self.parameters:
            source = source_for(self, name, strict=False)
            if source is None or source.refers_to_object:
                return True
        return False


def patterns(urlconf: str) -> list[Pattern]:
    return list(_walk(urlconf, get_resolver(urlconf).url_patterns, (), ""))


def _walk(urlconf: str, entries, chain: tuple, namespace: str) -> Iterator[Pattern]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(urlconf, entry.url_patterns, (*chain, entry), inner)
        else:
            yield Pattern(urlconf, (*chain, entry), namespace)


# --- Where parameter values come from --------------------------------------------------------


class Source(Protocol):
    refers_to_object: bool

    def values(self, target: Target, pattern: Pattern) -> list: ...


@dataclass(frozen=True)
class Fixed:
    """Values that are not objects: every one of them is exercised."""

    choices: tuple
    refers_to_object = False

    def values(self, target: Target, pattern: Pattern) -> list:
        return list(self.choices)


@dataclass(frozen=True)
class MunicipalitySlug:
    """The municipality a consultancy-site URL is about."""

    refers_to_object = False

    def values(self, target: Target, pattern: Pattern) -> list:
        return [target.municipality.slug]


@dataclass(frozen=True)
class InMunicipality:
    """A field (an id, a phase number) of an object in a municipality's own schema."""

    model: type[Model]
    field: str = "pk"
    refers_to_object = True

    def values(self, target: Target, pattern: Pattern) -> list:
        own = self._values_in(target.municipality)
        if target.foreign is None:
            return own[:1]
        return [value for value in self._values_in(target.foreign) if value not in own][:1]

    def _values_in(self, municipality: Municipality) -> list:
        # Newest first: the objects a test has just made are the ones it wants addressed.
        with schema_context(municipality.schema_name):
            objects = self.model.objects.order_by(f"-{self.field}")
            return list(objects.values_list(self.field, flat=True))


@dataclass(frozen=True)
class MembershipOf:
    """A membership (public schema) of the addressed municipality."""

    refers_to_object = True

    def values(self, target: Target, pattern: Pattern) -> list:
        municipality = target.foreign or target.municipality
        memberships = Membership.objects.filter(municipality=municipality).order_by("pk")
        return list(memberships.values_list("pk", flat=True)[:1])


@dataclass(frozen=True)
class Global:
    """An object of the public schema that belongs to no municipality."""

    queryset: Callable[[], QuerySet]
    field: str = "pk"
    refers_to_object = False

    def values(self, target: Target, pattern: Pattern) -> list:
        return list(self.queryset().order_by("pk").values_list(self.field, flat=True)[:1])


@dataclass(frozen=True)
class AdminObject:
    """An object of the model that the admin page's ModelAdmin manages."""

    refers_to_object = False

    def values(self, target: Target, pattern: Pattern) -> list:
        model_admin = getattr(pattern.endpoint.callback, "model_admin", None)
        if model_admin is None:
            raise Unfillable(f"{pattern}: <object_id> outside a ModelAdmin; add an entry")
        objects = model_admin.model.objects.order_by("pk")
        return [str(pk) for pk in objects.values_list("pk", flat=True)[:1]]


@dataclass(frozen=True)
class AdminAppLabel:
    refers_to_object = False

    def values(self, target: Target, pattern: Pattern) -> list:
        return sorted({model._meta.app_label for model in admin.site._registry})


PARAMETERS: dict[str, Source] = {
    # Parameters that mean the same in every view.
    "slug": MunicipalitySlug(),
    "number": InMunicipality(Phase, "number"),
    "transition": Fixed(tuple(GATE_TRANSITIONS)),
    "membership_id": MembershipOf(),
    "user_id": Global(lambda: User.objects.filter(is_firm_staff=True)),
    "uidb64": Fixed(("MQ",)),
    "token": Fixed(("no-such-token",)),
    "app_label": AdminAppLabel(),
    "object_id": AdminObject(),
    "url": Fixed(("no-such-page/",)),
    # `pk` names a different model in each view.
    "phases:activity_edit:pk": InMunicipality(Activity),
    "phases:activity_delete:pk": InMunicipality(Activity),
    "phases:activity_move:pk": InMunicipality(Activity),
    "taxonomy:dimension_edit:pk": InMunicipality(Dimension),
    "taxonomy:dimension_delete:pk": InMunicipality(Dimension),
    "taxonomy:topic_edit:pk": InMunicipality(Topic),
    "taxonomy:topic_delete:pk": InMunicipality(Topic),
    # The admin's "view on site" link: any account will do.
    "admin:view_on_site:content_type_id": Global(
        lambda: ContentType.objects.filter(app_label="accounts", model="user")
    ),
    "admin:view_on_site:object_id": Global(lambda: User.objects.all()),
}


@cache
def all_parameters() -> dict[str, Source]:
    """PARAMETERS and each app's `URL_PARAMETERS` from its tests/<app>/view_cases.py."""
    from tests.view_matrix import app_case_modules

    merged = dict(PARAMETERS)
    for module in app_case_modules():
        for key, source in getattr(module, "URL_PARAMETERS", {}).items():
            if key in merged:
                raise ValueError(f"{module.__name__}: {key} is already filled elsewhere")
            merged[key] = source
    return merged


def source_for(pattern: Pattern, parameter: str, strict: bool = True) -> Source | None:
    parameters = all_parameters()
    source = parameters.get(f"{pattern.name}:{parameter}") or parameters.get(parameter)
    if source is None and strict:
        raise Unfillable(
            f"{pattern}: nothing fills <{parameter}>; add it to URL_PARAMETERS in "
            "tests/<app>/view_cases.py"
        )
    return source


# --- Building the URLs -----------------------------------------------------------------------


def urls(pattern: Pattern, target: Target) -> list[str]:
    """Every concrete URL for `pattern` (one per combination of fixed choices)."""
    choices = []
    for name, converter in pattern.parameters:
        if converter is not None and type(converter) not in KNOWN_CONVERTERS:
            raise Unfillable(f"{pattern}: unknown converter {type(converter).__name__}")
        values = source_for(pattern, name).values(target, pattern)
        if not values:
            raise Unfillable(
                f"{pattern}: no object to fill <{name}> for {target}; define "
                "isolation_objects(alpha, beta, marker) in tests/<app>/view_cases.py to make "
                "one in Altstadt and marked ones in Bergdorf (see tests/view_matrix.py)"
            )
        choices.append([(name, value) for value in values])
    built = []
    for combination in product(*choices):
        kwargs = dict(combination)
        url = "/" + "".join(_fill(part.pattern, kwargs) for part in pattern.chain)
        _check_resolves_back(pattern, url, kwargs)
        built.append(url)
    return built


def _fill(pattern: RoutePattern | RegexPattern, kwargs: dict) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        for name, converter in pattern.converters.items():
            start = route.index("<")
            end = route.index(">", start)
            if route[start + 1 : end].split(":")[-1] != name:
                raise Unfillable(f"cannot read the route {pattern}")
            route = route[:start] + str(converter.to_url(kwargs[name])) + route[end + 1 :]
        return route
    return _fill_regex(pattern.regex.pattern, kwargs)


def _fill_regex(regex: str, kwargs: dict) -> str:
    """Replace each named group by its value; enough for the simple expressions in URL confs."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, index = [], 0
    while index < len(regex):
        if regex.startswith("(?P<", index):
            name_end = regex.index(">", index)
            name = regex[index + 4 : name_end]
            depth, index = 1, name_end + 1
            while depth:
                if regex[index] == "\\":
                    index += 1
                elif regex[index] == "(":
                    depth += 1
                elif regex[index] == ")":
                    depth -= 1
                index += 1
            out.append(str(kwargs[name]))
        elif regex[index] == "\\":
            out.append(regex[index + 1])
            index += 2
        else:
            out.append(regex[index])
            index += 1
    return "".join(out)


def _check_resolves_back(pattern: Pattern, url: str, kwargs: dict) -> None:
    try:
        match = resolve(url, pattern.urlconf)
    except Exception as error:
        raise Unfillable(f"{pattern}: built {url}, which does not resolve ({error})") from error
    same_view = match.func == pattern.endpoint.callback
    same_kwargs = {name: str(match.kwargs.get(name)) for name in kwargs} == {
        name: str(value) for name, value in kwargs.items()
    }
    if not (same_view and same_kwargs):
        raise Unfillable(f"{pattern}: built {url}, which resolves to {match.route}")


# --- What a POST sends -------------------------------------------------------------------------

# Data that would succeed for someone allowed to make the change, so that a missing access
# check would show as a changed database rather than as a form error. Views not named here
# get an empty POST.
PAYLOADS: dict[str, dict[str, str]] = {
    "phases:activity_create": {"title": "Written by an intruder", "status": "open"},
    "phases:activity_edit": {"title": "Written by an intruder", "status": "done"},
    "phases:activity_move": {"direction": "down"},
    "phases:transition": {"comment": "Decided by an intruder"},
    "taxonomy:dimension_create": {"name": "Intruder dimension"},
    "taxonomy:dimension_edit": {"name": "Intruder dimension"},
    "taxonomy:topic_edit": {"name": "Intruder topic"},
    "engagements:create": {"name": "Intruder town", "slug": "intruder-town", "language": "de"},
    "engagements:detail": {"name": "Renamed by an intruder", "brand_colour": "#000000"},
    "engagements:member_add": {"email": "intruder@example.org", "role": "lead"},
    "engagements:member_change": {"remove": "1"},
    "accounts:team": {"full_name": "Intruder", "email": "intruder@example.org"},
}


def payload(pattern: Pattern) -> dict[str, str]:
    return PAYLOADS.get(pattern.name or "", {})


def admin_objects_ensure() -> None:
    """Give every model in the admin an object, so its object pages can be walked."""
    Group.objects.get_or_create(name="Walkers")
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    request_fields = {
        "user_agent": "urlwalk",
        "ip_address": "192.0.2.1",
        "username": "nobody@example.org",
        "http_accept": "*/*",
        "path_info": "/login/",
    }
    AccessAttempt.objects.create(
        **request_fields, get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**request_fields)
    AccessFailureLog.objects.create(**request_fields)
