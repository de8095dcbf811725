"""Plausible French texts for demo requests and agents' answers, written for the project.

Each description is assembled from a few pieces (opening, place, duration, consequence), so
thousands of requests read differently while staying deterministic for a seeded generator.
"""

from __future__ import annotations

import random

GENERIC_PLACES = (
    "dans la rue principale du quartier",
    "sur la petite place près de l'école",
    "dans l'avenue qui descend vers le centre",
    "dans la traverse derrière l'église",
    "sur le boulevard, côté pair,",
    "au bout de l'impasse derrière la pharmacie",
    "sur le parking de la résidence",
    "devant l'arrêt de bus",
    "en bas de la montée du collège",
    "le long du stade",
)

# With a street of the gazetteer ("rue de Rome") or a generic place ("la petite place…").
_AT_STREET = (
    " devant le {number} {street}",
    " au {number} {street}",
    ", {street}, à hauteur du n° {number}",
    ", {street}, près de l'arrêt de bus",
    ", {street}, en face de la boulangerie",
)
_AT_PLACE = (" {place}",)

_OPENINGS = (
    "Bonjour, je signale {problem}",
    "Bonjour, il y a {problem}",
    "Il y a {problem}",
    "Je vous signale {problem}",
    "Bonjour, encore {problem}",
    "Signalement : {problem}",
    "Madame, Monsieur, je constate {problem}",
)
_DURATIONS = (
    " depuis ce matin.",
    " depuis hier soir.",
    " depuis plusieurs jours.",
    " depuis plus d'une semaine.",
    " depuis au moins deux semaines.",
    ".",
    ".",
)
_CONSEQUENCES = (
    "",
    "",
    " C'est dangereux pour les piétons, surtout les enfants.",
    " Les poussettes et les fauteuils doivent passer sur la chaussée.",
    " Plusieurs voisins s'en sont déjà plaints.",
    " Ça commence à sentir très mauvais avec la chaleur.",
    " Un scooter a failli chuter hier.",
    " Merci d'intervenir rapidement.",
    " C'est la troisième fois ce mois-ci.",
    " Les personnes âgées de l'immeuble n'osent plus sortir le soir.",
)

ACKNOWLEDGED = (
    "Votre demande a bien été reçue par le service {department}. Merci pour votre signalement.",
    "Demande prise en compte par le service {department} ; une équipe va passer.",
    "Merci, nous avons transmis votre signalement à l'équipe de secteur.",
)
IN_PROGRESS = (
    "Une équipe est programmée dans les prochains jours.",
    "Intervention planifiée : l'équipe du secteur passera cette semaine.",
    "Le devis est validé, l'intervention est en cours d'organisation.",
)
RESOLVED = (
    "L'équipe est intervenue : le problème est réglé. Merci pour votre signalement.",
    "Intervention réalisée ce jour. N'hésitez pas à nous signaler tout nouveau problème.",
    "C'est fait : l'équipe du secteur est passée.",
    "Problème résolu après le passage de nos agents.",
)
REJECTED = (
    "Après vérification sur place, nous n'avons pas constaté le problème signalé.",
    "Cette voie est privée : nous ne pouvons pas intervenir, voyez avec le syndic.",
    "Ce point relève de la Métropole ; nous lui avons transmis l'information.",
)


def description(pick: random.Random, problem: str, street: str | None) -> str:
    """A citizen's description of `problem`, near `street` (or a generic place)."""
    opening = pick.choice(_OPENINGS).format(problem=problem)
    number = pick.randint(1, 180)
    if street:
        street = street[0].lower() + street[1:]
        place = pick.choice(_AT_STREET).format(street=street, number=number)
    else:
        place = pick.choice(_AT_PLACE).format(place=pick.choice(GENERIC_PLACES), number=number)
    return opening + place + pick.choice(_DURATIONS) + pick.choice(_CONSEQUENCES)


def note(pick: random.Random, choices: tuple[str, ...], department: str) -> str:
    return pick.choice(choices).format(department=department)
