"""Every integer in a path goes through the `id` converter, never Django's plain `int`.

A plain `int` accepts any number of digits, and a value past the database's 64-bit range
crashes the query (OverflowError on SQLite, DataError on PostgreSQL) instead of giving a 404.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

# Django's own admin route, which the project cannot change; it is reserved to staff.
NOT_OURS = {"admin:view_on_site"}


def _routes(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, dict[str, object]]]:
    for entry in resolver.url_patterns:
        converters = dict(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for route, name, more in _routes(entry, prefix + str(entry.pattern), inner):
                yield route, name, {**converters, **more}
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", converters


def test_it_uses_the_id_converter_for_every_integer_in_a_path():
    routes = list(_routes(get_resolver()))
    with_plain_int = [
        route
        for route, name, converters in routes
        if name not in NOT_OURS and any(type(c) is IntConverter for c in converters.values())
    ]
    assert with_plain_int == []
    # The walk does reach the project's routes with an id.
    assert any("demandes/<id:pk>/" in route for route, _, _ in routes)
