"""A crèche application from filing to its place: score, round (both rules), decision with
its reasons, accept / decline, the waiting list, overrides — through the real services.

The round used throughout (every child a baby, crèche A 1 place, crèche B 1 place):

- Fanny, single parent (15 points), asks A then B;
- Gaël, a sibling in the crèche (10 points), asks A only;
- Hélène, both parents working (5 points), asks A then B.

`priority`: Fanny → A (choice 1), Gaël none (A is full), Hélène → B (choice 2).
`max-placed`: two places, two children either way, but the highest total score placed is
Fanny + Gaël = 25: Gaël → A, Fanny → B (choice 2), Hélène none.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from massalia.accounts.models import Membership, User
from massalia.eservices import creches, services
from massalia.eservices.models import (
    AgeGroup,
    AllocationRound,
    Creche,
    CrecheApplication,
    CrecheGroup,
    Criterion,
    Offer,
)
from massalia.servicerequests.models import HistoryEntry, RequestType
from massalia.servicerequests.workflows import PROCEDURE
from massalia.territory.models import Department
from massalia.testing import PASSWORD, pdf_file

pytestmark = pytest.mark.usefixtures("streets")
TODAY = datetime.date.today()


def person(username: str) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        display_name=username.capitalize(),
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def petite_enfance(city):
    """The early-childhood department, its procedure type, its agent Paula, three crèches
    and the published criteria."""
    department = Department.objects.create(
        code="petite-enfance", name="Petite enfance", email="creches@ville.test"
    )
    RequestType.objects.create(
        code=creches.APPLICATION_TYPE,
        name="Demande de place en crèche",
        group="Petite enfance",
        department=department,
        is_public=False,
        workflow=PROCEDURE.code,
        expected_days=60,
    )
    paula = person("paula")
    Membership.objects.create(user=paula, department=department)
    for code, name, places in [("a", "Crèche des Lucioles", 1), ("b", "Crèche du Panier", 1)]:
        creche = Creche.objects.create(code=code, name=name, department=department)
        CrecheGroup.objects.create(creche=creche, age_group=AgeGroup.BABIES, places=places)
        CrecheGroup.objects.create(creche=creche, age_group=AgeGroup.OLDER, places=2)
    grands = Creche.objects.create(code="c", name="Crèche des Grands", department=department)
    CrecheGroup.objects.create(creche=grands, age_group=AgeGroup.OLDER, places=3)
    for position, (code, label, points, answer, document) in enumerate(
        [
            ("parent-isole", "Parent isolé", 15, "declared", True),
            ("fratrie", "Un frère ou une sœur dans la crèche", 10, "declared", True),
            ("travail", "Les deux parents travaillent ou se forment", 5, "declared", False),
            ("anciennete", "Ancienneté de la demande", 1, "waiting", False),
        ]
    ):
        Criterion.objects.create(
            code=code,
            label=label,
            points=points,
            answer=answer,
            needs_document=document,
            position=position,
        )
    return department


@pytest.fixture
def paula(petite_enfance):
    return User.objects.get(username="paula")


def creche(code: str) -> Creche:
    return Creche.objects.get(code=code)


def baby_of(user: User, name: str, days_old: int = 150):
    household = services.open_household(user=user)
    services.set_address(
        household=household, house_number=12, number_suffix="", street="rue Paradis"
    )
    return services.add_child(
        household=household,
        first_name=name,
        last_name="Martin",
        birth_date=TODAY - datetime.timedelta(days=days_old),
    )


def file_application(
    username: str, codes: list[str], declared: dict[str, object]
) -> CrecheApplication:
    user = person(username)
    return creches.apply(
        child=baby_of(user, username.capitalize()),
        by=user,
        creches=[creche(c) for c in codes],
        start_on=TODAY + datetime.timedelta(days=30),
        hours_per_week=40,
        declared=declared,  # type: ignore[arg-type]
    )


@pytest.fixture
def three(petite_enfance):
    return {
        "fanny": file_application("fanny", ["a", "b"], {"parent-isole": pdf_file()}),
        "gael": file_application("gael", ["a"], {"fratrie": pdf_file()}),
        "helene": file_application("helene", ["a", "b"], {"travail": None}),
    }


def a_round(department: Department, rule: str = "priority") -> AllocationRound:
    return creches.create_round(
        department=department, name="Commission de janvier", held_on=TODAY, rule=rule,
        response_days=15,
    )  # fmt: skip


def offer_of(application: CrecheApplication) -> Offer:
    return Offer.objects.select_related("creche", "round").get(application=application)


# Applying and scoring --------------------------------------------------------------------


def test_it_files_a_private_case_with_its_choices_and_score(three, petite_enfance):
    fanny = three["fanny"]
    case = fanny.case
    assert (case.request_type.code, case.request_type.is_public) == ("demande-creche", False)
    assert case.department == petite_enfance and case.status == "new"
    assert "Fanny" not in case.description  # the child's name stays in the domain row
    assert [c.creche.code for c in fanny.choices.order_by("rank")] == ["a", "b"]
    assert fanny.age_group == AgeGroup.BABIES
    assert fanny.score == 15
    assert fanny.score_detail == [{"code": "parent-isole", "label": "Parent isolé", "points": 15}]
    assert fanny.answers.get().upload is not None


def test_it_counts_the_waiting_time_in_whole_months(three):
    helene = three["helene"]
    later = helene.waiting_since + datetime.timedelta(days=95)  # 3 whole months
    total, detail = creches.score(helene, later)
    assert total == 5 + 3
    assert detail[-1] == {
        "code": "anciennete", "label": "Ancienneté de la demande", "points": 3, "months": 3,
        "per_month": 1,
    }  # fmt: skip


def test_a_refused_proof_no_longer_counts(three):
    gael = three["gael"]
    gael.answers.update(refused=True)
    assert creches.score(gael, TODAY) == (0, [])


@pytest.mark.parametrize(
    ("codes", "field", "message"),
    [
        ([], "choice_1", "au moins une crèche"),
        (["a", "a"], "choice_1", "qu'une fois"),
        (["c"], "choice_1", "n'accueille pas les bébés"),
    ],
)
def test_it_refuses_choices_a_crèche_cannot_take(petite_enfance, codes, field, message):
    user = person("ines")
    with pytest.raises(ValidationError) as refused:
        creches.apply(
            child=baby_of(user, "Ines"),
            by=user,
            creches=[creche(c) for c in codes],
            start_on=TODAY + datetime.timedelta(days=30),
            hours_per_week=40,
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not CrecheApplication.objects.exists()


def test_it_refuses_more_than_five_crèches(petite_enfance):
    for code in "defg":
        Creche.objects.create(code=code, name=f"Crèche {code}", department=petite_enfance)
    user = person("ines")
    with pytest.raises(ValidationError, match="5 crèches au plus"):
        creches.apply(
            child=baby_of(user, "Ines"),
            by=user,
            creches=[creche(c) for c in "abcdefg"[:6]],
            start_on=TODAY + datetime.timedelta(days=30),
            hours_per_week=40,
        )


def test_it_places_the_child_in_the_age_group_of_the_start_date(petite_enfance):
    user = person("jules")
    child = baby_of(user, "Jules", days_old=20)
    with pytest.raises(ValidationError, match="10 semaines"):
        creches.apply(child=child, by=user, creches=[creche("a")], start_on=TODAY,
                      hours_per_week=30)  # fmt: skip
    # Twenty days old today, 27 months old in two years: a "grand" then.
    assert creches.age_group(child.birth_date, TODAY + datetime.timedelta(days=810)) == "grands"
    application = creches.apply(
        child=child, by=user, creches=[creche("c")],
        start_on=TODAY + datetime.timedelta(days=720), hours_per_week=30,
    )  # fmt: skip
    assert application.age_group == AgeGroup.OLDER


def test_one_open_application_per_child(three):
    fanny = three["fanny"]
    with pytest.raises(ValidationError, match="déjà en cours"):
        creches.apply(
            child=fanny.child, by=fanny.case.requester, creches=[creche("b")],
            start_on=TODAY + datetime.timedelta(days=40), hours_per_week=20,
        )  # fmt: skip


def test_a_criterion_asking_for_a_document_needs_one(petite_enfance):
    user = person("karim")
    with pytest.raises(ValidationError) as refused:
        creches.apply(
            child=baby_of(user, "Karim"), by=user, creches=[creche("a")],
            start_on=TODAY + datetime.timedelta(days=30), hours_per_week=40,
            declared={"parent-isole": None},
        )  # fmt: skip
    assert "doc_parent-isole" in refused.value.message_dict


# The round, under both rules --------------------------------------------------------------


def test_priority_gives_each_family_in_score_order_its_best_crèche_left(
    three, petite_enfance, paula
):
    round = a_round(petite_enfance)
    totals = creches.run_round(round=round, actor=paula)
    assert (totals.applications, totals.placed, totals.total_score) == (3, 2, 20)
    got = {name: offer_of(app) for name, app in three.items()}
    assert (got["fanny"].creche.code, got["fanny"].choice_rank, got["fanny"].position) == (
        "a",
        1,
        1,
    )
    assert (got["gael"].creche, got["gael"].status, got["gael"].position) == (None, "waiting", 2)
    assert (got["helene"].creche.code, got["helene"].choice_rank) == ("b", 2)
    round.refresh_from_db()
    assert (round.status, round.run_by) == ("run", paula)


def test_max_placed_prefers_the_highest_total_score_placed(three, petite_enfance, paula):
    round = a_round(petite_enfance, rule="max-placed")
    totals = creches.run_round(round=round, actor=paula)
    assert (totals.placed, totals.total_score, totals.steps_down) == (2, 25, 1)
    got = {name: offer_of(app) for name, app in three.items()}
    assert (got["gael"].creche.code, got["fanny"].creche.code, got["helene"].creche) == (
        "a",
        "b",
        None,
    )


def test_the_decision_keeps_its_reasons_structured_and_in_french(three, petite_enfance, paula):
    creches.run_round(round=a_round(petite_enfance, rule="max-placed"), actor=paula)
    fanny = offer_of(three["fanny"])
    a_list = fanny.reasons["lists"][0]
    # Fanny is first of A's three applicants, yet placed at B: A took Gaël, 10 points.
    assert (a_list["creche"], a_list["rank"], a_list["applicants"], a_list["places"]) == (
        "a",
        1,
        3,
        1,
    )
    assert a_list["last_admitted_score"] == 10 and fanny.reasons["above"] == ["a"]
    assert fanny.reasons["score_detail"][0]["label"] == "Parent isolé"
    assert "Crèche a (votre choix n° 1) : la dernière famille admise avait 10 points." in (
        fanny.reasons_text
    )
    assert "moins élevé que le vôtre" in fanny.reasons_text


def test_a_round_runs_again_until_published_and_then_no_more(three, petite_enfance, paula):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    round.rule = "max-placed"
    round.save()
    creches.run_round(round=round, actor=paula)
    assert Offer.objects.count() == 3  # replaced, not added
    assert offer_of(three["gael"]).creche.code == "a"
    creches.publish_round(round=round, actor=paula)
    with pytest.raises(ValidationError, match="publiée"):
        creches.run_round(round=round, actor=paula)


# Publishing, answering, the waiting list --------------------------------------------------


def test_publishing_tells_each_family_and_moves_the_cases(three, petite_enfance, paula, on_commit):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    mail.outbox.clear()
    with on_commit():
        creches.publish_round(round=round, actor=paula)
    decisions = [m for m in mail.outbox if "crèche" in m.subject]
    assert sorted(m.to[0] for m in decisions if "commission" in m.body) == [
        "fanny@example.org", "gael@example.org", "helene@example.org",
    ]  # fmt: skip
    to_fanny = next(m for m in decisions if m.to == ["fanny@example.org"])
    assert "Crèche des Lucioles" in to_fanny.body
    assert f"/demarches/creche/demande/{three['fanny'].pk}/" in to_fanny.body
    fanny = offer_of(three["fanny"])
    assert fanny.respond_by == TODAY + datetime.timedelta(days=15)
    for application in three.values():
        application.case.refresh_from_db()
        assert application.case.status == "in_review"


def test_accepting_accepts_the_case(three, petite_enfance, paula):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)
    fanny = three["fanny"]
    creches.accept(offer=offer_of(fanny), by=fanny.case.requester)
    fanny.case.refresh_from_db()
    assert (offer_of(fanny).status, fanny.case.status) == ("accepted", "accepted")
    with pytest.raises(ValidationError, match="Aucune place"):
        creches.accept(offer=offer_of(fanny), by=fanny.case.requester)


def test_a_declined_place_goes_to_the_next_on_that_crèches_list(three, petite_enfance, paula):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)
    fanny, gael = three["fanny"], three["gael"]
    taken = creches.decline(offer=offer_of(fanny), by=fanny.case.requester)
    fanny.case.refresh_from_db()
    assert (offer_of(fanny).status, fanny.case.status) == ("declined", "withdrawn")
    assert taken is not None and taken.application == gael
    now = offer_of(gael)
    assert (now.status, now.creche.code, now.choice_rank, now.from_waiting_list) == (
        "offered",
        "a",
        1,
        True,
    )
    assert "Place libérée" in now.reasons_text
    assert now.respond_by == TODAY + datetime.timedelta(days=15)
    # Hélène's place at B: declined, nobody is waiting for B (Gaël did not ask for it).
    helene = three["helene"]
    assert creches.decline(offer=offer_of(helene), by=helene.case.requester) is None


def test_no_answer_past_the_deadline(three, petite_enfance, paula):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)
    fanny = three["fanny"]
    late = TODAY + datetime.timedelta(days=16)
    with pytest.raises(ValidationError, match="délai de réponse est passé"):
        creches.accept(offer=offer_of(fanny), by=fanny.case.requester, today=late)
    assert creches.expire(round=round, actor=paula, today=late) == 2
    assert offer_of(fanny).status == "expired"
    assert offer_of(three["gael"]).creche.code == "a"


def test_an_override_keeps_its_reason_in_the_trail(three, petite_enfance, paula):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    gael, helene = three["gael"], three["helene"]
    with pytest.raises(ValidationError, match="Plus de place"):
        creches.override(offer=offer_of(gael), actor=paula, creche=creche("a"), reason="Urgence")
    with pytest.raises(ValidationError, match="motif"):
        creches.override(offer=offer_of(helene), actor=paula, creche=None, reason="  ")
    creches.override(offer=offer_of(helene), actor=paula, creche=None, reason="Déménagement")
    with pytest.raises(ValidationError, match="pas demandé"):
        creches.override(offer=offer_of(gael), actor=paula, creche=creche("b"), reason="Urgence")
    changed = offer_of(helene)
    assert (changed.status, changed.override_reason, changed.overridden_by) == (
        "waiting", "Déménagement", paula,
    )  # fmt: skip
    note = helene.case.history.filter(kind=HistoryEntry.Kind.COMMENT).last()
    assert note is not None and "Crèche du Panier → pas de place" in note.internal_note
    assert "Déménagement" in note.internal_note


def test_withdrawing_gives_the_place_on_and_renewing_keeps_the_waiting_time(
    three, petite_enfance, paula
):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)
    fanny = three["fanny"]
    creches.withdraw(application=fanny, by=fanny.case.requester)
    assert offer_of(three["gael"]).creche.code == "a"
    fanny.case.refresh_from_db()
    renewed = creches.renew(
        application=fanny, by=fanny.case.requester, start_on=TODAY + datetime.timedelta(days=60)
    )
    assert renewed.waiting_since == fanny.waiting_since and renewed.renews == fanny
    assert [c.creche.code for c in renewed.choices.all()] == ["a", "b"]


def test_a_next_round_takes_the_waiting_families_not_those_holding_a_place(
    three, petite_enfance, paula
):
    round = a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    assert len(creches.candidates(a_round(petite_enfance))) == 3  # nothing published yet
    creches.publish_round(round=round, actor=paula)
    assert creches.candidates(a_round(petite_enfance)) == [three["gael"]]


def test_a_crèche_closed_to_applications_is_left_out_of_the_round(three, petite_enfance, paula):
    Creche.objects.filter(code="a").update(is_active=False)
    round = a_round(petite_enfance)
    totals = creches.run_round(round=round, actor=paula)
    # Gaël asked only for A: not a candidate; Fanny and Hélène compete for B alone.
    assert totals.applications == 2
    assert offer_of(three["fanny"]).creche.code == "b"
    assert offer_of(three["fanny"]).choice_rank == 1  # B is her first choice among those open
    assert offer_of(three["helene"]).status == "waiting"


def test_a_mediator_files_for_a_family_and_the_trail_says_so(petite_enfance):
    from massalia.accounts import mandates

    mediator, lucie = person("mediatrice"), person("lucie")
    mediator.is_mediator = True
    mediator.save(update_fields=["is_mediator"])
    mandate = mandates.record(mediator=mediator, person=lucie, method="signed_form", days=30)
    application = creches.apply(
        child=baby_of(lucie, "Lou"), by=lucie, creches=[creche("a")],
        start_on=TODAY + datetime.timedelta(days=30), hours_per_week=30, mandate=mandate,
    )  # fmt: skip
    assert application.case.requester == lucie
    note = application.case.history.filter(kind=HistoryEntry.Kind.COMMENT).get()
    assert "Déposée par Mediatrice pour Lucie" in note.internal_note
