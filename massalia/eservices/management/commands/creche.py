"""`massalia creche allocate APPLICATIONS.csv PLACES.csv [--rule priority|max-placed]`, and
`massalia creche invoice-month YYYY-MM`.

The same allocation as the commission's rounds, on files, so anyone can check it.
APPLICATIONS.csv has the columns `application,score,applied_at,age_group,choices` (integer
score, ISO 8601 date, the crèche codes separated by `;` in order of preference), PLACES.csv
`creche,age_group,places`. The placements go to standard output as CSV
`application,creche,choice_rank`, one row for every application read, in the file's order
(`creche` and `choice_rank` empty when not placed); the last line on standard error is
`applications=N placed=N seconds=S` (S: the allocation alone). Refused rows are named on
standard error with their line numbers, and the others still allocated. Exit status: 0, 1
when rows were refused, 2 when a file cannot be read at all or lacks a column.

`invoice-month` issues the month's invoice of every contract covering it not billed yet (as
the agents' button does): a second run issues nothing. It prints
`month=YYYY-MM issued=N already=N refused=N`, the refused contracts with their reasons on
standard error, and exits 1 when some were refused.
"""

from __future__ import annotations

import csv
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from massalia.core.cli import read_csv_file
from massalia.eservices import allocation

REFUSED = (allocation.AllocationError,)  # a file refused as a whole (e.g. a missing column)


class Command(BaseCommand):
    help = "Places en crèche : l'attribution publiée, sur des fichiers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        allocate = sub.add_parser(
            "allocate", help="Attribuer les places d'un fichier de demandes et d'un de places."
        )
        allocate.add_argument("applications", metavar="APPLICATIONS.csv")
        allocate.add_argument("places", metavar="PLACES.csv")
        allocate.add_argument(
            "--rule", choices=[rule.value for rule in allocation.Rule], default="priority"
        )

        month = sub.add_parser(
            "invoice-month", help="Émettre les factures du mois de chaque contrat en cours."
        )
        month.add_argument("month", metavar="YYYY-MM")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "invoice-month":
            self.invoice_month(options["month"])
        else:
            self.allocate(options)

    def invoice_month(self, text: str) -> None:
        from massalia.eservices import contracts
        from massalia.eservices.billing_forms import parse_month

        month = parse_month(text)
        if month is None:
            raise CommandError(f"{text} : mois illisible, écrivez AAAA-MM", returncode=2)
        run = contracts.invoice_month(month=month)
        for contract, reason in run.refused:
            self.stderr.write(f"contrat {contract.pk} : {reason}")
        self.stdout.write(
            f"month={run.month:%Y-%m} issued={len(run.issued)} already={run.already} "
            f"refused={len(run.refused)}"
        )
        if run.refused:
            raise SystemExit(1)

    def allocate(self, options: dict[str, Any]) -> None:
        applications, bad = read_csv_file(
            options["applications"], allocation.read_applications, refusals=REFUSED
        )
        places, bad_places = read_csv_file(
            options["places"], allocation.read_places, refusals=REFUSED
        )
        for name, rows in ((options["applications"], bad), (options["places"], bad_places)):
            for row in rows:
                self.stderr.write(f"{name}, ligne {row.line} : {row.reason}")
        started = time.perf_counter()
        try:
            result = allocation.allocate(applications, places, allocation.Rule(options["rule"]))
        except allocation.AllocationError as exc:
            raise CommandError(str(exc), returncode=2) from None
        seconds = time.perf_counter() - started
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(["application", "creche", "choice_rank"])
        for placement in result.placements:
            out.writerow([placement.application, placement.creche or "",
                          placement.choice_rank or ""])  # fmt: skip
        refused = len(bad) + len(bad_places)
        if refused:
            self.stderr.write(f"{refused} ligne(s) refusée(s), les autres attribuées")
        totals = result.totals()
        self.stderr.write(
            f"applications={totals.applications} placed={totals.placed} seconds={seconds:.3f}"
        )
        if refused:
            raise SystemExit(1)  # the counts line stays the last one, as documented
