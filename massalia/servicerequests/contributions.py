"""Updates and photos others add to a case, and their moderation.

Anyone signed in with a confirmed address adds a public update to a public case: a text
(its public copy scrubbed of personal data, like a description), photos (through the upload
pipeline), or both. Whether it goes out at once or waits for a moderator is the rule
`SERVICEREQUESTS_HOLD_CONTRIBUTIONS` names (`core.moderation.HoldRule`); photos filed with
a report follow the same rule (`services.submit_request` asks `initial_state`). A held item
is seen by its author and the moderators only, never in Open311, the exports or the pulse.

The moderators are the agents of the case's department (and administrators): they publish or
hide an update's text and each photo on its own, an already public photo too (someone's face
or plate seen in it), with a reason; each decision is one `ContributionDecision` row.
Writes are keyword-only and atomic and publish one event each, as in `services`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from massalia.core.events import publish
from massalia.core.moderation import AFTER, REASON_MAX, Action, HoldRule, State
from massalia.core.permissions import can
from massalia.core.text import clean_text, scrub
from massalia.core.uploads import accept_image, discarded_on_error
from massalia.servicerequests import events
from massalia.servicerequests.models import (
    Attachment,
    Contribution,
    ContributionDecision,
    HistoryEntry,
    ServiceRequest,
)

SETTING = "SERVICEREQUESTS_HOLD_CONTRIBUTIONS"
TEXT_MAX = 2000
MAX_PHOTOS = 3
NOT_ALLOWED = gettext_lazy(
    "Seule une personne connectée, à l'adresse email confirmée, peut compléter une demande "
    "publique."
)


def hold_rule() -> HoldRule:
    return HoldRule.parse(SETTING, str(getattr(settings, SETTING, "none")))


def published_before(author: Any) -> int:
    """How many of `author`'s updates and photos are public (an anonymous person: 0)."""
    if author is None or not getattr(author, "is_authenticated", False):
        return 0
    texts = Contribution.objects.filter(author=author, moderation=State.PUBLISHED).exclude(text="")
    photos = Attachment.objects.photos().filter(author=author, moderation=State.PUBLISHED)
    return texts.count() + photos.count()


def initial_state(author: Any) -> State:
    """Published at once or pending, for a new update or photo of `author`."""
    return hold_rule().initial(published_before(author))


def attach_photos(
    *,
    case: ServiceRequest,
    photos: Sequence[UploadedFile],
    author: Any,
    state: State,
    contribution: Contribution | None = None,
) -> None:
    """File photos with a case through the upload pipeline, each in the moderation `state`
    given (a report's photos, or those of an update). A refused file raises ValidationError
    naming it; the caller's `discarded_on_error` removes the files already stored."""
    for uploaded in photos:
        try:
            upload = accept_image(uploaded)
        except ValueError as error:
            raise ValidationError({"photos": f"{uploaded.name} : {error}"}) from error
        Attachment.objects.create(
            request=case, upload=upload, author=author, contribution=contribution, moderation=state
        )


def contribute(
    *,
    case: ServiceRequest,
    author: Any,
    text: str = "",
    photos: Sequence[UploadedFile] = (),
) -> Contribution:
    """Add `author`'s update (text, photos or both) to a public case, published at once or
    held for a moderator. Raises PermissionDenied (not signed in with a confirmed address,
    case not public) or ValidationError (nothing to add, text too long, a refused file):
    then nothing is stored."""
    if not can(author, "servicerequests.contribute", case):
        raise PermissionDenied(NOT_ALLOWED)
    body = clean_text(text).strip()
    if len(body) > TEXT_MAX:
        raise ValidationError(
            {"text": _("%(limit)d caractères au plus, s'il vous plaît.") % {"limit": TEXT_MAX}}
        )
    if len(photos) > MAX_PHOTOS:
        too_many = ngettext(
            "Vous pouvez joindre %(count)d photo au plus.",
            "Vous pouvez joindre %(count)d photos au plus.",
            MAX_PHOTOS,
        )
        raise ValidationError({"photos": too_many % {"count": MAX_PHOTOS}})
    if not body and not photos:
        raise ValidationError(_("Écrivez un complément ou joignez une photo."))
    state = initial_state(author)
    with transaction.atomic(), discarded_on_error():
        made = Contribution.objects.create(
            request=case,
            author=author,
            text=body,
            public_text=scrub(body),
            # An update of photos only has no text to moderate: its photos carry their state.
            moderation=state if body else State.PUBLISHED,
        )
        attach_photos(case=case, photos=photos, author=author, state=state, contribution=made)
        HistoryEntry.objects.create(
            request=case,
            kind=HistoryEntry.Kind.CONTRIBUTION,
            actor=author,
            is_public=False,
            data={"contribution": made.pk, "photos": len(photos), "held": state == State.PENDING},
        )
        publish(
            events.ContributionAdded(
                request_id=case.pk, contribution_id=made.pk, held=state == State.PENDING
            )
        )
        if body and state == State.PUBLISHED:
            publish(events.ContributionPublished(request_id=case.pk, contribution_id=made.pk))
    return made


def moderate(
    *,
    moderator: Any,
    action: str,
    reason: str = "",
    contribution: Contribution | None = None,
    photo: Attachment | None = None,
) -> ContributionDecision:
    """Publish or hide an update's text or one photo (exactly one of the two), with the
    reason (required to hide); one audit row per decision. A photo already public may be
    hidden, a hidden one published again. Raises PermissionDenied (not a moderator of the
    case) or ValidationError (unknown decision, missing reason, already in that state)."""
    if (contribution is None) == (photo is None):
        raise ValueError("moderate one update or one photo")
    item: Contribution | Attachment = contribution or photo  # type: ignore[assignment]  # one is set, checked above
    case = item.request
    if not can(moderator, "servicerequests.moderate", case):
        raise PermissionDenied(
            "Seuls les agents du service de la demande modèrent ses contributions."
        )
    if action not in AFTER:
        raise ValidationError({"action": "Choisissez une décision de la liste."})
    why = clean_text(reason).strip()
    if len(why) > REASON_MAX:
        raise ValidationError({"reason": f"{REASON_MAX} caractères au plus."})
    if action == Action.HIDE and not why:
        raise ValidationError(
            {"reason": "Donnez le motif du masquage (il reste dans l'historique)."}
        )
    target = AFTER[Action(action)]
    model = type(item)
    with transaction.atomic():
        changed = (
            model.objects.filter(pk=item.pk).exclude(moderation=target).update(moderation=target)
        )
        if not changed:
            raise ValidationError({"action": "Cet élément est déjà dans cet état."})
        decision = ContributionDecision.objects.create(
            request=case,
            contribution=contribution,
            attachment=photo,
            moderator=moderator,
            moderator_name=str(moderator)[:150],
            action=action,
            reason=why,
        )
        publish(
            events.ContributionModerated(request_id=case.pk, decision_id=decision.pk, action=action)
        )
        if contribution is not None and target == State.PUBLISHED:
            publish(
                events.ContributionPublished(request_id=case.pk, contribution_id=contribution.pk)
            )
    item.refresh_from_db()
    return decision


# Reading --------------------------------------------------------------------------------


def _moderated_cases(user: Any) -> Q:
    """The published cases `user` moderates: a private or unconfirmed case shows nothing to
    the public, so its photos wait for no one."""
    published = Q(request__request_type__is_public=True, request__confirmed_at__isnull=False)
    if user.is_superuser:
        return published
    return published & Q(request__department_id__in=user.department_ids())


def pending_updates(user: Any) -> QuerySet[Contribution]:
    """Held update texts of the cases `user` moderates, oldest first."""
    return (
        Contribution.objects.filter(_moderated_cases(user), moderation=State.PENDING)
        .exclude(text="")
        .select_related("request__request_type", "author")
        .order_by("created_at", "pk")
    )


def pending_photos(user: Any) -> QuerySet[Attachment]:
    """Held photos (of updates or reports) of the cases `user` moderates, oldest first."""
    return (
        Attachment.objects.photos()
        .filter(_moderated_cases(user), moderation=State.PENDING)
        .select_related("request__request_type", "author", "upload")
        .order_by("created_at", "pk")
    )


def decisions_of(user: Any) -> QuerySet[ContributionDecision]:
    """The latest decisions on the cases `user` moderates (the trail), newest first."""
    return ContributionDecision.objects.filter(_moderated_cases(user)).select_related(
        "request", "contribution", "attachment"
    )


@dataclass
class Panel:
    """What the case's public page shows of its contributions to one person."""

    updates: list[Contribution]  # published texts, and the person's own held or hidden ones
    own_photos: list[Attachment]  # the person's photos not (or no longer) public
    can_contribute: bool
    needs_verified_email: bool
    held_by_rule: bool  # the next contribution of this person would wait for a moderator
    form: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def panel(user: Any, case: ServiceRequest, form: Any = None) -> Panel:
    signed_in = bool(getattr(user, "is_authenticated", False))
    mine = Q(author_id=user.pk) if signed_in else Q(pk__in=[])
    updates = (
        case.contributions.filter(Q(moderation=State.PUBLISHED) | mine)
        .exclude(text="")
        .select_related("author")
    )
    own_photos = (
        case.attachments.photos().filter(mine).exclude(moderation=State.PUBLISHED)
        if signed_in
        else Attachment.objects.none()
    )
    may = can(user, "servicerequests.contribute", case)
    return Panel(
        updates=list(updates),
        own_photos=list(own_photos.select_related("upload")),
        can_contribute=may,
        needs_verified_email=signed_in and not may and case.is_public and not user.email_verified,
        held_by_rule=may and hold_rule().holds(published_before(user)),
        form=form,
    )
