"""Mailboxes read from a real IMAP server (pymap) on the loopback interface."""

from __future__ import annotations

import hashlib
import imaplib
import itertools
import re
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from massalia.pulse.connectors import poll
from massalia.pulse.connectors.imap import without_quotes
from massalia.pulse.models import Channel, Message, Source
from massalia.pulse.tests.servers import LocalImap, free_port, local_imap

pytestmark = pytest.mark.usefixtures("keep_everything")

PASSWORD_ENV = "MASSALIA_TEST_IMAP_PASSWORD"
_boxes = itertools.count(1)


@pytest.fixture(scope="module")
def imap_server():
    with local_imap() as server:
        yield server


@pytest.fixture
def mailbox(imap_server, monkeypatch):
    """A fresh mailbox on the server for each test, and the password in the environment."""
    monkeypatch.setenv(PASSWORD_ENV, imap_server.password)
    name = f"Contact {next(_boxes)}"
    with connect(imap_server) as conn:
        conn.create(f'"{name}"')
    return name


class connect:
    def __init__(self, server: LocalImap) -> None:
        self.conn = imaplib.IMAP4(server.host, server.port, timeout=10)
        self.conn.login(server.username, server.password)

    def __enter__(self) -> imaplib.IMAP4:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.logout()


def deliver(server: LocalImap, box: str, message: EmailMessage) -> None:
    with connect(server) as conn:
        status, _ = conn.append(f'"{box}"', None, None, message.as_bytes())
        assert status == "OK"


def email(subject: str, sender: str, when: str, *, text: str = "", html: str = "") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "contact@mairie-marseille.test"
    message["Subject"] = subject
    message["Date"] = when
    message["Message-ID"] = f"<{hashlib.md5(subject.encode()).hexdigest()}@courriel.test>"
    if text:
        message.set_content(text)
    if html:
        if text:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    return message


REPLY = email(
    "RE: Dépôts sauvages impasse des Lilas",
    "Josiane Ferrero <josiane.ferrero@courriel.test>",
    "Mon, 03 Mar 2025 09:12:00 +0100",
    text=(
        "Bonjour,\n\nLes encombrants sont toujours là, ça fait deux semaines.\n"
        "Les rats commencent à s'installer.\n\n"
        "Le lun. 24 févr. 2025 à 10:00, Mairie de secteur <\ncontact@mairie.test> a écrit :\n"
        "> Bonjour, nous avons transmis votre demande.\n> Cordialement\n\n"
        "-- \nJosiane Ferrero\n06 11 22 33 44\n"
    ),
)
NEWSLETTER = email(
    "Fête de quartier au Panier",
    "Comité du Panier <comite.panier@courriel.test>",
    "Tue, 04 Mar 2025 18:30:00 +0100",
    html=(
        "<html><head><style>p{color:red}</style></head><body><h1>Fête de quartier</h1>"
        "<p>Samedi, place de Lenche : musique &amp; grillades.</p>"
        "<p>Appelez le 04&nbsp;91&nbsp;00&nbsp;00&nbsp;00</p></body></html>"
    ),
)
BOTH = email(
    "Fuite d'eau boulevard Chave",
    "Karim B. <karim.b@courriel.test>",
    "Wed, 05 Mar 2025 07:05:00 +0100",
    text="Une fuite importante au pied de l'immeuble, l'eau coule sur le trottoir.",
    html="<p>Une fuite <b>importante</b> au pied de l'immeuble (version HTML).</p>",
)


def mail_source(server: LocalImap, box: str, **config: object) -> Source:
    return Source.objects.create(
        name=f"Boîte {box}",
        channel=Channel.EMAIL,
        config={
            "host": server.host,
            "port": server.port,
            "ssl": False,
            "username": server.username,
            "password_env": PASSWORD_ENV,
            "mailbox": box,
            **config,
        },
    )


def flags(server: LocalImap, box: str) -> list[bytes]:
    with connect(server) as conn:
        conn.select(f'"{box}"', readonly=True)
        _, data = conn.fetch("1:*", "(FLAGS)")
    return [item for item in data if isinstance(item, bytes)]


@pytest.mark.django_db
def test_it_reads_new_emails_without_marking_them_read(imap_server, mailbox):
    for message in (REPLY, NEWSLETTER, BOTH):
        deliver(imap_server, mailbox, message)
    source = mail_source(imap_server, mailbox)

    outcome = poll(source)

    assert (outcome.created, outcome.error) == (3, "")
    reply = Message.objects.get(external_id=REPLY["Message-ID"])
    assert reply.text == (
        "Dépôts sauvages impasse des Lilas\nBonjour,\n\n"
        "Les encombrants sont toujours là, ça fait deux semaines.\n"
        "Les rats commencent à s'installer."
    )
    assert reply.published_at == datetime(2025, 3, 3, 8, 12, tzinfo=UTC)
    assert re.fullmatch(r"[0-9a-f]{16}", reply.author)
    party = Message.objects.get(external_id=NEWSLETTER["Message-ID"]).text
    assert party == (
        "Fête de quartier au Panier\nFête de quartier\n"
        "Samedi, place de Lenche : musique & grillades.\nAppelez le [téléphone]"
    )
    leak = Message.objects.get(external_id=BOTH["Message-ID"]).text
    assert "version HTML" not in leak and "l'eau coule sur le trottoir" in leak
    assert all(b"\\Seen" not in line for line in flags(imap_server, mailbox))


@pytest.mark.django_db
def test_it_fetches_only_what_arrived_since_the_last_poll(imap_server, mailbox):
    deliver(imap_server, mailbox, REPLY)
    source = mail_source(imap_server, mailbox)
    poll(source)
    source.refresh_from_db()
    first_cursor = dict(source.cursor)

    assert poll(source).created == 0
    deliver(imap_server, mailbox, NEWSLETTER)
    outcome = poll(source)

    assert (outcome.created, outcome.already_known) == (1, 0)  # REPLY was not fetched again
    source.refresh_from_db()
    assert source.cursor["uidvalidity"] == first_cursor["uidvalidity"]
    assert source.cursor["uid"] > first_cursor["uid"]
    assert Message.objects.filter(channel=Channel.EMAIL).count() == 2


@pytest.mark.django_db
def test_it_reads_the_mailbox_again_when_uidvalidity_changes(imap_server, mailbox):
    deliver(imap_server, mailbox, REPLY)
    deliver(imap_server, mailbox, BOTH)
    source = mail_source(imap_server, mailbox)
    poll(source)
    source.refresh_from_db()
    source.cursor = {"uidvalidity": "1", "uid": source.cursor["uid"] + 1000}
    source.save()

    outcome = poll(source)

    assert (outcome.created, outcome.already_known) == (0, 2)
    source.refresh_from_db()
    assert source.cursor["uidvalidity"] != "1"


@pytest.mark.django_db
def test_it_records_a_refused_login(imap_server, mailbox, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "mauvais mot de passe")
    source = mail_source(imap_server, mailbox)

    outcome = poll(source)

    source.refresh_from_db()
    assert outcome.error.startswith("le serveur IMAP a refusé")
    assert source.last_error == outcome.error


@pytest.mark.django_db
def test_it_records_a_missing_mailbox(imap_server, mailbox):
    outcome = poll(mail_source(imap_server, "N'existe pas"))

    assert "N'existe pas" in outcome.error


@pytest.mark.django_db
def test_it_never_takes_a_password_from_the_database(imap_server, mailbox, monkeypatch):
    in_config = mail_source(imap_server, mailbox, password=imap_server.password)
    monkeypatch.delenv(PASSWORD_ENV)
    Source.objects.filter(pk=in_config.pk).update(name="mot de passe en base")
    without_env = mail_source(imap_server, mailbox)

    assert "password_env" in poll(in_config).error
    assert poll(without_env).error == (
        f"la variable d'environnement {PASSWORD_ENV} n'est pas définie"
    )
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_reports_an_unreachable_server(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "x")
    server = LocalImap("127.0.0.1", free_port(), "mairie", "x")

    outcome = poll(mail_source(server, "INBOX"))

    assert outcome.error.startswith("serveur IMAP injoignable")


def test_it_keeps_only_the_new_text_of_a_reply():
    text = (
        "Toujours rien de réparé.\n"
        "On Mon, Mar 3, 2025 at 10:00 AM Service Voirie wrote:\n"
        "> Nous revenons vers vous.\n"
        "Merci de relancer.\n"
        "De : Service Voirie\n"
        "Envoyé : lundi 3 mars 2025 10:00\n"
        "Objet : votre signalement\n"
    )

    assert without_quotes(text) == "Toujours rien de réparé.\nMerci de relancer."
