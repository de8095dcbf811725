"""Correspondence on a case: messages between its requester and its department, with documents.

Every demand on the engine has it, whatever its workflow: an agent asks for a missing paper,
the family answers with the PDF, the department explains a delay. The messages are private
(the requester, the department's agents, administrators); the audit trail records that a
message went, with its documents' count, never its text. A requester's message in a state
the workflow names in `on_reply` (e.g. "pièces demandées") moves the case on (to "en
instruction"), so the agents see it come back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from massalia.accounts.models import User
from massalia.core.events import publish
from massalia.core.text import clean_text, is_blank
from massalia.core.uploads import UploadRejected, accept_document, discarded_on_error
from massalia.servicerequests import events
from massalia.servicerequests.models import Attachment, CaseMessage, HistoryEntry, ServiceRequest

MAX_DOCUMENTS = 5
MAX_LENGTH = 5000
REPLY_LINK_DAYS = 60
SALT = "servicerequests.reply-link"
EXPIRED = (
    "Ce lien de réponse n'est plus valable (il a expiré ou la demande a changé). "
    "Présentez-vous en mairie avec le numéro de votre demande."
)
REOPENED = "Demande rouverte par la personne qui l'a signalée : le problème persiste."
Sender = CaseMessage.Sender


def _body(text: str) -> str:
    body = clean_text(text or "").strip()
    if is_blank(body):
        raise ValidationError({"body": "Écrivez votre message."})
    if len(body) > MAX_LENGTH:
        raise ValidationError({"body": f"Un message compte au plus {MAX_LENGTH} caractères."})
    return body


def _check_documents(documents: Sequence[UploadedFile]) -> None:
    if len(documents) > MAX_DOCUMENTS:
        raise ValidationError({"documents": f"Joignez au plus {MAX_DOCUMENTS} documents."})


def _attach(message: CaseMessage, documents: Sequence[UploadedFile]) -> None:
    with discarded_on_error():
        for uploaded in documents:
            try:
                upload = accept_document(uploaded)
            except UploadRejected as refused:
                raise ValidationError({"documents": f"{uploaded.name} : {refused}"}) from refused
            Attachment.objects.create(
                request=message.request, upload=upload, message=message, is_public=False
            )


def _record(
    case: ServiceRequest,
    sender: str,
    author: User | None,
    body: str,
    documents: Sequence[UploadedFile],
) -> CaseMessage:
    message = CaseMessage.objects.create(request=case, sender=sender, author=author, body=body)
    _attach(message, documents)
    HistoryEntry.objects.create(
        request=case,
        kind=HistoryEntry.Kind.MESSAGE,
        actor=author,
        is_public=False,
        data={"message": message.pk, "sender": sender, "documents": len(documents)},
    )
    case.updated_at = timezone.now()
    case.save(update_fields=["updated_at"])
    publish(events.CaseMessageSent(request_id=case.pk, message_id=message.pk, sender=sender))
    return message


@transaction.atomic
def write_to_requester(
    *, case: ServiceRequest, actor: User, body: str, documents: Sequence[UploadedFile] = ()
) -> CaseMessage:
    """An agent writes to the requester, who gets it by email (and on the case's page)."""
    text = _body(body)
    _check_documents(documents)
    if not case.contact_email:
        raise ValidationError(
            {"body": "Le demandeur n'a laissé aucune adresse : il ne peut pas recevoir de message."}
        )
    return _record(case, Sender.DEPARTMENT, actor, text, documents)


@transaction.atomic
def reply_from_requester(
    *, case: ServiceRequest, author: User, body: str, documents: Sequence[UploadedFile] = ()
) -> CaseMessage:
    """The requester answers (signed in), with documents; it may move the case on."""
    case = ServiceRequest.objects.select_for_update().select_related("request_type").get(pk=case.pk)
    if case.requester_id != author.pk:
        raise ValidationError({"body": "Seul le demandeur peut répondre sur cette demande."})
    return _reply(case, author, body, documents)


@transaction.atomic
def reply_by_link(*, token: str, body: str, documents: Sequence[UploadedFile] = ()) -> CaseMessage:
    """A requester without an account answers through the link of the department's email."""
    found = case_of_link(token)
    if found is None:
        raise ValidationError({"body": EXPIRED})
    case = (
        ServiceRequest.objects.select_for_update().select_related("request_type").get(pk=found.pk)
    )
    return _reply(case, None, body, documents)


@transaction.atomic
def reopen(
    *, case: ServiceRequest, author: User, body: str, documents: Sequence[UploadedFile] = ()
) -> CaseMessage:
    """The requester (signed in) reopens a case marked resolved ("still a problem?"), saying why."""
    case = ServiceRequest.objects.select_for_update().select_related("request_type").get(pk=case.pk)
    if case.requester_id != author.pk:
        raise ValidationError({"body": "Seul le demandeur peut rouvrir cette demande."})
    return _reopen(case, author, body, documents)


@transaction.atomic
def reopen_by_link(*, token: str, body: str, documents: Sequence[UploadedFile] = ()) -> CaseMessage:
    """The same through the reply link of a requester without an account."""
    found = case_of_link(token)
    if found is None:
        raise ValidationError({"body": EXPIRED})
    case = (
        ServiceRequest.objects.select_for_update().select_related("request_type").get(pk=found.pk)
    )
    return _reopen(case, None, body, documents)


def can_reopen(case: ServiceRequest, now: datetime | None = None) -> bool:
    """The case's workflow lets its requester reopen it from its state, and it closed less
    than REOPEN_DAYS ago."""
    if case.flow.after_reopening(case.status) is None or case.closed_at is None:
        return False
    return case.closed_at >= (now or timezone.now()) - timedelta(days=settings.REOPEN_DAYS)


def _reopen(
    case: ServiceRequest, author: User | None, body: str, documents: Sequence[UploadedFile]
) -> CaseMessage:
    from massalia.servicerequests.services import change_status  # services imports this module

    if not can_reopen(case):
        raise ValidationError(
            {"body": "Cette demande ne peut plus être rouverte : déposez-en une nouvelle."}
        )
    text = _body(body)
    _check_documents(documents)
    message = _record(case, Sender.REQUESTER, author, text, documents)
    target = case.flow.after_reopening(case.status)
    # The requester's words stay in the correspondence; the public history says only this.
    change_status(case=case, actor=author, status=str(target), public_note=REOPENED)
    return message


def _reply(
    case: ServiceRequest, author: User | None, body: str, documents: Sequence[UploadedFile]
) -> CaseMessage:
    from massalia.servicerequests.services import change_status  # services imports this module

    if not case.is_open:
        raise ValidationError({"body": "Cette demande est close : déposez-en une nouvelle."})
    text = _body(body)
    _check_documents(documents)
    message = _record(case, Sender.REQUESTER, author, text, documents)
    target = case.flow.after_reply(case.status)
    if target is not None:
        change_status(
            case=case, actor=author, status=target, internal_note="Réponse du demandeur reçue."
        )
    return message


def reply_link(case: ServiceRequest) -> str:
    """A signed token that lets the case's requester answer without an account; it names the
    case and a digest of the address (not the address: a token can be read), and dies when
    the address changes or is erased (retention) or after REPLY_LINK_DAYS."""
    return signing.dumps({"c": case.pk, "a": _address_digest(case.requester_email)}, salt=SALT)


def case_of_link(token: str) -> ServiceRequest | None:
    """The open or closed case a reply link names, or None if it is altered, expired or void."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=REPLY_LINK_DAYS))
        pk, digest = int(data["c"]), str(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    case = ServiceRequest.objects.select_related("request_type", "department").filter(pk=pk)
    found = case.first()
    if found is None or not found.requester_email or found.requester_id is not None:
        return None
    return found if _address_digest(found.requester_email) == digest else None


def _address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


def thread(case: ServiceRequest) -> QuerySet[CaseMessage]:
    """The case's messages, oldest first, with their authors and documents."""
    return case.messages.select_related("author").prefetch_related("documents__upload")


@transaction.atomic
def mark_read(*, case: ServiceRequest, by: str) -> int:
    """`by` (a Sender) opened the thread: the other side's messages are read from now on."""
    other = Sender.REQUESTER if by == Sender.DEPARTMENT else Sender.DEPARTMENT
    unread = case.messages.filter(sender=other, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
