"""The CNAF's barème for collective care in 2025 and 2026, installed as data an agent can edit.

The figures are frozen here (a migration must give the same rows whenever it runs); later
years are entered in the admin. Sources, consulted December 2026:

- Effort rates (percent per hour billed), unchanged since 1 January 2022 (CNAF circular
  2019-005 of 5 June 2019, the last step of its 2019-2022 rise): 1 child 0.0619, 2 children
  0.0516, 3 children 0.0413, 4 to 7 children 0.0310, 8 and more 0.0206. Still the rates
  crèches publish for September 2025 and after (e.g. Ville de Suresnes, "Tarifs et aides –
  petite enfance").
- Ceiling: 7,000 EUR a month from 1 September 2024 (Caf du Loiret, "EAJE PSU – Evolution du
  montant plafond des participations au 1er septembre 2024"), 8,500 EUR from 1 September 2025
  for every contract, those running included (caf.fr, "Le plafond de ressources mensuelles en
  hausse pour les EAJE au 1er septembre 2025", 15 May 2025; Caf d'Indre-et-Loire, "Barèmes 2025
  des prestations de service"). No change for 2026 was found: 8,500 EUR is kept.
- Floor: the monthly RSA guaranteed to a single parent with one child, less the housing
  allowance ("forfait logement"), revalued each January. 2026: 814.62 EUR, as published by
  Ville de Suresnes alongside the 8,500 EUR ceiling (and RSA 646.52 EUR × 1.5 less 16 %).
  2025: 801.00 EUR is that same rule applied to the RSA in force on 1 January 2025
  (635.71 EUR): NOT confirmed by a published source found; the row says so.
"""

import datetime

from django.db import migrations

RATES = {
    "1": "0.0619",
    "2": "0.0516",
    "3": "0.0413",
    "4": "0.0310",
    "5": "0.0310",
    "6": "0.0310",
    "7": "0.0310",
    "8": "0.0206",
}
RATES_SOURCE = "Taux d'effort : circulaire Cnaf 2019-005 du 5 juin 2019 (inchangés depuis 2022)."
PERIODS = [
    (
        datetime.date(2025, 1, 1),
        80100,
        700000,
        "Plafond : 7 000 € depuis le 1er septembre 2024 (Caf du Loiret). Plancher : 801,00 € "
        "calculé selon la règle (RSA d'un parent isolé avec un enfant, moins le forfait "
        "logement) — À CONFIRMER, aucune publication consultée ne le donne.",
    ),
    (
        datetime.date(2025, 9, 1),
        80100,
        850000,
        "Plafond : 8 500 € au 1er septembre 2025, contrats en cours compris (caf.fr, "
        "15 mai 2025). Plancher : celui de 2025, 801,00 € — À CONFIRMER.",
    ),
    (
        datetime.date(2026, 1, 1),
        81462,
        850000,
        "Plancher : 814,62 € (publié par la Ville de Suresnes avec le plafond de 8 500 €). "
        "Plafond : 8 500 €, aucune évolution trouvée pour 2026.",
    ),
]


def install(apps, schema_editor):
    PsuScale = apps.get_model("eservices", "PsuScale")
    for starts_on, floor, ceiling, source in PERIODS:
        PsuScale.objects.get_or_create(
            starts_on=starts_on,
            defaults={
                "floor_cents": floor,
                "ceiling_cents": ceiling,
                "effort_rates": RATES,
                "source": f"{source} {RATES_SOURCE}",
            },
        )


def remove(apps, schema_editor):
    PsuScale = apps.get_model("eservices", "PsuScale")
    PsuScale.objects.filter(starts_on__in=[p[0] for p in PERIODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("eservices", "0005_creche_billing")]

    operations = [migrations.RunPython(install, remove)]
