"""No app names a higher layer's URL: not by `reverse`, not in a template, not as a raw path.

import-linter sees imports only; a `reverse("portal:…")` in a lower layer, or a hard-coded
"/barometre/", is a dependency it cannot see. This test reads the code and the templates of
every app, finds the URLs they name, and fails on one that belongs to a higher layer (lower
layers ask `core.extensions.url_for` for a link instead).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.urls import URLResolver, get_resolver

PACKAGE = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"""["'](([a-z0-9_]+):[a-z0-9_]+)["']""")


def layers() -> dict[str, int]:
    """App → its layer (0 is the ground floor), from the import-linter contract."""
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    found = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for module in layer.split("|"):
            found[module.strip().strip("()").removeprefix("massalia.")] = height
    return found


def url_owners() -> tuple[dict[str, str], dict[str, str]]:
    """URL name ("pulse:dashboard") → app, and path prefix → app, for the project's apps."""
    names, prefixes = {}, {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.urlconf_name, object):
            module = getattr(entry.urlconf_module, "__name__", "")
            if not module.startswith("massalia."):
                continue
            app = module.split(".")[1]
            if entry.namespace:
                for name in entry.reverse_dict:
                    if isinstance(name, str):
                        names[f"{entry.namespace}:{name}"] = app
            prefix = str(entry.pattern)
            if prefix:
                prefixes[f"/{prefix}"] = app
    return names, prefixes


def _raw_path(prefix: str) -> re.Pattern[str]:
    """A path written out: after a quote, or after an f-string's `{SITE_URL}`."""
    return re.compile(r"""["'}]""" + re.escape(prefix))


def _code(path: Path) -> str:
    """The file's text, without Python comments (an example in a comment is no dependency)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    return "\n".join(re.sub(r"\s#\s.*$", "", line) for line in text.splitlines())


def sources(app: str) -> list[Path]:
    folder = PACKAGE / app
    files = [*folder.rglob("*.py"), *folder.rglob("*.html"), *folder.rglob("*.txt")]
    return [f for f in files if "tests" not in f.parts and "migrations" not in f.parts]


def test_it_finds_no_url_of_a_higher_layer_in_a_lower_one():
    height = layers()
    names, prefixes = url_owners()
    assert {"portal", "pulse", "open311", "backoffice"} <= set(names.values())
    found = []
    for app, level in height.items():
        for path in sources(app):
            text = _code(path)
            named = {names[full] for full, _ in NAMED.findall(text) if full in names}
            raw = {owner for prefix, owner in prefixes.items() if _raw_path(prefix).search(text)}
            for owner in named | raw:
                if height.get(owner, -1) > level:
                    found.append(f"{path.relative_to(PACKAGE)} names a URL of {owner}")
    assert not found, "\n".join(sorted(found))


def test_it_would_see_one():
    # The scanner itself: a layer-2 text naming the portal is caught by the pattern above.
    names, _ = url_owners()
    text = 'reverse("portal:home") and the scope "open311:write"'
    assert {names[full] for full, _ in NAMED.findall(text) if full in names} == {"portal"}
