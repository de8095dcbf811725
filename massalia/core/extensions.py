"""Extension points: what an app offers the others without them importing it.

Layers import only downwards, so a lower app cannot name a higher one's pages, and the shell
(portal, back-office) must not grow with each domain. Each need has one registry here, filled
by the apps in their `AppConfig.ready()` and read by whoever composes:

- `links`: URL builders by name ("servicerequests.public_page" → the public page of a
  request). A lower layer asks for a link and gets None where no app provides it (an
  installation without those pages), instead of reversing a higher layer's URL.
- `menu`: the entries of the site's navigation and footer, each with who sees it.
- `inbox_sections`: a domain's section of the agents' inbox page: counters for one person,
  each leading somewhere, and links to the domain's own back-office pages.
- `case_panels`: a domain's panel on the agents' page of a case (a request of its types).
- `status_guards`: a domain's rule on a move of its cases (an enrolment is accepted only while
  its school has a seat), checked by the engine whoever asks for the move.
- `error_formats`: how an API answers an error in its own format (Open311's error document)
  when the platform itself fails, e.g. the database is down.

A registry refuses a second entry under a key already taken: two apps claiming one name is a
mistake to see at start-up, not an entry silently replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.http import HttpRequest, HttpResponse


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


T = TypeVar("T", bound=Keyed)


class Registry(Generic[T]):
    """Entries by key, in registration order (or by `order`, for those that have one)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        if entry.key in self._entries:
            raise ValueError(f"{self.what} {entry.key!r} is already registered")
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __iter__(self) -> Iterator[T]:
        entries = list(self._entries.values())
        return iter(sorted(entries, key=lambda e: getattr(e, "order", 0)))

    def __contains__(self, key: object) -> bool:
        return key in self._entries


# Links ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    key: str  # "<app>.<what>", e.g. "servicerequests.public_page"
    build: Callable[..., str]  # the path, from the arguments the name documents


links: Registry[Link] = Registry("link")


def provide(key: str, build: Callable[..., str]) -> None:
    """Offer the URL named `key` to lower layers (called by the app that owns the page)."""
    links.register(Link(key, build))


def url_for(key: str, *args: Any, **kwargs: Any) -> str | None:
    """The path of the page named `key`, or None if no installed app provides it."""
    link = links.get(key)
    return link.build(*args, **kwargs) if link else None


# Navigation -----------------------------------------------------------------------------------

Audience = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str
    url: Callable[[], str]
    order: int = 100
    visible: Audience = everyone
    place: str = "main"  # "main" navigation, or "footer"
    post: bool = False  # an action (signing out), drawn as a button in a form


menu: Registry[MenuEntry] = Registry("menu entry")


def menu_for(user: Any, place: str = "main") -> list[tuple[str, str, bool]]:
    """(label, url, post) of the entries `user` sees in `place`, in order."""
    return [(e.label, e.url(), e.post) for e in menu if e.place == place and e.visible(user)]


# The agents' inbox and case page --------------------------------------------------------------


@dataclass(frozen=True)
class Counter:
    label: str
    value: int
    url: str | None = None
    urgent: bool = False  # shown as needing attention (overdue, waiting too long)


@dataclass(frozen=True)
class InboxSection:
    key: str
    title: str
    counters: Callable[[Any], list[Counter]]  # for this person; none: the section is hidden
    links: Callable[[Any], list[tuple[str, str]]] = lambda user: []  # (label, url)
    order: int = 100


inbox_sections: Registry[InboxSection] = Registry("inbox section")


@dataclass(frozen=True)
class ShownSection:
    section: InboxSection
    counters: list[Counter]
    links: list[tuple[str, str]] = field(default_factory=list)


def sections_for(user: Any) -> list[ShownSection]:
    """The inbox sections `user` has something in, with their counters and links."""
    shown = []
    for section in inbox_sections:
        counters = section.counters(user)
        if counters:
            shown.append(ShownSection(section, counters, section.links(user)))
    return shown


@dataclass(frozen=True)
class CasePanel:
    key: str
    applies: Callable[[Any], bool]  # to this case (a ServiceRequest)
    template: str
    context: Callable[[Any, Any], dict[str, Any]]  # (case, user) → the template's context
    order: int = 100


case_panels: Registry[CasePanel] = Registry("case panel")


def panels_for(case: Any, user: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of the panels that apply to `case`, in order."""
    return [(p.template, p.context(case, user)) for p in case_panels if p.applies(case)]


@dataclass(frozen=True)
class StatusGuard:
    key: str
    applies: Callable[[Any], bool]  # to this case (a ServiceRequest)
    check: Callable[[Any, str], None]  # (case, target status); raises ValidationError to refuse
    order: int = 100


status_guards: Registry[StatusGuard] = Registry("status guard")


def check_move(case: Any, status: str) -> None:
    """Run the guards that apply to `case` on its move to `status` (in the mover's
    transaction, so a guard may lock what it counts)."""
    for guard in status_guards:
        if guard.applies(case):
            guard.check(case, status)


# Errors in an API's own format ----------------------------------------------------------------


@dataclass(frozen=True)
class ErrorFormat:
    key: str
    matches: Callable[[HttpRequest], bool]
    respond: Callable[[HttpRequest, int, str], HttpResponse]  # (request, status, French text)


error_formats: Registry[ErrorFormat] = Registry("error format")


def error_format_for(request: HttpRequest) -> ErrorFormat | None:
    return next((f for f in error_formats if f.matches(request)), None)
