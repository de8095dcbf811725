"""The public register ("registre dématérialisé") of a document consultation: observations
filed (numbered in order of arrival), moderated, answered, and read back with filters.

Numbers come from the document's row, read under a lock (`select_for_update`) in the same
transaction as the observation: two observations filed at the same moment get two
consecutive numbers, never the same one, never a gap. Every write is keyword-only, atomic and
publishes its event; the moderation and the answers leave a row in `ObservationDecision`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from massalia.consultations import events
from massalia.consultations.documents import locate
from massalia.consultations.models import (
    AnswerRole,
    Observation,
    ObservationDecision,
    ObservationFile,
    ObservationStatus,
    Part,
    PartKind,
    Regulation,
    TargetKind,
    Theme,
    Zone,
)
from massalia.consultations.zoning import zone_at
from massalia.core.events import publish
from massalia.core.permissions import can
from massalia.core.text import clean_text, is_blank
from massalia.core.uploads import UploadRejected, accept_document, discarded_on_error
from massalia.territory.geo import valid_coordinates

TEXT_MAX_LENGTH = 5000
MAX_FILES = 3


def closed_message(regulation: Regulation) -> str:
    """Why the register refuses an observation now: not open yet, or closed (with the date)."""
    now = timezone.now()
    if regulation.has_closed(now):
        return _("Le registre est clos depuis le %(date)s : il ne reçoit plus d'observations.") % {
            "date": formats.date_format(timezone.localtime(regulation.closes_at), "DATETIME_FORMAT")
        }
    if regulation.opens_at > now:
        return _("Le registre ouvre le %(date)s : revenez à partir de cette date.") % {
            "date": formats.date_format(timezone.localtime(regulation.opens_at), "DATETIME_FORMAT")
        }
    return _("Cette consultation n'est pas publiée.")


def file_observation(
    *,
    regulation: Regulation,
    author: Any,
    text: str,
    theme: str,
    target: str,
    display_name: str = "",
    author_name: str = "",
    author_email: str = "",
    part: Part | None = None,
    quote: str = "",
    zone: Zone | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    place: str = "",
    files: Sequence[UploadedFile] = (),
) -> Observation:
    """An observation in the register, numbered next, waiting for moderation. `target` says
    what it is about: the document, an article (`part`), a passage of it (`quote`, found in the
    article's text), a zone, or a point (its zone found on the map). A person not signed in
    gives a name and an address. Refused with PermissionDenied outside the register's dates."""
    if not can(author, "consultations.observe", regulation):
        raise PermissionDenied(closed_message(regulation))
    text = clean_text(text).strip()
    errors: dict[str, str] = {}
    if is_blank(text):
        errors["text"] = _("Écrivez votre observation.")
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("%(max)d caractères au plus.") % {"max": TEXT_MAX_LENGTH}
    if theme not in Theme.values:
        errors["theme"] = _("Choisissez un thème.")
    signed_in = bool(author is not None and author.is_authenticated)
    author_name = " ".join(clean_text(author_name).split())[:120]
    if not signed_in:
        if is_blank(author_name):
            errors["author_name"] = _("Indiquez votre nom (il n'est pas publié).")
        if is_blank(author_email):
            errors["author_email"] = _("Indiquez votre adresse électronique.")
    where = _target(regulation, target, part, quote, zone, latitude, longitude, errors)
    if len(files) > MAX_FILES:
        errors["attachments"] = _("%(max)d pièces jointes au plus.") % {"max": MAX_FILES}
    if errors:
        raise ValidationError(errors)
    with discarded_on_error(), transaction.atomic():
        uploads = []
        for uploaded in files:
            try:
                uploads.append(accept_document(uploaded))
            except UploadRejected as error:
                raise ValidationError({"attachments": f"{uploaded.name} : {error}"}) from error
        locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
        number = locked.last_number + 1
        Regulation.objects.filter(pk=regulation.pk).update(last_number=number)
        observation = Observation.objects.create(
            regulation=regulation, number=number,
            author=author if signed_in else None,
            author_name=author_name if not signed_in else (author.get_full_name() or "")[:120],
            author_email=(author_email if not signed_in else author.email or "")[:254],
            display_name=" ".join(clean_text(display_name).split())[:80],
            text=text, theme=theme, target=target, place=clean_text(place).strip()[:200],
            **where,
        )  # fmt: skip
        ObservationFile.objects.bulk_create(
            ObservationFile(observation=observation, upload=u) for u in uploads
        )
        publish(
            events.ObservationFiled(
                observation_id=observation.pk, regulation_id=regulation.pk, number=number
            )
        )
    return observation


def _target(
    regulation: Regulation,
    target: str,
    part: Part | None,
    quote: str,
    zone: Zone | None,
    latitude: float | None,
    longitude: float | None,
    errors: dict[str, str],
) -> dict[str, Any]:
    """The observation's target fields, or the reason in `errors`."""
    if target not in TargetKind.values:
        errors["target"] = _("Dites sur quoi porte votre observation.")
        return {}
    if target in (TargetKind.ARTICLE, TargetKind.PASSAGE):
        if part is None or part.regulation_id != regulation.pk or part.kind != PartKind.ARTICLE:
            errors["part"] = _("Choisissez l'article sur lequel porte votre observation.")
            return {}
        if target == TargetKind.ARTICLE:
            return {"part": part}
        quote = " ".join(clean_text(quote).split())
        found = locate(part.body, quote) if quote else None
        if found is None:
            errors["quote"] = (
                _("Ce passage ne se trouve pas dans l'article %(number)s : copiez-le tel qu'il "
                  "est écrit.") % {"number": part.number}
                if quote else _("Copiez le passage que vous commentez.")
            )  # fmt: skip
            return {}
        start, end = found
        return {"part": part, "start": start, "end": end, "quote": part.body[start:end]}
    if target == TargetKind.ZONE:
        if zone is None or zone.regulation_id != regulation.pk:
            errors["zone"] = _("Choisissez la zone sur laquelle porte votre observation.")
            return {}
        return {"zone": zone}
    if target == TargetKind.POINT:
        if latitude is None or longitude is None or not valid_coordinates(latitude, longitude):
            errors["place"] = _("Indiquez une adresse, ou une latitude et une longitude.")
            return {}
        found_zone = zone_at(regulation, latitude, longitude)
        if found_zone is None:
            errors["place"] = _(
                "Ce lieu est hors des zones du plan soumis à la consultation : choisissez un "
                "lieu dans le périmètre de la carte."
            )
            return {}
        return {"latitude": latitude, "longitude": longitude, "zone": found_zone}
    return {}


def moderate(
    *, observation: Observation, moderator: Any, publish_it: bool, reason: str = ""
) -> Observation:
    """Publish a pending observation in the public register, or refuse it saying why (the
    reason is kept in the trail; the number stays taken, so the register shows the gap)."""
    if not can(moderator, "consultations.moderate_observations", observation.regulation):
        raise PermissionDenied("Seuls les modérateurs du registre peuvent modérer.")
    if observation.status != ObservationStatus.PENDING:
        raise ValidationError("Cette observation a déjà été modérée.")
    reason = " ".join(clean_text(reason).split())[:300]
    if not publish_it and is_blank(reason):
        raise ValidationError({"reason": "Dites pourquoi l'observation est refusée."})
    status = ObservationStatus.PUBLISHED if publish_it else ObservationStatus.REJECTED
    with transaction.atomic():
        changed = Observation.objects.filter(
            pk=observation.pk, status=ObservationStatus.PENDING
        ).update(
            status=status, moderated_at=timezone.now(), moderated_by=moderator,
            refusal_reason="" if publish_it else reason,
        )  # fmt: skip
        if not changed:
            raise ValidationError("Cette observation a déjà été modérée.")
        ObservationDecision.objects.create(
            observation=observation, action=status, by=moderator, note=reason
        )
        publish(events.ObservationModerated(observation_id=observation.pk, status=status))
    observation.refresh_from_db()
    return observation


def answer(*, observation: Observation, by: Any, text: str) -> Observation:
    """The answer to a published observation, signed by the commissioner when he writes it,
    by the City otherwise; a second answer replaces the first (both stay in the trail)."""
    if not can(by, "consultations.answer_observation", observation):
        raise PermissionDenied("Seuls le commissaire enquêteur et la Ville répondent.")
    if observation.status != ObservationStatus.PUBLISHED:
        raise ValidationError("Seule une observation publiée reçoit une réponse.")
    text = clean_text(text).strip()
    if is_blank(text):
        raise ValidationError({"text": "Écrivez la réponse."})
    is_commissioner = observation.regulation.commissioner_id == by.pk
    role = AnswerRole.COMMISSIONER if is_commissioner else AnswerRole.CITY
    with transaction.atomic():
        Observation.objects.filter(pk=observation.pk).update(
            answer=text[:TEXT_MAX_LENGTH], answer_role=role, answered_by=by,
            answered_at=timezone.now(),
        )  # fmt: skip
        ObservationDecision.objects.create(
            observation=observation, action="answered", by=by, note=text[:300]
        )
        publish(events.ObservationAnswered(observation_id=observation.pk, role=role))
    observation.refresh_from_db()
    return observation


# Reading the register -------------------------------------------------------------------------


def published(regulation: Regulation) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(regulation=regulation, status=ObservationStatus.PUBLISHED)
        .select_related("part", "zone")
        .prefetch_related("files__upload")
        .order_by("number")
    )


def search(
    regulation: Regulation,
    *,
    words: str = "",
    article: str = "",
    zone: str = "",
    theme: str = "",
    answered: str = "",
) -> QuerySet[Observation]:
    """The published observations matching every filter given: words (in the observation or
    its answer), an article's anchor, a zone's code, a theme, answered or not."""
    found = published(regulation)
    for word in words.split()[:8]:
        found = found.filter(Q(text__icontains=word) | Q(answer__icontains=word))
    if article:
        found = found.filter(part__anchor=article)
    if zone:
        found = found.filter(zone__code=zone)
    if theme:
        found = found.filter(theme=theme)
    if answered == "oui":
        found = found.exclude(answer="")
    elif answered == "non":
        found = found.filter(answer="")
    return found


def to_moderate(regulation: Regulation) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(regulation=regulation, status=ObservationStatus.PENDING)
        .select_related("part", "zone", "author")
        .prefetch_related("files__upload")
        .order_by("number")
    )


def to_answer(regulation: Regulation) -> QuerySet[Observation]:
    return published(regulation).filter(answer="")
