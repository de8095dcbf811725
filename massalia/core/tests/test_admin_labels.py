"""Every label the admin shows is French: models' names, their plurals, columns, filters, forms.

Django makes a label out of the code when none is given: "outbox event", "event deliverys",
"LAST POLLED AT", "document du foyers". Each such label is named in the failure, with the
model and the place the admin shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import RequestFactory
from django.utils import translation

# Labels Django writes from a field's name that are already right in French. Reviewed: add a
# word only when it is spelt the same, accents included, in both languages (or is the French
# word the code uses for a French thing).
SAME_IN_FRENCH = frozenset(
    {
        "arrondissement",
        "code",
        "code postal",
        "commune",
        "description",
        "latitude",
        "longitude",
        "position",
        "quartier",
        "source",
        "version",
    }
)

# English words that are no French words: a label holding one was written in the wrong language.
ENGLISH_WORDS = frozenset(
    {
        "at",
        "by",
        "created",
        "deliveries",
        "delivery",
        "event",
        "events",
        "is",
        "kind",
        "last",
        "name",
        "of",
        "run",
        "runs",
        "state",
        "street",
        "streets",
        "the",
        "updated",
        "upload",
        "uploads",
        "user",
    }
)


def _admin_request() -> Any:
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    return request


def _shown_models() -> Iterator[tuple[type[models.Model], Any, str]]:
    """Each registered model (Django's own auth left aside) and each inline, with its admin."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "auth":
            continue
        yield model, model_admin, f"{model._meta.label} (admin)"
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            yield inline.model, inline, f"{model._meta.label} → {inline_class.__name__}"


def _words(label: str) -> list[str]:
    return re.findall(r"[\w’']+", label.lower())


def _wrong_words(label: str) -> list[str]:
    problems = [word for word in _words(label) if word in ENGLISH_WORDS]
    problems += [word for word in _words(label) if re.search(r"(ss|xs|zs)$", word)]
    return problems


def _name_problems(model: type[models.Model], model_admin: Any) -> list[str]:
    opts = model._meta
    # An inline may name its rows itself (the membership of a person is a "service").
    own = isinstance(model_admin, InlineModelAdmin) and type(model_admin).verbose_name
    declared = {"verbose_name"} if own else opts.original_attrs
    singular = str(getattr(model_admin, "verbose_name", None) or opts.verbose_name)
    plural = str(getattr(model_admin, "verbose_name_plural", None) or opts.verbose_name_plural)
    problems = []
    if "verbose_name" not in declared:
        problems.append(f"nom par défaut « {singular} »")
    if plural == singular + "s" and (" " in singular or singular[-1:] in "sxz"):
        problems.append(f"pluriel fautif « {plural} »")
    for label in (singular, plural):
        if _wrong_words(label):
            problems.append(f"mot anglais ou fautif dans « {label} »")
    return problems


def _field_problem(field: Any) -> str | None:
    if getattr(field, "auto_created", False) and getattr(field, "primary_key", False):
        return None  # "ID"
    if not hasattr(field, "verbose_name"):  # a reverse relation shows the other model's name
        return None
    label = str(field.verbose_name)
    if label == field.name.replace("_", " ") and label not in SAME_IN_FRENCH:
        return f"« {field.name} » : libellé automatique « {label} »"
    if _wrong_words(label):
        return f"« {field.name} » : mot anglais ou fautif dans « {label} »"
    return None


def _path_field(model: type[models.Model], path: str) -> Any:
    try:
        return get_fields_from_path(model, path.lstrip("^=@"))[-1]
    except Exception:  # not a field: a callable, a form's own field
        return None


def _label_problem(model: type[models.Model], model_admin: Any, form: Any, name: Any) -> str | None:
    """The problem with the label the admin shows for `name`, a field or a callable."""
    if isinstance(name, str):
        field = _path_field(model, name)
        if field is not None:
            return _field_problem(field)
        if name == "__str__":
            return None
    label, attr = label_for_field(name, model, model_admin, return_attr=True, form=form)
    if attr is None:  # a field reached through its column name
        return None
    described = hasattr(attr, "short_description") or hasattr(
        getattr(attr, "fget", None), "short_description"
    )
    if hasattr(attr, "label") and getattr(attr, "label", None):  # a form's own field
        described = True
        label = attr.label
    shown = getattr(attr, "__name__", name)
    if not described:
        return f"« {shown} » : sans description, la colonne s'appelle « {label} »"
    if _wrong_words(str(label)):
        return f"« {shown} » : mot anglais ou fautif dans « {label} »"
    return None


def _flat(fields: Iterable[Any]) -> Iterator[Any]:
    for entry in fields:
        if isinstance(entry, list | tuple):
            yield from _flat(entry)
        else:
            yield entry


def _shown_names(model_admin: Any) -> Iterator[tuple[str, Any]]:
    request = _admin_request()
    for name in getattr(model_admin, "list_display", ()):
        yield "colonne", name
    for entry in getattr(model_admin, "list_filter", ()):
        yield "filtre", entry[0] if isinstance(entry, list | tuple) else entry
    for name in getattr(model_admin, "search_fields", ()) or ():
        yield "recherche", name
    if getattr(model_admin, "date_hierarchy", None):
        yield "dates", model_admin.date_hierarchy
    for name in model_admin.readonly_fields:
        yield "formulaire", name
    for fieldsets in (
        getattr(model_admin, "fieldsets", None),
        getattr(model_admin, "add_fieldsets", None),
    ):
        for _, options in fieldsets or ():
            for name in _flat(options.get("fields", ())):
                yield "formulaire", name
    # The form view: the declared fields, else every editable field of the model.
    for name in _flat(model_admin.get_fields(request)):
        yield "formulaire", name


def _form(model_admin: Any) -> Any:
    """The admin's form, for the labels of its own fields (a password, the rights of a key)."""
    request = _admin_request()
    if isinstance(model_admin, InlineModelAdmin):
        return model_admin.get_formset(request).form()
    return model_admin.get_form(request)()


def _filter_problem(model: type[models.Model], entry: Any) -> str | None:
    if isinstance(entry, type) and issubclass(entry, admin.ListFilter):
        title = getattr(entry, "title", None)
        if not title:
            return f"« {entry.__name__} » : sans titre"
        if _wrong_words(str(title)):
            return f"« {entry.__name__} » : mot anglais ou fautif dans « {title} »"
        return None
    field = _path_field(model, entry)
    return None if field is None else _field_problem(field)


def _app_and_action_problems(model: type[models.Model], model_admin: Any) -> list[str]:
    problems = []
    app = apps.get_app_config(model._meta.app_label)
    if "verbose_name" not in type(app).__dict__ or _wrong_words(str(app.verbose_name)):
        problems.append(f"nom de l'application « {app.verbose_name} »")
    for action in getattr(model_admin, "actions", None) or ():
        function = getattr(model_admin, action) if isinstance(action, str) else action
        description = getattr(function, "short_description", None)
        if not description or _wrong_words(str(description)):
            problems.append(f"action « {function.__name__} » : description « {description} »")
    return problems


def _problems() -> list[str]:
    """One line per wrong label: the model, the field or column, where the admin shows it."""
    places: dict[str, list[str]] = {}
    with translation.override("fr"):
        for model, model_admin, shown_in in _shown_models():
            for named in _name_problems(model, model_admin) + _app_and_action_problems(
                model, model_admin
            ):
                places.setdefault(f"{shown_in} : {named}", [])
            form = _form(model_admin)
            for where, name in _shown_names(model_admin):
                problem: str | None
                if where == "filtre":
                    problem = _filter_problem(model, name)
                else:
                    problem = _label_problem(model, model_admin, form, name)
                if problem:
                    shown = places.setdefault(f"{shown_in} : {problem}", [])
                    if where not in shown:
                        shown.append(where)
    return sorted(
        f"{problem} ({', '.join(where)})" if where else problem for problem, where in places.items()
    )


def test_it_names_every_admin_model_and_field_in_french() -> None:
    problems = _problems()
    assert not problems, f"{len(problems)} libellé(s) à corriger :\n" + "\n".join(problems)
