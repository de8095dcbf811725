"""Demo of crèche places and their billing (idempotent): the early-childhood department and its
published criteria, municipal crèches over the arrondissements with their places, an
application for a baby in most demo families, one allocation round run and published, the
families' answers (accepted places open contracts), the first month's invoices, and about half
of them paid online through the test provider.

Everything goes through the real services (`creches`, `contracts`, `core.payments`), so the
demo exercises the paths families and agents use. The demo family `famille-1` waits longest,
gets a place, accepts it and has an invoice left to pay.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from massalia.accounts.models import Membership, User
from massalia.core.payments import providers
from massalia.core.payments import services as payments
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.demo.eservices import FIRST_NAMES, PREFIX
from massalia.demo.organisation import Login
from massalia.eservices import appeals, contracts, creches, services
from massalia.eservices.models import (
    AgeGroup,
    AllocationRound,
    Creche,
    CrecheApplication,
    CrecheGroup,
    Criterion,
    Household,
    Invoice,
    Offer,
)
from massalia.servicerequests.models import RequestType
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory.models import Department, Street

LOGINS = [Login("agent.creches", "agent (places en crèche, facturation)", "Agent Petite enfance")]
ROUND_NAME = "Commission d'attribution (démo)"
CRECHES_PER_ARRONDISSEMENT = 2
APPLYING = 0.85  # the share of demo families asking for a crèche place
HOURS = [20, 25, 30, 35, 40, 45]
CRITERIA = [
    ("parent-isole", "Parent isolé", 15, "declared", True),
    ("fratrie", "Un frère ou une sœur déjà accueilli dans la crèche", 10, "declared", True),
    ("handicap", "Enfant ou parent en situation de handicap", 10, "declared", True),
    ("travail", "Les deux parents travaillent ou se forment", 5, "declared", False),
    ("anciennete", "Ancienneté de la demande", 1, "waiting", False),
]


@dataclass(frozen=True)
class Loaded:
    applications: int
    offers: int
    contracts: int
    invoices: int
    paid: int


def load(*, password: str, today: datetime.date | None = None) -> Loaded | None:
    """Make sure the demo crèches and their round exist; None when already there (or when
    there are no demo families or streets to build them on)."""
    if AllocationRound.objects.filter(name=ROUND_NAME).exists():
        return None
    families = list(
        Household.objects.filter(adults__user__username__startswith=PREFIX)
        .exclude(latitude=None)
        .order_by("pk")
    )
    if not families:
        return None
    today = today or timezone.localdate()
    department, agent = _department(password)
    if not _creches(department):
        return None
    pick = random.Random(15)
    applied = [a for h in families if (a := _apply(h, pick, today)) is not None]
    round = creches.create_round(
        department=department, name=ROUND_NAME, held_on=today, rule="priority", response_days=15
    )
    creches.run_round(round=round, actor=agent)
    creches.publish_round(round=round, actor=agent)
    _answer(round, pick)
    _appeal(round, agent)
    issued = _invoice(today)
    paid = _pay(issued, pick)
    return Loaded(
        applications=len(applied),
        offers=round.offers.filter(creche__isnull=False).count(),
        contracts=contracts.CrecheContract.objects.count(),
        invoices=len(issued),
        paid=paid,
    )


def _department(password: str) -> tuple[Department, User]:
    department, _ = Department.objects.get_or_create(
        code="petite-enfance",
        defaults={"name": "Petite enfance", "email": f"petite-enfance@{EMAIL_DOMAIN}"},
    )
    RequestType.objects.get_or_create(
        code=creches.APPLICATION_TYPE,
        defaults={
            "name": "Demande de place en crèche",
            "group": "Petite enfance",
            "department": department,
            "is_public": False,
            "workflow": PROCEDURE.code,
            "expected_days": 90,
        },
    )
    agent, made = User.objects.get_or_create(
        username="agent.creches",
        defaults={"email": f"agent.creches@{EMAIL_DOMAIN}", "display_name": "Agent Petite enfance"},
    )
    if made:
        agent.set_password(password)
        agent.save()
    Membership.objects.get_or_create(user=agent, department=department)
    for position, (code, label, points, answer, document) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "points": points,
                "answer": answer,
                "needs_document": document,
                "position": position,
            },
        )
    return department, agent


def _creches(department: Department) -> list[Creche]:
    """Two municipal crèches in each arrondissement, at streets the gazetteer knows."""
    made = []
    for number in range(1, 17):
        streets = Street.objects.filter(quartier__arrondissement__number=number).order_by("name")
        for index, street in enumerate(streets[5 : 5 + CRECHES_PER_ARRONDISSEMENT]):
            short = street.name.split(" ", 1)[-1]
            creche, created = Creche.objects.get_or_create(
                code=f"cr-{number}-{index + 1}",
                defaults={
                    "name": f"Crèche municipale {short}",
                    "address": f"{10 + index} {street.name}",
                    "department": department,
                },
            )
            if created:
                creches.locate(creche)
                creche.save()
                for group, places in _places(number + index).items():
                    CrecheGroup.objects.create(creche=creche, age_group=group, places=places)
            made.append(creche)
    return made


def _places(seed: int) -> dict[str, int]:
    """Fewer places than families ask for, as in the city: a waiting list every year."""
    return {
        AgeGroup.BABIES: 2 + seed % 3,
        AgeGroup.MIDDLE: 3 + seed % 4,
        AgeGroup.OLDER: 2 + seed % 3,
    }


def _nearest(household: Household, count: int) -> list[Creche]:
    def distance(creche: Creche) -> float:
        if creche.latitude is None or household.latitude is None:
            return 1e9
        return (creche.latitude - household.latitude) ** 2 + (
            creche.longitude - household.longitude  # type: ignore[operator]
        ) ** 2

    return sorted(Creche.objects.filter(is_active=True), key=distance)[:count]


def _apply(household: Household, pick: random.Random, today: datetime.date) -> object:
    parent = household.adults.select_related("user").first()
    if parent is None or parent.user is None:
        return None
    first = parent.user.username == f"{PREFIX}1"
    if not first and pick.random() > APPLYING:
        return None
    start_on = today + datetime.timedelta(days=pick.randint(1, 20))
    elder = household.children.first()
    baby = services.add_child(
        household=household,
        first_name=pick.choice(FIRST_NAMES),
        last_name=elder.last_name if elder is not None else "Martin",
        birth_date=start_on - datetime.timedelta(days=pick.randint(80, 900)),
    )
    if household.monthly_resources is None:
        services.set_resources(
            household=household,
            monthly_resources=Decimal(pick.choice([900, 1800, 2600, 3400, 4800, 7000])),
            year=today.year - 1,
        )
    choices = _nearest(household, pick.randint(1, 5))
    taking = set(
        CrecheGroup.objects.filter(
            creche__in=choices, age_group=creches.age_group(baby.birth_date, start_on)
        ).values_list("creche_id", flat=True)
    )
    choices = [c for c in choices if c.pk in taking]
    if not choices:
        return None
    application = creches.apply(
        child=baby,
        by=parent.user,
        creches=choices,
        start_on=start_on,
        hours_per_week=pick.choice(HOURS),
        declared={"travail": None} if first or pick.random() < 0.6 else {},
    )
    # Families applied over the last two years: the waiting time counts in the score.
    waited = 730 if first else pick.randint(0, 700)
    CrecheApplication.objects.filter(pk=application.pk).update(
        waiting_since=today - datetime.timedelta(days=waited)
    )
    return application


def _answer(round: AllocationRound, pick: random.Random) -> None:
    """Most families accept the place offered, some decline (the place goes on down the
    waiting list), some have not answered yet."""
    for _ in range(3):  # declined places are offered again to the next families
        offered = list(
            round.offers.filter(status=Offer.Status.OFFERED).select_related(
                "application__case__requester"
            )
        )
        for offer in offered:
            requester = offer.application.case.requester
            if requester is None:
                continue
            first = requester.username == f"{PREFIX}1"
            draw = 0.0 if first else pick.random()
            if draw < 0.7:
                creches.accept(offer=offer, by=requester)
            elif draw < 0.85:
                creches.decline(offer=offer, by=requester)


APPEALS = [
    "Nous avons déménagé dans le quartier depuis la demande ; la crèche la plus proche est "
    "à dix minutes à pied et je reprends le travail le mois prochain.",
    "Mon fils aîné est déjà accueilli dans cette crèche : le critère de la fratrie n'a pas "
    "été compté.",
    "Je suis seule avec mes deux enfants depuis cet été, je joins le jugement.",
]


def _appeal(round: AllocationRound, agent: User) -> None:
    """Three families left on the waiting list appeal; the commission answers the first."""
    waiting = round.offers.filter(status=Offer.Status.WAITING).select_related(
        "application__case__requester"
    )
    filed = []
    for offer, reasons in zip(waiting.order_by("position")[: len(APPEALS)], APPEALS, strict=False):
        requester = offer.application.case.requester
        if requester is not None:
            filed.append(appeals.file_appeal(offer=offer, by=requester, reasons=reasons))
    if filed:
        appeals.answer_appeal(
            appeal=filed[0],
            actor=agent,
            upheld=False,
            reason="La commission a relu la demande : aucune place ne s'est libérée dans les "
            "crèches demandées ; la demande garde son rang sur la liste d'attente.",
        )


def _invoice(today: datetime.date) -> list[Invoice]:
    """This month's and next month's runs: each contract covering them is billed once."""
    this_month = today.replace(day=1)
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    issued = contracts.invoice_month(month=this_month).issued
    return issued + contracts.invoice_month(month=next_month).issued


def _pay(issued: list[Invoice], pick: random.Random) -> int:
    """About half the invoices paid online through the test provider: a payment started by
    the family, the provider's "paid" outcome, the invoice paid by the event it publishes."""
    provider = providers.current()
    paid = 0
    for invoice in issued:
        assert invoice.household is not None
        adult = invoice.household.adults.select_related("user").first()
        if adult is None or adult.user is None or adult.user.username == f"{PREFIX}1":
            continue
        if pick.random() < 0.5:
            continue
        payment = payments.start(
            purpose=contracts.PURPOSE,
            object_id=str(invoice.pk),
            user=adult.user,
            provider=provider,
        )
        verified = providers.Verified(
            reference=payment.reference,
            amount_cents=payment.amount_cents,
            outcome="paid",
            transaction_id=f"DEMO-{payment.reference[:12]}",
        )
        payments.settle(verified=verified, provider=provider)
        paid += 1
    return paid  # payments settled; the invoices are paid by the PaymentSettled subscriber
