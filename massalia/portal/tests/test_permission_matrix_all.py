"""Every named view of the project × every kind of person, as one table, plus a completeness check.

Personas: anonymous; alice, the citizen who filed the requests; mallory, another citizen;
dave, agent of Propreté (another department); bob, agent of Voirie (the requests' department);
carol, manager of Voirie; olga, elected official; root, administrator.

"login" means a redirect to the login page; "302" a redirect elsewhere (a successful action).
The Django admin (namespace "admin") is left out: it is Django's own code, guarded by
staff_member_required, and its permissions are Django's model permissions, not ours.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from massalia.accounts.models import User
from massalia.servicerequests import services
from massalia.servicerequests.models import ServiceRequest
from massalia.servicerequests.tests.helpers import png
from massalia.testing import INSIDE, PASSWORD, City

PEOPLE = ["anonymous", "alice", "mallory", "dave", "bob", "carol", "olga", "root"]
# Who may read alice's private request (and her contact details): herself, Voirie, the admin.
MAY_SEE_PRIVATE = {"alice", "bob", "carol", "root"}
ALICE_EMAIL = "alice@example.org"
SECRET = "Fuite secrete dans la cave du 7"
IGNORED_NAMESPACES = {"admin"}


@dataclass
class World:
    city: City
    public: ServiceRequest  # Voirie pothole filed by alice, with a photo
    private: ServiceRequest  # "fuite-compteur" (private type) filed by alice, with a photo

    def photo_id(self, sr: ServiceRequest) -> int:
        return sr.attachments.get().upload_id


def _file(city: City, code: str, **extra: Any) -> ServiceRequest:
    lat, lon = INSIDE["NOAILLES"]
    fields = {
        "requester": city.people["alice"],
        "attributes": {"taille": "petit"},
        "description": f"Signalement {code}",
        **extra,
    }
    return services.submit_request(
        request_type=city.types[code], latitude=lat, longitude=lon, **fields
    )


def _fresh_token(world: World) -> str:
    """An unconfirmed anonymous request for each call: confirming consumes its token."""
    sr = _file(world.city, "nid-de-poule", requester=None, email="anonyme@example.org")
    sr.refresh_from_db()
    return reverse("servicerequests:confirm_request", args=[sr.confirmation_token])


@dataclass
class Case:
    method: str
    url: Callable[[World], str]
    expected: str  # one outcome per persona, in PEOPLE order
    data: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def get(url: Callable[[World], str], expected: str, **kw: Any) -> Case:
    return Case("GET", url, expected, **kw)


def post(url: Callable[[World], str], expected: str, **kw: Any) -> Case:
    return Case("POST", url, expected, **kw)


def fixed(name: str, *args: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=list(args))


def on(name: str, which: str, *tail: Any) -> Callable[[World], str]:
    """A URL about the public or the private request (by pk)."""
    return lambda w: reverse(name, args=[getattr(w, which).pk, *tail])


def photo(which: str) -> Callable[[World], str]:
    return lambda w: reverse("servicerequests:photo", args=[w.photo_id(getattr(w, which))])


def document(which: str) -> Callable[[World], str]:
    """A document the department sent alice on one of her requests."""

    def url(w: World) -> str:
        from massalia.servicerequests import correspondence
        from massalia.testing import pdf_file

        sent = correspondence.write_to_requester(
            case=getattr(w, which),
            actor=w.city.people["bob"],
            body="Le formulaire à remplir.",
            documents=[pdf_file()],
        )
        return reverse("servicerequests:attachment", args=[sent.documents.get().upload_id])

    return url


def _reply_link(world: World) -> str:
    """The signed link a requester without an account gets with the department's message."""
    from massalia.servicerequests import correspondence

    sr = _file(world.city, "fuite-compteur", requester=None, email="voisin@example.org")
    return reverse("servicerequests:reply_by_link", args=[correspondence.reply_link(sr)])


def query(name: str, qs: str, *args: Any) -> Callable[[World], str]:
    return lambda w: f"{reverse(name, args=list(args))}?{qs}"


def _alert(world: World) -> Any:
    from massalia.pulse.models import Alert

    alert, _ = Alert.objects.get_or_create(
        kind=Alert.Kind.SPIKE, day=datetime.date(2026, 11, 20), title="Hausse à Noailles"
    )
    return alert


def _pulse_alert(world: World) -> str:
    return reverse("pulse:acknowledge", args=[_alert(world).pk])


def _pulse_alert_page(world: World) -> str:
    return reverse("pulse:alert", args=[_alert(world).pk])


def _pulse_message(world: World) -> str:
    from django.utils import timezone

    from massalia.pulse.models import Channel, Message, Source

    source, _ = Source.objects.get_or_create(name="Forum", defaults={"channel": Channel.RSS})
    said, _ = Message.objects.get_or_create(
        source=source,
        external_id="1",
        defaults={
            "channel": Channel.RSS,
            "text": "Trottoir défoncé",
            "published_at": timezone.now(),
        },
    )
    return reverse("pulse:correct", args=[said.pk])


def _this_week() -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%G-W%V")


def _private_pulse_message(world: World) -> str:
    from massalia.pulse.models import Message

    said = Message.objects.get(external_id=f"servicerequest:{world.private.pk}")
    return reverse("pulse:correct", args=[said.pk])


def _unsubscribe_link(world: World) -> str:
    from massalia.core.notifications.mail import Person, unsubscribe_token

    kinds = ["servicerequests.status_changed"]
    token = unsubscribe_token(Person.of(world.city.people["alice"]), kinds)
    return reverse("notifications:unsubscribe", args=[token])


def _directory_entry(name: str, *tail: Any) -> Callable[[World], str]:
    """A page about one place of the directory of help (created on first use)."""

    def url(w: World) -> str:
        from massalia.inclusion.models import Structure

        place, _ = Structure.objects.get_or_create(
            source="matrice",
            ident="lieu-1",
            defaults={"nom": "Espace numérique", "date_maj": datetime.date(2025, 1, 1)},
        )
        return reverse(name, args=[place.pk, *tail])

    return url


def _family(world: World) -> Any:
    """Alice's household at 12 rue Paradis (sector: one school), with a child, a document and
    an enrolment of the engine's private procedure type (Voirie's, in the test city)."""
    from massalia.eservices import services as eservices
    from massalia.eservices.models import Household, School, SectorLine
    from massalia.territory import gazetteer
    from massalia.territory.models import Street
    from massalia.testing import enrolment_type, pdf_file

    alice = world.city.people["alice"]
    found = Household.objects.of(alice).first()
    if found is not None:
        return found
    lat, lon = INSIDE["NOAILLES"]
    street = Street.objects.create(
        name="Rue Paradis",
        normalized="rue paradis",
        quartier=world.city.quartiers["NOAILLES"],
        latitude=lat,
        longitude=lon,
    )
    gazetteer.invalidate()
    school = School.objects.create(code="paradis", name="École Paradis", kind="elementaire")
    SectorLine.objects.create(
        street_name=street.name,
        street_key=street.normalized,
        first_number=1,
        last_number=99,
        side="tous",
        school=school,
    )
    enrolment_type(world.city)
    household = eservices.open_household(user=alice)
    eservices.set_address(
        household=household, house_number=12, number_suffix="", street="rue Paradis"
    )
    child = eservices.add_child(
        household=household,
        first_name="Lina",
        last_name="Martin",
        birth_date=datetime.date(2020, 3, 4),
    )
    eservices.add_document(household=household, kind="domicile", uploaded=pdf_file())
    eservices.enrol(child=child, by=alice, level="CP", school_year=2026)
    return household


def family_url(name: str, what: str = "") -> Callable[[World], str]:
    """A page of alice's family account: her child, her document or her enrolment (by pk)."""

    def url(w: World) -> str:
        household = _family(w)
        row = {
            "child": lambda: household.children.get().pk,
            "document": lambda: household.documents.get().pk,
            "enrolment": lambda: household.enrolments.get().case_id,
        }
        return reverse(name, args=[row[what]()] if what else [])

    return url


def mandate_url(name: str) -> Callable[[World], str]:
    """A mandate bob (a Voirie agent, so a mediator at his counter) holds for someone."""

    def url(w: World) -> str:
        from massalia.accounts import mandates
        from massalia.accounts.models import Mandate

        bob = w.city.people["bob"]
        held = Mandate.objects.filter(mediator=bob).first() or mandates.record(
            mediator=bob,
            person=User.objects.create_user(username="personne-test", email=""),
            method="signed_form",
            days=30,
        )
        return reverse(name, args=[held.pk])

    return url


def _appointment(world: World) -> Any:
    """An identity-card appointment booked at a town hall whose counter is Voirie's (bob and
    carol receive there; the others are refused the counter's pages)."""
    import datetime as dt

    from django.utils import timezone

    from massalia.eservices import appointments
    from massalia.eservices.models import Appointment, OpeningHours, Site

    found = Appointment.objects.select_related("slot__site").first()
    if found is not None:
        return found
    site = Site.objects.create(
        slug="mairie-test",
        name="Mairie de test",
        kind=Site.Kind.TOWN_HALL,
        department=world.city.departments["voirie"],
    )
    for weekday in range(7):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=dt.time(9), closes=dt.time(12)
        )
    appointments.open_slots(site)
    slot = site.slots.filter(starts_at__gt=timezone.now() + dt.timedelta(days=1))[0]
    return appointments.book(
        slot=slot, motive="cni", ants_number="AB12CD34EF", name="Alice", email=ALICE_EMAIL
    )


def appointment_url(name: str, what: str = "") -> Callable[[World], str]:
    """A page of the appointment (by its signed link) or of its site's counter."""

    def url(w: World) -> str:
        from massalia.eservices.appointments import manage_token

        found = _appointment(w)
        args = {
            "": [],
            "link": [manage_token(found)],
            "site": [found.slot.site.slug],
            "row": [found.slot.site.slug, found.pk],
        }[what]
        return reverse(name, args=args)

    return url


def _alice_payment(w: World):
    """Alice's pending payment (the same one at each call: a pending payment is reused)."""
    from massalia.core.payments import services as payments
    from massalia.core.payments import testing
    from massalia.core.payments.providers import TestProvider

    with testing.fees():
        return payments.start(
            purpose=testing.FEE,
            object_id="cantine",
            user=w.city.people["alice"],
            provider=TestProvider(),
        )


def _receipt(w: World) -> str:
    return reverse("payments:receipt", args=[_alice_payment(w).reference])


def _bank(w: World) -> str:
    from massalia.core.payments import services as payments
    from massalia.core.payments.providers import TestProvider

    payment = _alice_payment(w)
    return payments.send(
        payment=payment,
        provider=TestProvider(),
        notify_url="http://testserver/paiement/notification/test/",
        return_url=f"http://testserver{reverse('payments:receipt', args=[payment.reference])}",
    )


def _consultation(kind: str = "contributions") -> Callable[[World], Any]:
    """A Voirie consultation whose phase `kind` runs today (created on first use)."""

    def build(w: World) -> Any:
        from django.utils import timezone

        from massalia.participation import services as participation
        from massalia.participation.models import Process

        found = Process.objects.filter(slug=f"consultation-{kind}").first()
        if found is not None:
            return found
        today = timezone.localdate()
        return participation.create_process(
            slug=f"consultation-{kind}",
            title="Des places pour les piétons",
            summary="Quelles places rendre aux piétons ?",
            department=w.city.departments["voirie"],
            phases=[(kind, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))],
        )

    return build


def _proposal(w: World) -> Any:
    """Alice's proposal in the open consultation, without support (created on first use)."""
    from massalia.participation import services as participation

    process = _consultation()(w)
    found = process.proposals.first()
    if found is not None:
        return found
    return participation.propose(
        process=process, author=w.city.people["alice"], title="Un banc", text="Un banc à l'ombre."
    )


def consultation_url(name: str, kind: str = "contributions") -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_consultation(kind)(w).slug])


def proposal_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_proposal(w).process.slug, _proposal(w).pk])


def examined(name: str, *args: Any) -> Callable[[World], str]:
    """An agents' page of participation, once Voirie examines a consultation."""
    return lambda w: (_consultation()(w), reverse(name, args=list(args)))[1]


def answer_url(w: World) -> str:
    return reverse("participation:answer", args=[_proposal(w).pk])


def _comment(w: World) -> Any:
    """Alice's comment on her proposal (created on first use)."""
    from massalia.participation import comments

    proposal = _proposal(w)
    found = proposal.comments.first()
    if found is not None:
        return found
    return comments.comment(target=proposal, author=w.city.people["alice"], text="Un avis.")


def comment_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_comment(w).pk])


def _budget(kind: str) -> Callable[[World], Any]:
    """A Voirie participatory budget whose vote is open ("vote") or over ("results"), with
    one project; alice is verified for the open one (created on first use)."""

    def build(w: World) -> Any:
        from django.utils import timezone

        from massalia.participation import ballots
        from massalia.participation.models import Process

        found = Process.objects.filter(slug=f"budget-{kind}").first()
        if found is not None:
            return found
        today, day = timezone.localdate(), datetime.timedelta(days=1)
        vote = (today - day, today + day) if kind == "vote" else (today - 9 * day, today - day)
        process = participation_process(w, f"budget-{kind}", [("vote", *vote)])
        ballots.create_budget(process=process, envelope=100_000)
        ballots.add_project(
            process=process,
            title="Un jardin",
            description="Un jardin.",
            cost=50_000,
            category="Nature",
        )
        if kind == "vote":
            ballots.verify_by_agent(
                process=process,
                agent=w.city.people["bob"],
                person=w.city.people["alice"],
                last_name="Alice",
                first_name="Alice",
                birth_date=datetime.date(1980, 1, 1),
                postcode="13001",
                consent=True,
            )
        return process

    return build


def participation_process(w: World, slug: str, phases: list[Any]) -> Any:
    from massalia.participation import services as participation

    return participation.create_process(
        slug=slug,
        title="Budget",
        summary="Vos projets.",
        department=w.city.departments["voirie"],
        phases=phases,
    )


def budget_url(name: str, kind: str = "vote", *tail: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_budget(kind)(w).slug, *tail])


def budget_project_url(name: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        process = _budget("vote")(w)
        return reverse(name, args=[process.slug, process.budget_projects.get().pk])

    return url


PROPOSAL = {"title": "Un banc", "text": "Un banc à l'ombre."}
ANSWER = {"verdict": "under_study", "text": "Nous étudions votre proposition."}
EXAMINERS_200 = "login 403 403 403 200 200 403 200"  # Voirie (bob, carol) and the admin
EXAMINERS_302 = "login 403 403 403 302 302 403 302"
COMMENT = {"text": "Un avis sur la proposition."}
SIGNED_IN_302 = "login 302 302 302 302 302 302 302"
DECISION = {"action": "restore", "reason": "Rien à redire."}


def _creche(world: World) -> Any:
    """Alice's crèche application for a baby of her household, at a crèche whose commission
    is Voirie's (bob and carol sit on it), and a round of that commission, not run."""
    from massalia.eservices import creches
    from massalia.eservices import services as eservices
    from massalia.eservices.models import Creche, CrecheGroup
    from massalia.servicerequests.models import RequestType
    from massalia.servicerequests.workflows import PROCEDURE

    household = _family(world)
    found = household.creche_applications.first()
    if found is not None:
        return found
    voirie = world.city.departments["voirie"]
    RequestType.objects.create(
        code=creches.APPLICATION_TYPE,
        name="Demande de place en crèche",
        group="Petite enfance",
        department=voirie,
        is_public=False,
        workflow=PROCEDURE.code,
    )
    creche = Creche.objects.create(code="lucioles", name="Crèche des Lucioles", department=voirie)
    CrecheGroup.objects.create(creche=creche, age_group="bebes", places=1)
    today = datetime.date.today()
    baby = eservices.add_child(
        household=household,
        first_name="Nour",
        last_name="Martin",
        birth_date=today - datetime.timedelta(days=150),
    )
    creches.create_round(
        department=voirie, name="Commission", held_on=today, rule="priority", response_days=15
    )
    return creches.apply(
        child=baby,
        by=world.city.people["alice"],
        creches=[creche],
        start_on=today + datetime.timedelta(days=30),
        hours_per_week=40,
    )


def creche_url(name: str, what: str = "") -> Callable[[World], str]:
    """Alice's application, the Voirie commission's round, or alice's offer (round run first)."""

    def url(w: World) -> str:
        from massalia.eservices import creches
        from massalia.eservices.models import AllocationRound, Offer

        application = _creche(w)
        found = AllocationRound.objects.get()
        if what == "offer" and not Offer.objects.exists():
            creches.run_round(round=found, actor=w.city.people["bob"])
        args = {
            "": [],
            "application": [application.pk],
            "round": [found.pk],
            "offer": [Offer.objects.values_list("pk", flat=True).first()],
        }[what]
        return reverse(name, args=args)

    return url


def _billed(world: World) -> tuple[Any, Any]:
    """Alice's crèche contract (her offer accepted after the round was run and published) and
    its first invoice still to pay (a credit note reissues it: the next case takes the new one)."""
    from importlib import import_module

    from django.apps import apps

    from massalia.eservices import contracts, creches
    from massalia.eservices.models import AllocationRound, CrecheContract, Invoice, Offer, PsuScale

    bob, alice = world.city.people["bob"], world.city.people["alice"]
    contract = CrecheContract.objects.first()
    if contract is None:
        application = _creche(world)
        found = AllocationRound.objects.get()
        creches.run_round(round=found, actor=bob)
        creches.publish_round(round=found, actor=bob)
        creches.accept(offer=Offer.objects.get(application=application), by=alice)
        contract = CrecheContract.objects.get()
    if not PsuScale.objects.exists():
        import_module("massalia.eservices.migrations.0006_psu_scales_2025_2026").install(apps, None)
    if not Invoice.objects.unpaid().exists():
        contracts.invoice_month(month=contract.starts_on.replace(day=1))
    return contract, Invoice.objects.unpaid().get()


def billing_url(name: str, what: str = "") -> Callable[[World], str]:
    """A billing page: of alice's contract, of her invoice, or the screen's own."""

    def url(w: World) -> str:
        contract, invoice = _billed(w)
        args = {"": [], "contract": [contract.pk], "invoice": [invoice.pk]}[what]
        return reverse(name, args=args)

    return url


def transit_url(name: str, what: str = "") -> Callable[[World], str]:
    """A page of the small bus network (imported once): its stop list, a stop, the sheets."""

    def url(w: World) -> str:
        from pathlib import Path

        from django.conf import settings

        from massalia.transit import gtfs
        from massalia.transit.models import Feed, Stop
        from massalia.transit.tests.feeds import write_feed

        feed = Feed.objects.first() or gtfs.import_feed(write_feed(Path(settings.MEDIA_ROOT))).feed
        stop = Stop.objects.filter(feed=feed).order_by("gtfs_id").first()
        assert stop is not None
        args = {"": [], "feed": [feed.code], "stop": [feed.code, stop.gtfs_id]}[what]
        return reverse(name, args=args)

    return url


def citycard_url(name: str) -> Callable[[World], str]:
    """Alice's city card (issued the first time), with its empty purse."""

    def url(w: World) -> str:
        from massalia.citycard import numbers
        from massalia.citycard import services as citycard
        from massalia.citycard.models import Card

        alice = w.city.people["alice"]
        found = Card.objects.filter(holder=alice).first() or citycard.issue_card(
            number=numbers.with_check_digit("600000000000001"), holder=alice
        )
        return reverse(name, args=[found.pk])

    return url


def camera_url(name: str) -> Callable[[World], str]:
    """A camera of the video-protection register, imported once."""

    def url(w: World) -> str:
        from massalia.cameras import importer
        from massalia.cameras.models import Camera
        from massalia.cameras.tests.conftest import csv_text, line
        from massalia.territory import geo

        if not Camera.objects.exists():
            geo.invalidate()  # the index may hold another test's quartiers
            importer.import_text(csv_text(line("vp-001")), source="matrice")
        return reverse(name, args=["vp-001"])

    return url


def debate_url(name: str, what: str = "") -> Callable[[World], str]:
    """An open opinion map with one statement published by root and one waiting for him."""

    def url(w: World) -> str:
        from massalia.consultations import services as debates
        from massalia.consultations.models import Conversation, Statement, StatementStatus

        found = Conversation.objects.filter(slug="vieux-port").first()
        if found is None:
            found = Conversation.objects.create(
                slug="vieux-port", title="Le Vieux-Port", question="Piéton ?", is_published=True
            )
            alice, root = w.city.people["alice"], w.city.people["root"]
            published = debates.submit_statement(
                conversation=found, author=alice, text="Plus d'ombre sur les quais."
            )
            debates.moderate_statement(statement=published, moderator=root, publish_it=True)
            debates.submit_statement(conversation=found, author=alice, text="Moins de voitures.")
        published = Statement.objects.filter(status=StatementStatus.PUBLISHED).earliest("pk")
        waiting = Statement.objects.exclude(status=StatementStatus.PUBLISHED).earliest("pk")
        args: dict[str, list[Any]] = {
            "": [],
            "map": [found.slug],
            "published": [found.slug, published.pk],
            "waiting": [waiting.pk],
        }
        return reverse(name, args=args[what])

    return url


def plu_url(name: str, what: str = "") -> Callable[[World], str]:
    """An open PLU consultation with one article, one zone, and three observations by alice:
    published with a file, published and unanswered, waiting with a file. Root moderates."""

    def url(w: World) -> str:
        import json

        from django.utils import timezone

        from massalia.consultations import register
        from massalia.consultations.documents import import_document
        from massalia.consultations.models import Regulation
        from massalia.consultations.zoning import import_zones
        from massalia.testing import pdf_file, square

        found = Regulation.objects.filter(slug="plu-centre").first()
        if found is None:
            now = timezone.now()
            found = Regulation.objects.create(
                slug="plu-centre", title="PLU du centre", is_published=True,
                opens_at=now - datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=9),
            )  # fmt: skip
            import_document(
                found, "# Chapitre 1 — Zone UA\n\n### Article UA 7 — Hauteur\n\n16 m.\n"
            )
            zone = {"type": "Feature", "properties": {"code": "UA", "name": "Centre ancien"},
                    "geometry": square(43.2985, 5.367)}  # fmt: skip
            import_zones(found, json.dumps({"type": "FeatureCollection", "features": [zone]}))
            alice, root = w.city.people["alice"], w.city.people["root"]
            for files, publish_it in (([pdf_file()], True), ([], True), ([pdf_file()], False)):
                item = register.file_observation(
                    regulation=found, author=alice, text="Trop haut.", theme="hauteurs",
                    target="document", files=files,
                )  # fmt: skip
                if publish_it:
                    register.moderate(observation=item, moderator=root, publish_it=True)
        attached = {
            o.status: o.files.get().pk for o in found.observations.filter(number__in=[1, 3])
        }
        args: dict[str, list[Any]] = {
            "": [],
            "plu": [found.slug],
            "article": [found.slug, "article-ua-7"],
            "zone": [found.slug, "UA"],
            "published": [found.slug, 2],
            "waiting": [found.slug, 3],
            "file": [found.slug, 1, attached["published"]],
            "pending_file": [found.slug, 3, attached["pending"]],
        }
        return reverse(name, args=args[what])

    return url


def question_url(name: str, what: str = "") -> Callable[[World], str]:
    """Olga (an elected official) receives questions: one by alice published and unanswered,
    one by alice waiting for a moderator (root)."""

    def url(w: World) -> str:
        from massalia.questions import services as questions
        from massalia.questions.models import Question, Recipient, Status

        olga = Recipient.objects.filter(slug="olga-martin").first()
        if olga is None:
            olga = Recipient.objects.create(
                kind=Recipient.Kind.OFFICIAL, slug="olga-martin", name="Olga Martin",
                role="Adjointe au maire", account=w.city.people["olga"],
            )  # fmt: skip
            alice, root = w.city.people["alice"], w.city.people["root"]
            for subject in ("Publiée", "En attente"):
                questions.ask_question(
                    recipient=olga, author=alice, subject=subject, text="Quand ?"
                )
            first = Question.objects.get(subject="Publiée")
            questions.moderate_question(question=first, moderator=root, publish_it=True)
        published = Question.objects.filter(status=Status.PUBLISHED).earliest("pk")
        waiting = Question.objects.filter(status=Status.PENDING).earliest("pk")
        args: dict[str, list[Any]] = {
            "": [], "olga": [olga.slug], "published": [published.pk], "waiting": [waiting.pk],
        }  # fmt: skip
        return reverse(name, args=args[what])

    return url


def _area_alert(world: World) -> Any:
    """A new alert of a neighbour without an account for each call (removing one consumes it)."""
    from massalia.servicerequests import area_alerts

    noailles = world.city.quartiers["NOAILLES"]
    return area_alerts.create_alert(email="voisine@example.org", quartier=noailles)


def area_alert_link(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_area_alert(w).token])


def _daves_alert(world: World) -> str:
    """Dave's alert for Noailles (created on first use): only he may remove it."""
    from massalia.servicerequests import area_alerts
    from massalia.servicerequests.models import AreaAlert

    dave = world.city.people["dave"]
    alert = AreaAlert.objects.filter(user=dave).first()
    if alert is None:
        alert = area_alerts.create_alert(user=dave, quartier=world.city.quartiers["NOAILLES"])
    return reverse("servicerequests:my_alert_remove", args=[alert.pk])


def _news_item(w: World) -> Any:
    """A published news item with its image, in a theme (made on first use, by root)."""
    from django.utils import timezone

    from massalia.news import services as news
    from massalia.news.models import NewsItem, Theme
    from massalia.servicerequests.tests.helpers import png as news_png

    found = NewsItem.objects.filter(slug="port-en-fete").first()
    if found is None:
        theme = Theme.objects.create(name="Mer et littoral", slug="mer")
        found = NewsItem(
            title="Le port en fête", slug="port-en-fete", summary="Le port en fête.",
            body="Texte.", theme=theme, image_alt="Le Vieux-Port", published_at=timezone.now(),
        )  # fmt: skip
        news.save_item(item=found, editor=w.city.people["root"], image=news_png())
    return found


def news_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_news_item(w).slug])


def news_theme_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_news_item(w).theme.slug])


def _news_issue(w: World) -> str:
    """A newsletter already sent, with the news item."""
    from django.utils import timezone

    from massalia.news.models import Issue

    issue, _ = Issue.objects.get_or_create(
        subject="La lettre", defaults={"sent_at": timezone.now()}
    )
    issue.items.add(_news_item(w))
    return reverse("news:issue", args=[issue.pk])


def _news_confirm(w: World) -> str:
    from massalia.news.newsletter import Choice, confirmation_token

    token = confirmation_token(Choice(email="voisin@example.org", themes=(), quartiers=()))
    return reverse("news:confirm", args=[token])


ALL_200 = "200 200 200 200 200 200 200 200"
ALL_400 = "400 400 400 400 400 400 400 400"
ALL_404 = "404 404 404 404 404 404 404 404"
ALL_405 = "405 405 405 405 405 405 405 405"
ALL_302 = "302 302 302 302 302 302 302 302"
COUNTER_200 = "login 403 403 403 200 200 403 200"
COUNTER_302 = "login 403 403 403 302 302 403 302"
SIGNED_IN = "login 200 200 200 200 200 200 200"
PRIVATE_404 = "404 200 404 404 200 200 404 200"
PULSE_READERS = "login 403 403 200 200 200 200 200"
#                     anon  alice mallory dave bob carol olga root
TABLE: dict[str, list[Case]] = {
    # Portal ---------------------------------------------------------------------------------
    "portal:home": [get(fixed("portal:home"), ALL_200)],
    # The site's information pages: public, read only.
    **{
        f"portal:page_{key}": [
            get(fixed(f"portal:page_{key}"), ALL_200),
            post(fixed(f"portal:page_{key}"), ALL_405),
        ]
        for key in ("accessibilite", "mentions", "conditions", "donnees")
    },
    # The case engine's public pages -----------------------------------------------------------
    "servicerequests:report": [get(fixed("servicerequests:report"), ALL_200)],
    "servicerequests:report_sent": [get(fixed("servicerequests:report_sent"), ALL_200)],
    "servicerequests:report_form": [
        get(fixed("servicerequests:report_form", "nid-de-poule"), ALL_200),
        get(fixed("servicerequests:report_form", "inconnu"), ALL_404),
    ],
    "servicerequests:nearby": [
        get(
            query(
                "servicerequests:nearby",
                f"type=nid-de-poule&lat={INSIDE['NOAILLES'][0]}&lon={INSIDE['NOAILLES'][1]}",
            ),
            ALL_200,
        ),
        # Private requests must not leak through the duplicate finder.
        get(
            query(
                "servicerequests:nearby",
                f"type=fuite-compteur&lat={INSIDE['NOAILLES'][0]}&lon={INSIDE['NOAILLES'][1]}",
            ),
            ALL_200,
        ),
        post(fixed("servicerequests:nearby"), ALL_405),
    ],
    # The report form's address lookup: public, read-only; what it cannot read is a 400.
    "servicerequests:report_address": [
        get(query("servicerequests:report_address", "q=canebiere"), ALL_200),
        get(
            query(
                "servicerequests:report_address",
                f"latitude={INSIDE['NOAILLES'][0]}&longitude={INSIDE['NOAILLES'][1]}",
            ),
            ALL_200,
        ),
        get(query("servicerequests:report_address", "latitude=nord"), ALL_400),
        post(fixed("servicerequests:report_address"), ALL_405),
    ],
    "servicerequests:requests": [get(fixed("servicerequests:requests"), ALL_200)],
    "servicerequests:requests_geojson": [get(fixed("servicerequests:requests_geojson"), ALL_200)],
    "servicerequests:requests_csv": [get(fixed("servicerequests:requests_csv"), ALL_200)],
    "servicerequests:map": [get(fixed("servicerequests:map"), ALL_200)],
    # The map's window: public clusters for anyone; a window it cannot read is a 400.
    "servicerequests:map_clusters": [
        get(query("servicerequests:map_clusters", "bbox=5.36,43.29,5.39,43.31&zoom=13"), ALL_200),
        get(query("servicerequests:map_clusters", "bbox=5.36,43.29&zoom=13"), ALL_400),
        post(query("servicerequests:map_clusters", "bbox=5.36,43.29,5.39,43.31&zoom=13"), ALL_405),
    ],
    "servicerequests:map_outlines": [get(fixed("servicerequests:map_outlines"), ALL_200)],
    # Directory of help: public pages; reporting an error needs the editors' request type.
    "inclusion:search": [
        get(fixed("inclusion:search"), ALL_200),
        get(query("inclusion:search", "besoin=inconnu"), ALL_400),
    ],
    "inclusion:search_geojson": [get(fixed("inclusion:search_geojson"), ALL_200)],
    "inclusion:entry": [
        get(_directory_entry("inclusion:entry"), ALL_200),
        get(fixed("inclusion:entry", 999999), ALL_404),
    ],
    "inclusion:sheet": [get(_directory_entry("inclusion:sheet"), ALL_200)],
    "inclusion:report": [get(_directory_entry("inclusion:report"), ALL_404)],
    "inclusion:export_lieux": [get(fixed("inclusion:export_lieux"), ALL_200)],
    "inclusion:export_data_inclusion": [
        get(fixed("inclusion:export_data_inclusion", "structures"), ALL_200),
        get(fixed("inclusion:export_data_inclusion", "inconnu"), ALL_404),
    ],
    "servicerequests:request_detail": [
        get(on("servicerequests:request_detail", "public"), ALL_200),
        get(on("servicerequests:request_detail", "private"), PRIVATE_404),
    ],
    "servicerequests:follow": [
        post(on("servicerequests:follow", "public"), "login 302 302 302 302 302 302 302"),
        post(on("servicerequests:follow", "private"), "login 302 404 404 302 302 404 302"),
        get(on("servicerequests:follow", "public"), ALL_405),
    ],
    # An empty update: signed in (addresses confirmed) the form refuses it, nothing stored.
    "servicerequests:contribute": [
        post(on("servicerequests:contribute", "public"), "login 400 400 400 400 400 400 400"),
        post(on("servicerequests:contribute", "private"), "login 400 404 404 400 400 404 400"),
        get(on("servicerequests:contribute", "public"), ALL_405),
    ],
    "servicerequests:confirm_request": [
        get(fixed("servicerequests:confirm_request", "jeton-inconnu"), ALL_404),
        get(_fresh_token, ALL_200),
    ],
    "servicerequests:my_requests": [get(fixed("servicerequests:my_requests"), SIGNED_IN)],
    "servicerequests:area_alert_new": [
        get(fixed("servicerequests:area_alert_new"), ALL_200),
        post(fixed("servicerequests:area_alert_new"), ALL_400),  # no area chosen
    ],
    "servicerequests:area_alert_sent": [get(fixed("servicerequests:area_alert_sent"), ALL_200)],
    # The link's token is the proof, whoever holds it; GET asks, POST acts.
    "servicerequests:area_alert_confirm": [
        get(area_alert_link("servicerequests:area_alert_confirm"), ALL_200),
        post(area_alert_link("servicerequests:area_alert_confirm"), ALL_200),
        post(fixed("servicerequests:area_alert_confirm", "jeton-inconnu"), ALL_404),
    ],
    "servicerequests:area_alert_remove": [
        get(area_alert_link("servicerequests:area_alert_remove"), ALL_200),
        post(area_alert_link("servicerequests:area_alert_remove"), ALL_200),
        get(fixed("servicerequests:area_alert_remove", "jeton-inconnu"), ALL_404),
    ],
    "servicerequests:my_alerts": [get(fixed("servicerequests:my_alerts"), SIGNED_IN)],
    "servicerequests:my_alert_remove": [
        post(_daves_alert, "login 404 404 302 404 404 404 404"),
        get(_daves_alert, ALL_405),
    ],
    # Photos were first served here; the same view answers.
    "servicerequests:photo": [
        get(photo("public"), ALL_200),
        get(photo("private"), PRIVATE_404),
    ],
    # A document of a public request's correspondence is as private as the private request.
    "servicerequests:attachment": [
        get(document("public"), PRIVATE_404),
        get(document("private"), PRIVATE_404),
    ],
    # The signed link is the proof, whoever holds it; an altered one opens nothing.
    "servicerequests:reply_by_link": [
        get(_reply_link, ALL_200),
        post(_reply_link, ALL_400),  # an empty message
        get(fixed("servicerequests:reply_by_link", "lien-modifie"), ALL_404),
        post(fixed("servicerequests:reply_by_link", "lien-modifie"), ALL_404),
    ],
    "servicerequests:reply_document": [
        get(fixed("servicerequests:reply_document", "lien-modifie", 1), ALL_404)
    ],
    # Only the requester reaches the form; an empty message on an open request: 400.
    "servicerequests:reopen": [
        post(on("servicerequests:reopen", "private"), "login 400 404 404 404 404 404 404"),
        get(on("servicerequests:reopen", "public"), ALL_405),
    ],
    # An empty message: only the requester reaches the form, which refuses it (400).
    "servicerequests:reply": [
        post(on("servicerequests:reply", "private"), "login 400 404 404 404 404 404 404"),
        post(on("servicerequests:reply", "public"), "login 400 404 404 404 404 404 404"),
        get(on("servicerequests:reply", "public"), ALL_405),
    ],
    # Accounts -------------------------------------------------------------------------------
    "accounts:login": [get(fixed("accounts:login"), "200 302 302 302 302 302 302 302")],
    "accounts:logout": [
        post(fixed("accounts:logout"), "302 302 302 302 302 302 302 302"),
        get(fixed("accounts:logout"), ALL_405),
    ],
    "accounts:signup": [get(fixed("accounts:signup"), ALL_200)],
    "accounts:my_account": [get(fixed("accounts:my_account"), SIGNED_IN)],
    "accounts:download_my_data": [get(fixed("accounts:download_my_data"), SIGNED_IN)],
    "accounts:mediation": [
        get(fixed("accounts:mediation"), "login 403 403 200 200 200 403 200"),
        post(fixed("accounts:mediation"), "login 403 403 400 400 400 403 400"),
    ],
    "accounts:mediation_act": [
        post(mandate_url("accounts:mediation_act"), "login 403 403 404 302 404 403 404"),
        get(mandate_url("accounts:mediation_act"), ALL_405),
    ],
    "accounts:mediation_revoke": [
        post(mandate_url("accounts:mediation_revoke"), "login 403 403 404 302 404 403 404"),
        get(mandate_url("accounts:mediation_revoke"), ALL_405),
    ],
    "accounts:mediation_stop": [
        post(fixed("accounts:mediation_stop"), "login 302 302 302 302 302 302 302"),
        get(fixed("accounts:mediation_stop"), ALL_405),
    ],
    "accounts:delete_account": [
        get(fixed("accounts:delete_account"), SIGNED_IN),
        # A wrong password: the form is refused, nobody is deleted.
        post(
            fixed("accounts:delete_account"),
            "login 400 400 400 400 400 400 400",
            data={"password": "pas-le-bon"},
        ),
    ],
    "accounts:account_deleted": [get(fixed("accounts:account_deleted"), ALL_200)],
    # An altered link confirms nothing and opens no form, whoever holds it.
    "accounts:verify_email": [get(fixed("accounts:verify_email", "lien-modifie"), ALL_404)],
    "accounts:resend_verification": [
        post(fixed("accounts:resend_verification"), "login 302 302 302 302 302 302 302"),
        get(fixed("accounts:resend_verification"), "login 405 405 405 405 405 405 405"),
    ],
    "accounts:password_reset": [
        get(fixed("accounts:password_reset"), ALL_200),
        post(fixed("accounts:password_reset"), ALL_400),  # no address
    ],
    "accounts:password_reset_done": [get(fixed("accounts:password_reset_done"), ALL_200)],
    "accounts:code_request": [
        get(fixed("accounts:code_request"), ALL_200),
        post(fixed("accounts:code_request"), ALL_400),  # no address
    ],
    "accounts:code_enter": [
        get(fixed("accounts:code_enter"), ALL_200),
        post(fixed("accounts:code_enter"), ALL_400),  # no address, no code
    ],
    "accounts:password_reset_confirm": [
        get(fixed("accounts:password_reset_confirm", "MQ", "lien-modifie"), ALL_404)
    ],
    "accounts:password_reset_complete": [get(fixed("accounts:password_reset_complete"), ALL_200)],
    # Family account: alice's household; others have none (redirected to make one, or 404) ---
    "eservices:my_procedures": [get(family_url("eservices:my_procedures"), SIGNED_IN)],
    "eservices:household": [
        get(family_url("eservices:household"), SIGNED_IN),
        post(family_url("eservices:household"), "login 400 400 400 400 400 400 400"),
    ],
    "eservices:resources": [
        post(family_url("eservices:resources"), "login 400 404 404 404 404 404 404"),
        get(family_url("eservices:resources"), ALL_405),
    ],
    "eservices:invite": [
        post(family_url("eservices:invite"), "login 400 404 404 404 404 404 404"),
        get(family_url("eservices:invite"), ALL_405),
    ],
    "eservices:join": [
        # A made-up invitation: nobody joins anything.
        get(fixed("eservices:join", "pas-une-invitation"), "login 404 404 404 404 404 404 404"),
        post(fixed("eservices:join", "pas-une-invitation"), "login 404 404 404 404 404 404 404"),
    ],
    "eservices:add_child": [
        get(family_url("eservices:add_child"), "login 200 302 302 302 302 302 302"),
        post(family_url("eservices:add_child"), "login 400 302 302 302 302 302 302"),
    ],
    "eservices:edit_child": [
        get(family_url("eservices:edit_child", "child"), "login 200 404 404 404 404 404 404"),
        post(family_url("eservices:edit_child", "child"), "login 400 404 404 404 404 404 404"),
    ],
    "eservices:add_document": [
        get(family_url("eservices:add_document"), "login 200 404 404 404 404 404 404"),
        post(family_url("eservices:add_document"), "login 400 404 404 404 404 404 404"),
    ],
    # The family, and the department of one of its enrolments (Voirie here), open its papers.
    "eservices:document": [
        get(family_url("eservices:document", "document"), "login 200 404 404 200 200 404 200")
    ],
    "eservices:check_document": [
        post(
            family_url("eservices:check_document", "document"), "login 404 404 404 400 400 404 400"
        ),
        get(family_url("eservices:check_document", "document"), ALL_405),
    ],
    "eservices:enrol": [
        get(family_url("eservices:enrol"), "login 200 302 302 302 302 302 302"),
        post(family_url("eservices:enrol"), "login 400 302 302 302 302 302 302"),
    ],
    "eservices:decide": [
        post(family_url("eservices:decide", "enrolment"), "login 403 403 403 400 400 403 400"),
        get(family_url("eservices:decide", "enrolment"), ALL_405),
    ],
    # Not accepted yet: no letter for anyone.
    "eservices:enrolments": [
        get(family_url("eservices:enrolments"), "login 403 403 403 200 200 403 200")
    ],
    "eservices:decide_many": [
        post(family_url("eservices:decide_many"), "login 403 403 403 400 400 403 400"),
        get(family_url("eservices:decide_many"), ALL_405),
    ],
    "eservices:letter": [
        get(family_url("eservices:letter", "enrolment"), "login 404 404 404 404 404 404 404")
    ],
    "eservices:letter_pdf": [
        get(family_url("eservices:letter_pdf", "enrolment"), "login 404 404 404 404 404 404 404")
    ],
    # Appointments: booking and the signed link need no account; the counter is Voirie's here.
    "eservices:appointment_sites": [get(appointment_url("eservices:appointment_sites"), ALL_200)],
    "eservices:appointment_site": [
        get(appointment_url("eservices:appointment_site", "site"), ALL_200),
        post(appointment_url("eservices:appointment_site", "site"), ALL_400),
    ],
    "eservices:appointment": [get(appointment_url("eservices:appointment", "link"), ALL_200)],
    "eservices:appointment_ics": [
        get(appointment_url("eservices:appointment_ics", "link"), ALL_200)
    ],
    "eservices:appointment_move": [
        get(appointment_url("eservices:appointment_move", "link"), ALL_200),
        post(appointment_url("eservices:appointment_move", "link"), ALL_400),
    ],
    "eservices:appointment_cancel": [
        post(appointment_url("eservices:appointment_cancel", "link"), ALL_302),
        get(appointment_url("eservices:appointment_cancel", "link"), ALL_405),
    ],
    "eservices:appointment_day": [
        get(appointment_url("eservices:appointment_day", "site"), COUNTER_200)
    ],
    "eservices:appointment_close": [
        post(appointment_url("eservices:appointment_close", "site"), COUNTER_302),
        get(appointment_url("eservices:appointment_close", "site"), ALL_405),
    ],
    "eservices:appointment_mark": [
        post(appointment_url("eservices:appointment_mark", "row"), COUNTER_302),
        get(appointment_url("eservices:appointment_mark", "row"), ALL_405),
    ],
    # Agents (detailed actions in servicerequests/tests/test_permission_matrix.py) -----------
    "backoffice:inbox": [get(fixed("backoffice:inbox"), "login 403 403 200 200 200 200 200")],
    "cases:department_inbox": [
        get(fixed("cases:department_inbox", "voirie"), "login 403 403 403 200 200 403 200")
    ],
    "cases:request": [get(on("cases:request", "private"), "login 403 403 403 200 200 403 200")],
    # Empty bodies: the permission check runs, then the form refuses with 400 (nothing
    # changes); an empty assignee is a valid "nobody", already the case: 302, no change.
    "cases:change_status": [
        post(on("cases:change_status", "private"), "login 403 403 403 400 400 403 400")
    ],
    "cases:add_note": [post(on("cases:add_note", "private"), "login 403 403 403 400 400 403 400")],
    # Nothing ticked: the permission check runs, then the list comes back with a message.
    "cases:bulk": [post(fixed("cases:bulk", "voirie"), "login 403 403 403 302 302 403 302")],
    "cases:department_export": [
        get(fixed("cases:department_export", "voirie"), "login 403 403 403 200 200 403 200")
    ],
    "cases:write": [post(on("cases:write", "private"), "login 403 403 403 400 400 403 400")],
    "cases:assign": [post(on("cases:assign", "private"), "login 403 403 403 302 302 403 302")],
    "cases:reassign": [post(on("cases:reassign", "private"), "login 403 403 403 400 400 403 400")],
    "cases:merge": [post(on("cases:merge", "private"), "login 403 403 403 400 400 403 400")],
    "cases:moderation": [get(fixed("cases:moderation"), "login 403 403 200 200 200 403 200")],
    # An empty decision: the permission check runs, then the form refuses with 400.
    "cases:moderate_case": [
        get(on("cases:moderate_case", "public"), "login 403 403 403 200 200 403 200"),
        post(on("cases:moderate_case", "public"), "login 403 403 403 400 400 403 400"),
    ],
    # Open311: public data only, sessions grant nothing ----------------------------------------
    "open311:root": [get(fixed("open311:root"), ALL_404)],
    "open311:openapi": [get(fixed("open311:openapi"), ALL_200)],
    "open311:discovery": [get(fixed("open311:discovery", "json"), ALL_200)],
    "open311:services": [get(fixed("open311:services", "json"), ALL_200)],
    "open311:service_definition": [
        get(fixed("open311:service_definition", "nid-de-poule", "json"), ALL_200),
        get(fixed("open311:service_definition", "fuite-compteur", "json"), ALL_404),
    ],
    "open311:requests": [
        get(fixed("open311:requests", "json"), ALL_200),
        # No api_key: a signed-in session is not an API client.
        post(
            fixed("open311:requests", "json"),
            "403 403 403 403 403 403 403 403",
            data={"service_code": "nid-de-poule", "lat": "43.295", "long": "5.385"},
        ),
    ],
    "open311:request_detail": [
        get(on("open311:request_detail", "public", "json"), ALL_200),
        get(on("open311:request_detail", "private", "json"), ALL_404),
    ],
    "open311:unknown": [get(fixed("open311:unknown", "rien.json"), ALL_404)],
    # The link of an address confirmation email: an unknown token is a page saying so.
    "open311:confirm_address": [get(fixed("open311:confirm_address", "jeton-inconnu"), ALL_404)],
    # City card: "Ma carte" is its holder's alone (even administrators get a 404); the card
    # office is the administrators' (and staff given "change card"); validators need a key.
    "citycard:my_cards": [
        get(fixed("citycard:my_cards"), SIGNED_IN),
        post(fixed("citycard:my_cards"), "login 400 400 400 400 400 400 400"),
    ],
    "citycard:card": [get(citycard_url("citycard:card"), "login 200 404 404 404 404 404 404")],
    "citycard:topup": [
        post(
            citycard_url("citycard:topup"),
            "login 200 404 404 404 404 404 404",
            data={"amount": "1000"},
        ),
        post(citycard_url("citycard:topup"), "login 400 404 404 404 404 404 404"),
        get(citycard_url("citycard:topup"), "login 405 405 405 405 405 405 405"),
    ],
    "citycard:loss": [
        get(citycard_url("citycard:loss"), "login 200 404 404 404 404 404 404"),
        post(citycard_url("citycard:loss"), "login 302 404 404 404 404 404 404"),
    ],
    "citycard_agents:office": [
        get(fixed("citycard_agents:office"), "login 403 403 403 403 403 403 200")
    ],
    "citycard_agents:status": [
        post(
            citycard_url("citycard_agents:status"),
            "login 403 403 403 403 403 403 302",
            data={"action": "block"},
        ),
        get(citycard_url("citycard_agents:status"), "login 405 405 405 405 405 405 405"),
    ],
    "citycard_api:root": [get(fixed("citycard_api:root"), ALL_200)],
    "citycard_api:taps": [
        get(fixed("citycard_api:taps"), ALL_405),
        post(fixed("citycard_api:taps"), "403 403 403 403 403 403 403 403"),
    ],
    # Connected city: the machines' APIs need their keys, sessions grant nothing; the water
    # page is each subscriber's own (nobody in this world has a meter) --------------------------
    "telemetry:root": [get(fixed("telemetry:root"), ALL_200)],
    "telemetry:readings": [
        get(fixed("telemetry:readings"), ALL_405),
        post(fixed("telemetry:readings"), "403 403 403 403 403 403 403 403"),
    ],
    "ngsild:root": [get(fixed("ngsild:root"), ALL_200)],
    "ngsild:entities": [
        get(query("ngsild:entities", "type=Device"), "403 403 403 403 403 403 403 403")
    ],
    "ngsild:entity": [
        get(fixed("ngsild:entity", "urn:ngsi-ld:Device:C-1"), "403 403 403 403 403 403 403 403")
    ],
    "connected:my_water": [get(fixed("connected:my_water"), SIGNED_IN)],
    # Pulse: officials read and act on alerts; agents read and correct topics ------------------
    "pulse:dashboard": [get(fixed("pulse:dashboard"), PULSE_READERS)],
    "pulse:export": [get(fixed("pulse:export"), PULSE_READERS)],
    "pulse:report": [
        get(query("pulse:report", "semaine=2026-W47"), PULSE_READERS),
        # This week's report, whose examples include this week's messages.
        get(lambda w: f"{reverse('pulse:report')}?semaine={_this_week()}", PULSE_READERS),
    ],
    "pulse:about": [get(fixed("pulse:about"), ALL_200)],
    # Acknowledging twice is harmless: both officials get the redirect back.
    # One alert and exactly its messages, for the pulse's readers.
    "pulse:alert": [
        get(_pulse_alert_page, PULSE_READERS),
        get(fixed("pulse:alert", 424242), "login 403 403 404 404 404 404 404"),
    ],
    "pulse:acknowledge": [
        post(_pulse_alert, "login 403 403 403 403 403 302 302"),
        get(_pulse_alert, ALL_405),
    ],
    # An empty form: the permission check runs, then the form refuses with 400.
    "pulse:correct": [
        post(_pulse_message, "login 403 403 400 400 400 403 400"),
        # A private demand's message: nobody may copy its text into a correction.
        post(_private_pulse_message, "login 403 403 403 403 403 403 403"),
    ],
    "pulse:digest": [
        post(fixed("pulse:digest"), "login 403 403 403 403 403 400 400"),
        get(fixed("pulse:digest"), ALL_405),
    ],
    # Open data: public to all; private requests appear in no download and no metadata ------
    "opendata:catalog": [get(fixed("opendata:catalog"), ALL_200)],
    "opendata:catalog_jsonld": [
        get(fixed("opendata:catalog_jsonld"), ALL_200),
        get(query("opendata:catalog_jsonld", "page=abc"), ALL_400),
    ],
    "opendata:catalog_rdf": [get(fixed("opendata:catalog_rdf"), ALL_200)],
    "opendata:dataset": [
        get(fixed("opendata:dataset", "demandes"), ALL_200),
        get(fixed("opendata:dataset", "inconnu"), ALL_404),
    ],
    "opendata:dataset_jsonld": [get(fixed("opendata:dataset_jsonld", "demandes"), ALL_200)],
    "opendata:dataset_rdf": [get(fixed("opendata:dataset_rdf", "demandes"), ALL_200)],
    "opendata:download": [
        get(fixed("opendata:download", "demandes", "csv"), ALL_200),
        get(fixed("opendata:download", "demandes", "json"), ALL_200),
        get(fixed("opendata:download", "demandes", "geojson"), ALL_200),
        get(fixed("opendata:download", "marches-publics", "csv"), ALL_200),
        get(fixed("opendata:download", "demandes", "xlsx"), ALL_404),
    ],
    # Public procurement: public by law, the same for everyone --------------------------------
    "transparency:search": [
        get(fixed("transparency:search"), ALL_200),
        get(query("transparency:search", "montant_min=beaucoup"), ALL_400),
    ],
    "transparency:statistics": [get(fixed("transparency:statistics"), ALL_200)],
    "transparency:export_csv": [get(fixed("transparency:export_csv"), ALL_200)],
    "transparency:export_decp": [get(fixed("transparency:export_decp"), ALL_200)],
    "transparency:contract": [get(fixed("transparency:contract", 424242), ALL_404)],
    "transparency:supplier": [get(fixed("transparency:supplier", 424242), ALL_404)],
    "transparency:buyer": [get(fixed("transparency:buyer", 424242), ALL_404)],
    # Core -----------------------------------------------------------------------------------
    # An empty form: every kind of notification needs a choice (400, nothing changes).
    "notifications:preferences": [
        get(fixed("notifications:preferences"), SIGNED_IN),
        post(fixed("notifications:preferences"), "login 400 400 400 400 400 400 400"),
    ],
    # The signed link is the proof: no session is needed and none adds anything.
    "notifications:unsubscribe": [
        get(_unsubscribe_link, ALL_200),
        post(_unsubscribe_link, ALL_200),
        get(fixed("notifications:unsubscribe", "lien-modifie"), ALL_400),
        post(fixed("notifications:unsubscribe", "lien-modifie"), ALL_400),
    ],
    # Crèche places ----------------------------------------------------------------------------
    "eservices:creche_criteria": [get(creche_url("eservices:creche_criteria"), ALL_200)],
    "eservices:creche_apply": [
        get(creche_url("eservices:creche_apply"), "login 200 302 302 302 302 302 302"),
        post(creche_url("eservices:creche_apply"), "login 400 302 302 302 302 302 302"),
    ],
    "eservices:creche_application": [
        get(
            creche_url("eservices:creche_application", "application"),
            "login 200 404 404 404 404 404 404",
        )
    ],
    # No place offered yet: alice is told so (400).
    "eservices:creche_answer": [
        post(
            creche_url("eservices:creche_answer", "application"),
            "login 400 404 404 404 404 404 404",
        ),
        get(creche_url("eservices:creche_answer", "application"), ALL_405),
    ],
    "eservices:creche_withdraw": [
        post(
            creche_url("eservices:creche_withdraw", "application"),
            "login 302 404 404 404 404 404 404",
        ),
        get(creche_url("eservices:creche_withdraw", "application"), ALL_405),
    ],
    "eservices:creche_renew": [
        post(
            creche_url("eservices:creche_renew", "application"),
            "login 400 404 404 404 404 404 404",
        ),
        get(creche_url("eservices:creche_renew", "application"), ALL_405),
    ],
    # Not published yet: alice is told she cannot appeal (400).
    "eservices:creche_appeal": [
        post(
            creche_url("eservices:creche_appeal", "application"),
            "login 400 404 404 404 404 404 404",
        ),
        get(creche_url("eservices:creche_appeal", "application"), ALL_405),
    ],
    "eservices:creche_appeal_answer": [
        post(fixed("eservices:creche_appeal_answer", 424242), "login 404 404 404 404 404 404 404"),
        get(fixed("eservices:creche_appeal_answer", 424242), ALL_405),
    ],
    "eservices:creche_document": [
        get(fixed("eservices:creche_document", 424242), "login 404 404 404 404 404 404 404")
    ],
    "eservices:creche_rounds": [
        get(creche_url("eservices:creche_rounds"), "login 403 403 403 200 200 403 200"),
        post(creche_url("eservices:creche_rounds"), "login 403 403 403 400 400 403 400"),
    ],
    "eservices:creche_round": [
        get(creche_url("eservices:creche_round", "round"), "login 403 403 403 200 200 403 200")
    ],
    "eservices:creche_run": [
        post(creche_url("eservices:creche_run", "round"), "login 403 403 403 302 302 403 302"),
        get(creche_url("eservices:creche_run", "round"), ALL_405),
    ],
    # Not run yet: publishing is refused with a message.
    "eservices:creche_publish": [
        post(creche_url("eservices:creche_publish", "round"), "login 403 403 403 400 400 403 400"),
        get(creche_url("eservices:creche_publish", "round"), ALL_405),
    ],
    "eservices:creche_expire": [
        post(creche_url("eservices:creche_expire", "round"), "login 403 403 403 302 302 403 302"),
        get(creche_url("eservices:creche_expire", "round"), ALL_405),
    ],
    # No reason: refused (400).
    "eservices:creche_override": [
        post(creche_url("eservices:creche_override", "offer"), "login 403 403 403 400 400 403 400"),
        get(creche_url("eservices:creche_override", "offer"), ALL_405),
    ],
    # Crèche billing: the family reads its invoices, the crèche's department bills them.
    "eservices:invoices": [get(billing_url("eservices:invoices"), SIGNED_IN)],
    "eservices:invoice": [
        get(billing_url("eservices:invoice", "invoice"), "login 200 404 404 404 404 404 404"),
        post(billing_url("eservices:invoice", "invoice"), ALL_405),
    ],
    "eservices:creche_billing": [
        get(billing_url("eservices:creche_billing"), "login 403 403 403 200 200 403 200")
    ],
    "eservices:creche_billing_export": [
        get(billing_url("eservices:creche_billing_export"), "login 403 403 403 200 200 403 200")
    ],
    # No month given: refused with its reason (400) to whoever may bill.
    "eservices:creche_issue_month": [
        post(billing_url("eservices:creche_issue_month"), "login 403 403 403 400 400 403 400"),
        get(billing_url("eservices:creche_issue_month"), ALL_405),
    ],
    "eservices:creche_reminders": [
        post(billing_url("eservices:creche_reminders"), "login 403 403 403 302 302 403 302"),
        get(billing_url("eservices:creche_reminders"), ALL_405),
    ],
    # No reason given: refused (400); a credit note needs one.
    "eservices:creche_credit": [
        post(
            billing_url("eservices:creche_credit", "invoice"), "login 403 403 403 400 400 403 400"
        ),
        get(billing_url("eservices:creche_credit", "invoice"), ALL_405),
    ],
    # A contract is not even shown to whoever may not bill it (404).
    "eservices:creche_contract": [
        get(
            billing_url("eservices:creche_contract", "contract"),
            "login 404 404 404 200 200 404 200",
        ),
        post(
            billing_url("eservices:creche_contract", "contract"),
            "login 404 404 404 400 400 404 400",
        ),
    ],
    "eservices:creche_absence": [
        post(
            billing_url("eservices:creche_absence", "contract"),
            "login 404 404 404 400 400 404 400",
        ),
        get(billing_url("eservices:creche_absence", "contract"), ALL_405),
    ],
    "eservices:creche_extra_hours": [
        post(
            billing_url("eservices:creche_extra_hours", "contract"),
            "login 404 404 404 400 400 404 400",
        ),
        get(billing_url("eservices:creche_extra_hours", "contract"), ALL_405),
    ],
    # Bus shelters: every stop's page, tag and code are public; the installers' sheets are for
    # the city's agents (any department) and administrators.
    "transit:stops": [get(transit_url("transit:stops"), ALL_200)],
    "transit:stop": [
        get(transit_url("transit:stop", "stop"), ALL_200),
        post(transit_url("transit:stop", "stop"), ALL_405),
    ],
    "transit:tag": [get(transit_url("transit:tag", "stop"), ALL_200)],
    "transit:code": [get(transit_url("transit:code", "stop"), ALL_200)],
    "transit_agents:sheets": [
        get(transit_url("transit_agents:sheets"), "login 403 403 200 200 200 403 200")
    ],
    "transit_agents:sheet": [
        get(transit_url("transit_agents:sheet", "feed"), "login 403 403 200 200 200 403 200")
    ],
    "transit_agents:csv": [
        get(transit_url("transit_agents:csv", "feed"), "login 403 403 200 200 200 403 200")
    ],
    "transit_agents:geojson": [
        get(transit_url("transit_agents:geojson", "feed"), "login 403 403 200 200 200 403 200")
    ],
    # The video-protection register is public: its pages, its map and its dataset.
    "cameras:register": [
        get(fixed("cameras:register"), ALL_200),
        get(query("cameras:register", "finalite=inconnue"), ALL_400),
        post(fixed("cameras:register"), ALL_405),
    ],
    "cameras:map": [
        get(fixed("cameras:map"), ALL_200),
        get(query("cameras:map", "arrondissement=x"), ALL_400),
    ],
    "cameras:rights": [get(fixed("cameras:rights"), ALL_200)],
    "cameras:camera": [
        get(camera_url("cameras:camera"), ALL_200),
        get(fixed("cameras:camera", "vp-inconnue"), ALL_404),
    ],
    # Opinion maps: read by anyone, voted and fed by people signed in, moderated by the
    # administrators (and staff given the moderators' permission: none here).
    "consultations:conversations": [get(debate_url("consultations:conversations"), ALL_200)],
    "consultations:conversation": [
        get(debate_url("consultations:conversation", "map"), ALL_200),
        post(debate_url("consultations:conversation", "map"), ALL_405),
    ],
    "consultations:vote": [
        post(
            debate_url("consultations:vote", "published"),
            "login 302 302 302 302 302 302 302",
            data={"vote": "1"},
        ),
        post(debate_url("consultations:vote", "published"), "login 400 400 400 400 400 400 400"),
        get(debate_url("consultations:vote", "published"), ALL_405),
    ],
    "consultations:submit": [
        post(
            debate_url("consultations:submit", "map"),
            "login 302 302 302 302 302 302 302",
            data={"text": "Des bancs à l'ombre sur le quai du port."},
        ),
        get(debate_url("consultations:submit", "map"), ALL_405),
    ],
    "consultations_agents:queue": [
        get(debate_url("consultations_agents:queue"), "login 403 403 403 403 403 403 200")
    ],
    # No decision given: refused with its reason (400) to the moderator.
    "consultations_agents:moderate": [
        post(
            debate_url("consultations_agents:moderate", "waiting"),
            "login 403 403 403 403 403 403 400",
        ),
        get(debate_url("consultations_agents:moderate", "waiting"), ALL_405),
    ],
    # Document consultations (a PLU) and their registers: read by anyone, written by anyone
    # while open (a name and an address when not signed in), moderated and answered by the
    # administrators, the staff given the registers' permissions and the commissioner (none).
    "consultations:regulations": [get(plu_url("consultations:regulations"), ALL_200)],
    "consultations:document": [get(plu_url("consultations:document", "plu"), ALL_200)],
    "consultations:article": [get(plu_url("consultations:article", "article"), ALL_200)],
    "consultations:zone": [get(plu_url("consultations:zone", "zone"), ALL_200)],
    "consultations:observe": [
        get(plu_url("consultations:observe", "plu"), ALL_200),
        post(
            plu_url("consultations:observe", "plu"),
            ALL_302,
            data={
                "target": "article",
                "article": "article-ua-7",
                "text": "Plus bas.",
                "theme": "hauteurs",
                "author_name": "Paul",
                "author_email": "p@example.org",
            },
        ),
        post(plu_url("consultations:observe", "plu"), ALL_400),
    ],
    "consultations:register": [get(plu_url("consultations:register", "plu"), ALL_200)],
    "consultations:register_print": [get(plu_url("consultations:register_print", "plu"), ALL_200)],
    "consultations:register_csv": [get(plu_url("consultations:register_csv", "plu"), ALL_200)],
    # A file is public once its observation is published.
    "consultations:attachment": [
        get(plu_url("consultations:attachment", "file"), ALL_200),
        get(plu_url("consultations:attachment", "pending_file"), ALL_404),
    ],
    "consultations_agents:registers": [
        get(plu_url("consultations_agents:registers"), "login 403 403 403 403 403 403 200")
    ],
    "consultations_agents:register": [
        get(plu_url("consultations_agents:register", "plu"), "login 403 403 403 403 403 403 200")
    ],
    # No decision, no answer given: refused with the reason (400) to the moderator.
    "consultations_agents:moderate_observation": [
        post(
            plu_url("consultations_agents:moderate_observation", "waiting"),
            "login 403 403 403 403 403 403 400",
        ),
        get(plu_url("consultations_agents:moderate_observation", "waiting"), ALL_405),
    ],
    "consultations_agents:answer_observation": [
        post(
            plu_url("consultations_agents:answer_observation", "published"),
            "login 403 403 403 403 403 403 400",
        ),
        get(plu_url("consultations_agents:answer_observation", "published"), ALL_405),
    ],
    # Participation ----------------------------------------------------------------------------
    "participation:processes": [get(fixed("participation:processes"), ALL_200)],
    "participation:process": [
        get(consultation_url("participation:process"), ALL_200),
        get(fixed("participation:process", "inconnue"), ALL_404),
    ],
    "participation:propose": [
        get(consultation_url("participation:propose"), SIGNED_IN),
        post(
            consultation_url("participation:propose"),
            "login 302 302 302 302 302 302 302",
            data=PROPOSAL,
        ),
        post(consultation_url("participation:propose"), "login 400 400 400 400 400 400 400"),
        get(
            consultation_url("participation:propose", "information"),
            "login 403 403 403 403 403 403 403",
        ),
    ],
    "participation:proposal": [get(proposal_url("participation:proposal"), ALL_200)],
    "participation:edit_proposal": [
        get(proposal_url("participation:edit_proposal"), "login 200 403 403 403 403 403 403"),
        post(
            proposal_url("participation:edit_proposal"),
            "login 302 403 403 403 403 403 403",
            data=PROPOSAL,
        ),
    ],
    "participation:support": [
        post(proposal_url("participation:support"), "login 302 302 302 302 302 302 302"),
        get(proposal_url("participation:support"), ALL_405),
    ],
    "participation:review": [get(examined("participation:review"), EXAMINERS_200)],
    "participation:answer": [
        get(answer_url, EXAMINERS_200),
        post(answer_url, EXAMINERS_302, data=ANSWER),
        post(answer_url, "login 403 403 403 400 400 403 400"),
        get(examined("participation:answer", 999999), "login 403 403 403 404 404 403 404"),
    ],
    "participation:comment_proposal": [
        post(proposal_url("participation:comment_proposal"), SIGNED_IN_302, data=COMMENT),
        post(proposal_url("participation:comment_proposal"), "login 400 400 400 400 400 400 400"),
        get(proposal_url("participation:comment_proposal"), ALL_405),
    ],
    "participation:comment_process": [
        post(consultation_url("participation:comment_process"), SIGNED_IN_302, data=COMMENT),
        post(
            consultation_url("participation:comment_process"), "login 400 400 400 400 400 400 400"
        ),
        get(consultation_url("participation:comment_process"), ALL_405),
    ],
    "participation:comment_vote": [
        post(comment_url("participation:comment_vote"), SIGNED_IN_302, data={"avis": "1"}),
        post(comment_url("participation:comment_vote"), "login 400 400 400 400 400 400 400"),
        post(fixed("participation:comment_vote", 999999), "login 404 404 404 404 404 404 404"),
        get(comment_url("participation:comment_vote"), ALL_405),
    ],
    # Alice wrote the comment: she may not report it; each other person reports it once.
    "participation:comment_report": [
        get(comment_url("participation:comment_report"), "login 403 200 200 200 200 200 200"),
        post(comment_url("participation:comment_report"), "login 403 400 400 400 400 400 400"),
        post(fixed("participation:comment_report", 999999), "login 404 404 404 404 404 404 404"),
    ],
    "participation:moderation": [get(examined("participation:moderation"), EXAMINERS_200)],
    "participation:moderate": [
        get(comment_url("participation:moderate"), EXAMINERS_200),
        post(comment_url("participation:moderate"), EXAMINERS_302, data=DECISION),
        post(comment_url("participation:moderate"), "login 403 403 403 400 400 403 400"),
        get(examined("participation:moderate", 999999), "login 403 403 403 404 404 403 404"),
    ],
    # Participatory budget: the projects and results are public; only a verified resident
    # (alice, for the open vote) casts a ballot; Voirie's agents verify and import the census.
    "participation:budget": [
        get(budget_url("participation:budget"), ALL_200),
        get(budget_url("participation:budget", "results"), ALL_200),
        get(consultation_url("participation:budget"), ALL_404),
    ],
    "participation:budget_vote": [
        # An empty ballot: refused under the rule (400) for alice, the others may not vote.
        post(budget_url("participation:budget_vote"), "login 400 403 403 403 403 403 403"),
        post(
            budget_url("participation:budget_vote", "results"), "login 403 403 403 403 403 403 403"
        ),
        get(budget_url("participation:budget_vote"), ALL_405),
    ],
    "participation:budget_verify": [
        get(budget_url("participation:budget_verify"), SIGNED_IN),
        post(budget_url("participation:budget_verify"), "login 200 400 400 400 400 400 400"),
    ],
    "participation:budget_results": [
        get(budget_url("participation:budget_results"), ALL_200),
        get(budget_url("participation:budget_results", "results"), ALL_200),
    ],
    "participation:budget_results_csv": [
        get(budget_url("participation:budget_results_csv"), ALL_404),
        get(budget_url("participation:budget_results_csv", "results"), ALL_200),
    ],
    "participation:budget_image": [
        get(budget_project_url("participation:budget_image"), ALL_404),  # it has no image
    ],
    "participation:budget_desk": [get(budget_url("participation:budget_desk"), EXAMINERS_200)],
    "participation:budget_agent_verify": [
        post(budget_url("participation:budget_agent_verify"), "login 403 403 403 400 400 403 400"),
        get(budget_url("participation:budget_agent_verify"), ALL_405),
    ],
    "participation:budget_census": [
        post(budget_url("participation:budget_census"), "login 403 403 403 400 400 403 400"),
        get(budget_url("participation:budget_census"), ALL_405),
    ],
    # Online payment (core.payments) ------------------------------------------------------------
    # No purpose is registered in this world: every signed-in person gets the 400 with its
    # message; the amount is never taken from the form.
    "payments:start": [
        post(fixed("payments:start"), "login 400 400 400 400 400 400 400"),
        get(fixed("payments:start"), "login 405 405 405 405 405 405 405"),
    ],
    # Server to server: a session grants nothing; an empty notification is refused.
    "payments:notify": [
        post(fixed("payments:notify", "test"), ALL_400),
        post(fixed("payments:notify", "inconnu"), ALL_404),
        get(fixed("payments:notify", "test"), ALL_405),
    ],
    # Only the payer and the treasury (administrators, staff with "view payment").
    "payments:receipt": [
        get(_receipt, "login 200 404 404 404 404 404 200"),
        get(fixed("payments:receipt", "INCONNUE"), "login 404 404 404 404 404 404 404"),
    ],
    # The test bank needs no session (a bank does not know the site's): its signed order is
    # the proof; an order missing or altered is a 400.
    "payments:test_bank": [
        get(_bank, ALL_200),
        get(fixed("payments:test_bank", "INCONNUE"), ALL_400),
        post(fixed("payments:test_bank", "INCONNUE"), ALL_400),
    ],
    "payments:export": [get(fixed("payments:export"), "login 403 403 403 403 403 403 200")],
    # Questions to elected officials: public reading, asking signed in (a confirmed address),
    # answering by the official (olga), moderating by the City (root).
    "questions:questions": [get(question_url("questions:questions"), ALL_200)],
    "questions:delays": [get(question_url("questions:delays"), ALL_200)],
    "questions:recipient": [get(question_url("questions:recipient", "olga"), ALL_200)],
    "questions:question": [
        get(question_url("questions:question", "published"), ALL_200),
        get(question_url("questions:question", "waiting"), "404 200 404 404 404 404 404 200"),
    ],
    "questions:ask": [
        get(question_url("questions:ask"), SIGNED_IN),
        post(question_url("questions:ask"), "login 400 400 400 400 400 400 400"),
        post(
            question_url("questions:ask"),
            "login 302 302 302 302 302 302 302",
            data={"recipient": "olga-martin", "subject": "Une question", "text": "Pourquoi ?"},
        ),
    ],
    "questions_agents:desk": [
        get(question_url("questions_agents:desk"), "login 403 403 403 403 403 200 200")
    ],
    "questions_agents:answer": [
        get(
            question_url("questions_agents:answer", "published"),
            "login 403 403 403 403 403 200 200",
        ),
        post(
            question_url("questions_agents:answer", "published"),
            "login 403 403 403 403 403 400 400",
        ),  # no text: nothing answered
    ],
    "questions_agents:moderation": [
        get(question_url("questions_agents:moderation"), "login 403 403 403 403 403 403 200")
    ],
    "questions_agents:moderate": [
        post(
            question_url("questions_agents:moderate", "waiting"),
            "login 403 403 403 403 403 403 400",
        ),  # no decision: nothing decided
        get(question_url("questions_agents:moderate", "waiting"), ALL_405),
    ],
    # News and the newsletter: public pages and feeds; subscribing asks for a confirmation
    # (nothing stored before it); a signed-in person manages their own address's newsletter.
    "news:list": [
        get(fixed("news:list"), ALL_200),
        get(query("news:list", "theme=inconnu"), ALL_400),
    ],
    "news:item": [get(news_url("news:item"), ALL_200), get(fixed("news:item", "nulle"), ALL_404)],
    "news:image": [get(news_url("news:image"), ALL_200)],
    "news:rss": [get(fixed("news:rss"), ALL_200)],
    "news:atom": [get(fixed("news:atom"), ALL_200)],
    "news:theme_rss": [
        get(news_theme_url("news:theme_rss"), ALL_200),
        get(fixed("news:theme_rss", "inconnu"), ALL_404),
    ],
    "news:theme_atom": [
        get(news_theme_url("news:theme_atom"), ALL_200),
        get(fixed("news:theme_atom", "inconnu"), ALL_404),
    ],
    "news:subscribe": [
        get(fixed("news:subscribe"), ALL_200),
        post(fixed("news:subscribe"), ALL_302, data={"email": "voisin@example.org"}),
        post(fixed("news:subscribe"), ALL_400, data={"email": "pas-une-adresse"}),
    ],
    "news:subscribe_sent": [get(fixed("news:subscribe_sent"), ALL_200)],
    "news:issue": [get(_news_issue, ALL_200), get(fixed("news:issue", 999999), ALL_404)],
    "news:confirm": [
        get(_news_confirm, ALL_200),
        post(_news_confirm, ALL_200),
        post(fixed("news:confirm", "faux"), ALL_400),
    ],
    "news:my_subscription": [
        get(fixed("news:my_subscription"), SIGNED_IN),
        post(fixed("news:my_subscription"), "login 302 302 302 302 302 302 302"),
        post(
            fixed("news:my_subscription"),
            "login 400 400 400 400 400 400 400",
            data={"themes": ["999999"]},
        ),
    ],
    "news:stop": [
        post(fixed("news:stop"), "login 302 302 302 302 302 302 302"),
        get(fixed("news:stop"), "login 405 405 405 405 405 405 405"),
    ],
    # A preference anybody may set: the link goes back to the page it was on.
    "language": [
        get(query("language", "suivant=/", "ar"), ALL_302),
        get(query("language", "suivant=/", "xx"), ALL_404),
    ],
    "health": [get(fixed("health"), ALL_200)],
    "favicon": [get(fixed("favicon"), "301 301 301 301 301 301 301 301")],
    # With a token set, a signed-in administrator without it is refused like anybody.
    "metrics": [get(fixed("metrics"), "401 401 401 401 401 401 401 401")],
}
CASES = [
    pytest.param(name, case, id=f"{name}-{case.method}-{i}")
    for name, cases in TABLE.items()
    for i, case in enumerate(cases)
]


def named_urls(patterns: list | None = None, prefix: str = "") -> set[str]:
    """Every named URL pattern, with its namespaces (admin left out, see the module docstring)."""
    found: set[str] = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found |= named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.add(f"{prefix}{entry.name}")
    return found


def test_it_has_a_row_for_every_named_url():
    missing = sorted(named_urls() - TABLE.keys())
    assert not missing, f"Views without a row in the permission matrix: {', '.join(missing)}"
    stale = sorted(TABLE.keys() - named_urls())
    assert not stale, f"Rows for URL names that no longer exist: {', '.join(stale)}"


@pytest.fixture
def world(city: City, settings, tmp_path, on_commit) -> World:
    settings.MEDIA_ROOT = tmp_path
    settings.METRICS_TOKEN = "jeton-de-supervision"
    User.objects.create_user(
        username="mallory", email="mallory@example.org", password=PASSWORD, display_name="Mallory"
    )
    # Deliveries run: both requests reach the pulse, whose pages are then read by everyone.
    with on_commit():
        public = _file(city, "nid-de-poule", description="Trou devant le 12", photos=[png()])
        private = _file(city, "fuite-compteur", description=SECRET, photos=[png()])
    return World(city=city, public=public, private=private)


def _user(world: World, name: str) -> User:
    return User.objects.get(username=name)


@pytest.mark.parametrize(("name", "case"), CASES)
def test_it_follows_the_permission_matrix(client, world, name, case):
    outcomes = case.expected.split()
    assert len(outcomes) == len(PEOPLE), name
    for person, outcome in zip(PEOPLE, outcomes, strict=True):
        client.logout()
        if person != "anonymous":
            client.force_login(_user(world, person))
        url = case.url(world)
        send = client.get if case.method == "GET" else client.post
        response = send(url, case.data, headers=case.headers)
        where = (name, case.method, url, person, response.status_code)
        _check_status(response, outcome, where)
        if person not in MAY_SEE_PRIVATE and response.status_code == 200:
            body = b"".join(response) if response.streaming else response.content
            assert ALICE_EMAIL.encode() not in body, ("alice's email leaked", *where)
            assert SECRET.encode() not in body, ("private request leaked", *where)


def _check_status(response, outcome: str, where: tuple) -> None:
    login_path = reverse("accounts:login")
    if outcome == "login":
        assert response.status_code == 302, where
        assert urlsplit(response["Location"]).path == login_path, where
        return
    assert str(response.status_code) == outcome, where
    if outcome == "302":
        assert urlsplit(response["Location"]).path != login_path, where
