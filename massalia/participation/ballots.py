"""The participatory budget's writes and its count: projects, verification of residents,
ballots, results.

Keyword-only, atomic, one domain event each, as `services`. The rules a ballot must follow
and how the ballots become results are `budget.py`'s (pure), applied here to the rows.
A refusal is a `ValidationError` (by field where one is to blame) or a `PermissionDenied`,
with a message in the person's language.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from massalia.core.events import publish
from massalia.core.imports import ImportFileError
from massalia.core.models import ImportRun
from massalia.core.permissions import can
from massalia.core.text import clean_text
from massalia.core.uploads import Upload
from massalia.participation import budget, census, events
from massalia.participation.models import (
    Ballot,
    BallotChoice,
    BallotRuleKind,
    Budget,
    BudgetProject,
    CensusEntry,
    Process,
    Verification,
    VerificationMethod,
)
from massalia.territory import geo

TITLE_MAX = 150
DESCRIPTION_MAX = 5000


def create_budget(
    *,
    process: Process,
    envelope: int,
    ballot_rule: str = BallotRuleKind.KNAPSACK,
    max_projects: int | None = None,
    by_census: bool = True,
    by_agent: bool = True,
) -> Budget:
    """A process's participatory budget (the admin is the other way in). Refuses rules
    `budget.Rules` would not take."""
    try:
        budget.Rules(budget.BallotRule(ballot_rule), envelope, max_projects)
    except (budget.BudgetError, ValueError) as error:
        raise ValidationError(str(error)) from None
    return Budget.objects.create(
        process=process,
        envelope=envelope,
        ballot_rule=ballot_rule,
        max_projects=max_projects,
        by_census=by_census,
        by_agent=by_agent,
    )


def add_project(
    *,
    process: Process,
    title: str,
    description: str,
    cost: int,
    category: str,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    image: Upload | None = None,
    image_alt: str = "",
) -> BudgetProject:
    """A project on the ballot; its quartier follows from its point (`territory.geo`). An
    image (already through `core.uploads`) needs its text alternative."""
    title, description = clean_text(title).strip(), clean_text(description).strip()
    image_alt = clean_text(image_alt).strip()
    if not title or len(title) > TITLE_MAX:
        raise ValidationError({"title": _("Un titre de %(n)d caractères au plus.") % {"n": 150}})
    if not description or len(description) > DESCRIPTION_MAX:
        raise ValidationError({"description": _("Décrivez le projet.")})
    if not isinstance(cost, int) or isinstance(cost, bool) or cost < 1:
        raise ValidationError({"cost": _("Le coût est un nombre entier d'euros.")})
    if image is not None and not image_alt:
        raise ValidationError({"image_alt": _("Décrivez l'image en quelques mots.")})
    point = None
    if latitude is not None and longitude is not None:
        point = geo.locate(latitude, longitude)
    return BudgetProject.objects.create(
        process=process,
        title=title,
        description=description,
        cost=cost,
        category=clean_text(category).strip()[:80],
        address=clean_text(address).strip()[:250],
        latitude=latitude,
        longitude=longitude,
        quartier_id=point.quartier_id if point else None,
        image=image,
        image_alt=image_alt,
    )


# The vote's rules, as budget.py takes them ----------------------------------------------------


def rules_of(found: Budget) -> budget.Rules:
    return budget.Rules(budget.BallotRule(found.ballot_rule), found.envelope, found.max_projects)


def vote_of(found: Budget) -> budget.BudgetVote:
    projects = BudgetProject.objects.filter(process_id=found.process_id)
    return budget.BudgetVote.of(
        rules_of(found),
        (
            budget.Project(id=p.pk, title=p.title, cost=p.cost, submitted_at=p.created_at)
            for p in projects.only("pk", "title", "cost", "created_at")
        ),
    )


def problem_text(
    problem: budget.BallotProblem, vote: budget.BudgetVote, choices: Sequence[int]
) -> str:
    """The rule's refusal in the person's language (budget.py speaks the city's)."""
    chosen = {c for c in choices if c in vote.projects}
    total = sum(vote.projects[c].cost for c in chosen)
    envelope = vote.rules.envelope
    texts = {
        budget.Problem.EMPTY: _("Choisissez au moins un projet."),
        budget.Problem.UNKNOWN_PROJECT: _("Un des projets choisis n'existe pas dans ce vote."),
        budget.Problem.TWICE: _("Un projet est choisi deux fois."),
        budget.Problem.TOO_MANY: _(
            "Vous avez choisi %(count)d projets ; ce vote en permet %(limit)d au plus."
        )
        % {"count": len(chosen), "limit": vote.rules.max_projects or 0},
        budget.Problem.OVER_BUDGET: _(
            "Votre sélection coûte %(total)s, soit %(over)s de plus que l'enveloppe de "
            "%(envelope)s."
        )
        % {
            "total": budget.euros(total),
            "over": budget.euros(total - envelope),
            "envelope": budget.euros(envelope),
        },
    }
    return str(texts[problem.code])


# Verification ---------------------------------------------------------------------------------


def verification_of(process: Process, person: Any) -> Verification | None:
    if not person.is_authenticated:
        return None
    return Verification.objects.filter(process=process, person=person).first()


def _identity(
    process: Process, *, last_name: str, first_name: str, birth_date: Any, postcode: str
) -> str:
    identity, reasons = census.check_identity(
        last_name=clean_text(last_name),
        first_name=clean_text(first_name),
        birth_date=birth_date,
        postcode=postcode,
    )
    if identity is None:
        raise ValidationError(_("Ces informations sont illisibles : %(reasons)s.") % {
            "reasons": ", ".join(reasons)
        })  # fmt: skip
    return census.identity_key(
        process,
        last_name=identity.last_name,
        first_name=identity.first_name,
        birth_date=identity.birth_date,
        postcode=identity.postcode,
    )


ALREADY_VERIFIED = _("Votre compte est déjà vérifié pour ce vote.")
IDENTITY_TAKEN = _(
    "Cette personne est déjà vérifiée pour ce vote, avec un autre compte : une personne, un vote."
)


def _record(
    *, process: Process, person: Any, key: str, method: str, agent: Any = None
) -> Verification:
    try:
        with transaction.atomic():
            made = Verification.objects.create(
                process=process,
                person=person,
                key=key,
                method=method,
                verified_by=agent,
                verified_by_name=str(agent)[:150] if agent is not None else "",
                consent=True,
            )
            publish(
                events.ResidentVerified(
                    verification_id=made.pk, process_id=process.pk, method=method
                )
            )
    except IntegrityError:
        if Verification.objects.filter(process=process, person=person).exists():
            raise ValidationError(str(ALREADY_VERIFIED)) from None
        raise ValidationError(str(IDENTITY_TAKEN)) from None
    return made


def verify_with_census(
    *,
    process: Process,
    person: Any,
    last_name: str,
    first_name: str,
    birth_date: datetime.date,
    postcode: str,
    consent: bool,
) -> Verification:
    """The resident's own answers, matched against the process's census file."""
    found = getattr(process, "budget", None)
    if found is None or not found.by_census or not person.is_authenticated:
        raise PermissionDenied(_("Ce vote ne se vérifie pas par le fichier des habitants."))
    if not consent:
        raise ValidationError({"consent": _("Votre accord est nécessaire pour vérifier.")})
    key = _identity(
        process,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        postcode=postcode,
    )
    if not CensusEntry.objects.filter(process=process, key=key).exists():
        raise ValidationError(
            _(
                "Ces informations ne figurent pas dans le fichier des habitants de ce vote. "
                "Vérifiez-les, ou faites vérifier votre identité par un agent ou un médiateur."
            )
        )
    return _record(process=process, person=person, key=key, method=VerificationMethod.CENSUS)


def verify_by_agent(
    *,
    process: Process,
    agent: Any,
    person: Any,
    last_name: str,
    first_name: str,
    birth_date: datetime.date,
    postcode: str,
    consent: bool,
) -> Verification:
    """An agent or mediator saw the person's identity document: recorded with their name
    and the person's consent."""
    found = getattr(process, "budget", None)
    if found is None or not found.by_agent or not can(agent, "participation.verify", process):
        raise PermissionDenied("Vous ne pouvez pas vérifier les habitants de ce vote.")
    if not consent:
        raise ValidationError({"consent": "L'accord de la personne est nécessaire."})
    key = _identity(
        process,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        postcode=postcode,
    )
    return _record(
        process=process, person=person, key=key, method=VerificationMethod.AGENT, agent=agent
    )


def import_census(*, process: Process, agent: Any, stream: IO[str], source: str) -> ImportRun:
    """Read a census file into the process's `CensusEntry` rows (`census.CensusImporter`).
    Raises ValidationError when the file as a whole cannot be read."""
    if not can(agent, "participation.verify", process):
        raise PermissionDenied("Vous ne pouvez pas importer le fichier des habitants de ce vote.")
    try:
        text = stream.read()
    except UnicodeDecodeError:
        raise ValidationError("Ce fichier n'est pas un texte en UTF-8.") from None
    if "\x00" in text:
        raise ValidationError("Ce fichier contient des caractères nuls : ce n'est pas un CSV.")
    try:
        rows = census.read_rows(io.StringIO(text))
        first = next(rows, None)
    except (ImportFileError, csv.Error) as error:
        raise ValidationError(f"Fichier illisible : {error}") from None
    if first is None:
        raise ValidationError("Le fichier ne contient aucune ligne.")
    return census.CensusImporter(process, _chain(first, rows)).run(source=source)


def _chain(first: census.CensusRow, rest: Any) -> Any:
    yield first
    yield from rest


# Ballots --------------------------------------------------------------------------------------


def ballot_of(process: Process, voter: Any) -> Ballot | None:
    if not voter.is_authenticated:
        return None
    return Ballot.objects.filter(process=process, voter=voter).first()


def chosen(ballot: Ballot | None) -> list[int]:
    if ballot is None:
        return []
    return list(ballot.choices.values_list("project_id", flat=True))


def cast(*, process: Process, voter: Any, choices: Sequence[int]) -> Ballot:
    """Cast `voter`'s ballot, or replace its choices: under the vote's rule, while it is
    open, for a verified resident.

    The unique constraint on (process, voter) is what keeps one ballot per resident under
    parallel requests: a second insert fails, and that request changes the ballot the
    first one made (locked, so two changes follow each other)."""
    found = getattr(process, "budget", None)
    if found is None or not found.is_open():
        raise PermissionDenied(_("Le vote de ce budget participatif n'est pas ouvert."))
    if not can(voter, "participation.vote", process):
        raise PermissionDenied(
            _("Votre compte doit d'abord être vérifié comme habitant pour voter.")
        )
    vote = vote_of(found)
    problems = vote.check(list(choices))
    if problems:
        raise ValidationError(
            [ValidationError(problem_text(p, vote, choices), code=p.code) for p in problems]
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(process=process, voter=voter)
        except IntegrityError:
            ballot = None
        if ballot is None:
            ballot = Ballot.objects.select_for_update().get(process=process, voter=voter)
            ballot.choices.all().delete()
            ballot.updated_at = timezone.now()
            ballot.save(update_fields=["updated_at"])
            made: Any = events.BallotChanged
        else:
            made = events.BallotCast
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project_id=c) for c in choices)
        publish(made(ballot_id=ballot.pk, process_id=process.pk, projects=len(choices)))
    return ballot


# Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """The published result and, beside it for information, the equal shares one."""

    published: budget.Result
    equal_shares: budget.Result


def ballots(process: Process) -> list[list[int]]:
    """Every ballot's choices (an erased voter's ballot too: it stays counted)."""
    rows = BallotChoice.objects.filter(ballot__process=process).order_by("ballot_id", "pk")
    by_ballot: dict[int, list[int]] = defaultdict(list)
    for ballot_id, project_id in rows.values_list("ballot_id", "project_id").iterator():
        by_ballot[ballot_id].append(project_id)
    return list(by_ballot.values())


RESULTS_SECONDS = 24 * 3600


def results(process: Process) -> Results:
    """The count by the published rule, for a vote that is closed.

    Kept in the cache under a key made of what it is computed from (the ballots' number and
    latest change, the projects'), so equal shares (seconds for a city's vote) runs once,
    and a change in the rows — an administrator's correction — computes it again."""
    found = process.budget
    if not found.is_closed():
        raise PermissionDenied(_("Les résultats seront publiés à la clôture du vote."))
    cast_rows = Ballot.objects.filter(process=process).aggregate(
        n=Count("pk"), at=Max("updated_at")
    )
    project_rows = BudgetProject.objects.filter(process=process).aggregate(
        n=Count("pk"), at=Max("created_at"), cost=Sum("cost")
    )
    stamp = "|".join(
        str(v)
        for v in (found.envelope, found.ballot_rule, *cast_rows.values(), *project_rows.values())
    )
    key = f"participation:budget-results:{process.pk}:{hashlib.sha256(stamp.encode()).hexdigest()}"
    kept = cache.get(key)
    if isinstance(kept, Results):
        return kept
    vote, cast_ballots = vote_of(found), ballots(process)
    made = Results(vote.results(cast_ballots), vote.equal_shares(cast_ballots))
    cache.set(key, made, RESULTS_SECONDS)
    return made
