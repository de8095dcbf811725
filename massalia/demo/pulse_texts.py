"""What Marseille's residents say, in pieces: written for the project, assembled by seed.

Each topic has complaints, thanks and questions; every piece holds one `{place}`. A message is
an opening, one piece, sometimes a remark and a closing, shaped by its channel (a forum post, a
toot, an e-mail to the town hall, a local paper's brief). Nothing here names a real person:
the names and numbers in signatures are invented so that the pulse's scrubbing can remove them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicTexts:
    weight: float  # share of the city's conversation
    # Monthly multipliers, January first.
    season: tuple[float, ...]
    negative: float  # share of complaints; the rest splits between questions and thanks
    complaints: tuple[str, ...]
    thanks: tuple[str, ...]
    questions: tuple[str, ...]


FLAT = (1.0,) * 12
SUMMER = (0.4, 0.4, 0.6, 0.8, 1.2, 2.2, 3.2, 3.2, 1.6, 0.7, 0.4, 0.4)
WINTER = (1.6, 1.4, 1.1, 0.9, 0.7, 0.6, 0.6, 0.6, 0.9, 1.2, 1.5, 1.7)
SPRING = (0.6, 0.7, 1.2, 1.5, 1.5, 1.2, 1.0, 0.9, 1.0, 1.0, 0.8, 0.6)
SCHOOL = (1.3, 1.0, 1.0, 0.9, 1.0, 1.1, 0.4, 0.6, 2.0, 1.1, 1.0, 0.9)
WARM = (0.7, 0.7, 0.8, 0.9, 1.1, 1.4, 1.6, 1.5, 1.1, 0.9, 0.8, 0.8)

TOPICS: dict[str, TopicTexts] = {
    "proprete": TopicTexts(
        weight=3.0,
        season=WARM,
        negative=0.78,
        complaints=(
            "les poubelles débordent {place} depuis trois jours",
            "un tas d'encombrants a été abandonné {place}, matelas et frigo compris",
            "les rats se promènent en plein jour {place}",
            "le trottoir {place} est couvert de déjections canines",
            "les containers n'ont pas été vidés {place} malgré le passage prévu mardi",
            "des sacs éventrés partout {place}, ça sent très mauvais avec la chaleur",
            "des tags ont recouvert toute la façade de l'école {place}",
            "la balayeuse ne passe plus {place} depuis des semaines",
        ),
        thanks=(
            "merci aux équipes de la propreté qui ont tout nettoyé {place} ce matin",
            "le dépôt sauvage signalé {place} a été enlevé en moins de 48 heures, bravo",
            "les nouvelles corbeilles installées {place} changent vraiment la vie",
        ),
        questions=(
            "quelqu'un sait quel jour passe le ramassage des encombrants {place} ?",
            "à qui s'adresser pour faire effacer un tag sur une façade {place} ?",
            "est-ce que la collecte est maintenue les jours fériés {place} ?",
        ),
    ),
    "voirie": TopicTexts(
        weight=2.2,
        season=WINTER,
        negative=0.8,
        complaints=(
            "un nid-de-poule énorme s'est formé {place}, deux scooters sont déjà tombés",
            "le trottoir est complètement défoncé {place}, impossible de passer avec une poussette",
            "les travaux {place} sont abandonnés depuis un mois, la tranchée est toujours ouverte",
            "la chaussée s'affaisse {place} après les dernières pluies",
            "le marquage au sol a disparu {place}, plus personne ne voit le passage piéton",
            "des pavés descellés {place} font trébucher les personnes âgées",
        ),
        thanks=(
            "la chaussée a enfin été refaite {place}, c'est un vrai plaisir",
            "merci pour la réparation rapide du trottoir {place}",
            "les nouveaux abaissements de trottoir {place} facilitent la vie des fauteuils",
        ),
        questions=(
            "combien de temps doivent durer les travaux de voirie {place} ?",
            "savez-vous si la rue sera fermée à la circulation {place} cette semaine ?",
            "qui est responsable de l'entretien des trottoirs {place}, la ville ou la métropole ?",
        ),
    ),
    "eclairage": TopicTexts(
        weight=1.2,
        season=WINTER,
        negative=0.82,
        complaints=(
            "trois lampadaires sont éteints {place}, la rue est plongée dans le noir",
            "l'éclairage public clignote toute la nuit {place}",
            "plus aucune lumière {place} depuis la tempête, on rentre avec la lampe du téléphone",
            "le lampadaire penché {place} menace de tomber sur les voitures",
            "les lampadaires restent allumés en plein jour {place}, quel gaspillage",
        ),
        thanks=(
            "les nouveaux éclairages LED {place} sont une vraie réussite",
            "le lampadaire en panne {place} a été réparé dès le lendemain, merci",
        ),
        questions=(
            "pourquoi l'éclairage s'éteint-il à une heure du matin {place} ?",
            "comment signaler une panne d'éclairage {place} en dehors des heures de bureau ?",
        ),
    ),
    "espaces-verts": TopicTexts(
        weight=1.6,
        season=SPRING,
        negative=0.6,
        complaints=(
            "les platanes {place} n'ont pas été élagués, les branches touchent les fenêtres",
            "le jardin {place} est à l'abandon, herbes hautes et bancs cassés",
            "l'aire de jeux {place} est fermée depuis des mois sans explication",
            "un arbre mort menace de tomber {place}",
            "l'arrosage automatique fuit {place} et personne ne vient",
            "les pelouses {place} sont devenues des terrains vagues",
        ),
        thanks=(
            "le parc {place} est magnifique depuis les nouvelles plantations",
            "merci aux jardiniers pour le massif fleuri {place}",
            "la nouvelle aire de jeux {place} fait le bonheur des enfants",
            "les arbres plantés {place} l'an dernier ont bien pris, quel bonheur à l'ombre",
        ),
        questions=(
            "à quelle heure ferme le jardin {place} en ce moment ?",
            "est-il prévu de planter des arbres {place} pour faire de l'ombre ?",
            "qui contacter pour un jardin partagé {place} ?",
        ),
    ),
    "eau": TopicTexts(
        weight=1.0,
        season=WARM,
        negative=0.75,
        complaints=(
            "une fuite d'eau coule sur la chaussée {place} depuis hier",
            "l'avaloir est bouché {place}, la rue se transforme en rivière à chaque orage",
            "l'eau du robinet a un goût de chlore très fort {place}",
            "une bouche d'égout dégage une odeur insupportable {place}",
            "la fontaine {place} ne fonctionne plus depuis le printemps",
        ),
        thanks=(
            "la fuite signalée {place} a été réparée dans la journée, merci",
            "merci aux équipes de l'eau intervenues en pleine nuit {place}",
        ),
        questions=(
            "une coupure d'eau est-elle prévue {place} pour des travaux ?",
            "à qui signaler une fuite avant compteur {place} ?",
        ),
    ),
    "stationnement": TopicTexts(
        weight=1.8,
        season=FLAT,
        negative=0.8,
        complaints=(
            "des voitures garées en double file bloquent le bus tous les matins {place}",
            "une voiture ventouse n'a pas bougé depuis deux mois {place}",
            "le trottoir {place} sert de parking, les piétons marchent sur la route",
            "les places livraison {place} sont occupées en permanence",
            "impossible de se garer {place} depuis la suppression des places",
            "des véhicules stationnent sur la place handicapé {place} sans aucune sanction",
        ),
        thanks=(
            "les potelets posés {place} ont enfin libéré le trottoir",
            "la fourrière est passée {place}, le passage est dégagé, merci",
        ),
        questions=(
            "comment obtenir une carte de stationnement résident {place} ?",
            "le stationnement est-il payant le samedi {place} ?",
            "où se garer {place} les jours de marché ?",
        ),
    ),
    "mobilier-urbain": TopicTexts(
        weight=0.9,
        season=FLAT,
        negative=0.7,
        complaints=(
            "le banc {place} est cassé depuis des semaines",
            "l'abribus {place} a la vitre brisée, il y a du verre partout",
            "les potelets {place} ont été arrachés",
            "la fontaine à boire {place} est en panne en pleine canicule",
            "le panneau d'affichage municipal {place} est illisible",
        ),
        thanks=(
            "merci pour les nouveaux bancs {place}, les anciens du quartier sont ravis",
            "l'abribus {place} a été remplacé très vite",
        ),
        questions=(
            "peut-on demander l'installation d'un banc {place} ?",
            "qui répare les abribus {place}, la ville ou la régie ?",
        ),
    ),
    "tranquillite": TopicTexts(
        weight=1.8,
        season=WARM,
        negative=0.85,
        complaints=(
            "des rodéos de motos toute la nuit {place}, impossible de dormir",
            "la musique du bar {place} résonne jusqu'à trois heures du matin",
            "des feux d'artifice et des pétards tous les soirs {place}",
            "un point de deal s'est installé {place}, les familles ont peur",
            "des bagarres éclatent chaque week-end {place}",
            "le bruit du chantier {place} commence à six heures du matin, même le samedi",
        ),
        thanks=(
            "la présence de la police municipale {place} a vraiment calmé les choses",
            "merci pour la médiation de nuit {place}, le quartier respire",
        ),
        questions=(
            "quel numéro appeler pour les nuisances sonores la nuit {place} ?",
            "les horaires des terrasses ont-ils changé {place} ?",
        ),
    ),
    "mer": TopicTexts(
        weight=1.1,
        season=(0.2, 0.2, 0.4, 0.7, 1.4, 3.0, 4.5, 4.5, 1.8, 0.6, 0.3, 0.2),
        negative=0.6,
        complaints=(
            "la plage {place} est couverte de déchets le lundi matin",
            "pas de poste de secours ouvert {place} alors qu'il fait 33 degrés",
            "la baignade est interdite {place} et aucune affiche n'explique pourquoi",
            "les douches de la plage {place} sont en panne",
            "des jet-skis passent au ras des baigneurs {place}",
            "les méduses ont envahi la plage {place} et personne ne prévient",
        ),
        thanks=(
            "l'eau était superbe {place} ce week-end, et la plage propre",
            "merci aux maîtres-nageurs {place}, toujours attentifs",
            "les nouvelles navettes maritimes {place} sont un bonheur",
        ),
        questions=(
            "la baignade est-elle autorisée aujourd'hui {place} ?",
            "à quelle date ouvrent les postes de secours {place} ?",
            "peut-on venir avec un chien sur la plage {place} ?",
        ),
    ),
    "transports-en-commun": TopicTexts(
        weight=2.0,
        season=SCHOOL,
        negative=0.7,
        complaints=(
            "le bus n'est pas passé pendant quarante minutes {place}",
            "le métro était encore en panne ce matin, la station {place} bondée",
            "le tram s'arrête à 23 heures, impossible de rentrer {place} après un concert",
            "l'arrêt de bus {place} a été déplacé sans aucune information",
            "les bus de nuit ne desservent plus {place}",
        ),
        thanks=(
            "la nouvelle ligne de bus qui passe {place} est très pratique",
            "le tram prolongé {place} change le quotidien",
        ),
        questions=(
            "les horaires du bus {place} changent-ils pendant les vacances ?",
            "quand la ligne de tram doit-elle arriver {place} ?",
            "y a-t-il un parking relais {place} ?",
        ),
    ),
    "logement": TopicTexts(
        weight=1.1,
        season=WINTER,
        negative=0.8,
        complaints=(
            "l'immeuble {place} a des fissures qui s'agrandissent, le syndic ne répond pas",
            "les marchands de sommeil louent des taudis {place}",
            "des infiltrations d'eau dans tout l'immeuble {place}, les enfants toussent",
            "le bailleur social ne fait rien pour l'ascenseur en panne {place}",
            "un immeuble évacué {place} et les familles sont toujours à l'hôtel",
        ),
        thanks=(
            "la réhabilitation de la résidence {place} est enfin terminée",
            "merci au service de l'habitat pour la visite rapide {place}",
        ),
        questions=(
            "comment faire constater un logement insalubre {place} ?",
            "existe-t-il des aides pour rénover une façade {place} ?",
        ),
    ),
    "ecoles-petite-enfance": TopicTexts(
        weight=1.2,
        season=SCHOOL,
        negative=0.65,
        complaints=(
            "l'école {place} n'a toujours pas de chauffage qui marche",
            "les toilettes de l'école {place} sont dans un état lamentable",
            "pas de remplaçant pour la cantine {place} depuis une semaine",
            "la crèche {place} ferme une section faute de personnel",
            "les préfabriqués de l'école {place} sont là depuis dix ans",
        ),
        thanks=(
            "la cour d'école végétalisée {place} est une réussite",
            "merci à l'équipe de la crèche {place}, toujours bienveillante",
            "la rénovation de l'école {place} est magnifique",
        ),
        questions=(
            "quand ouvrent les inscriptions scolaires pour l'école {place} ?",
            "y a-t-il encore des places en crèche {place} ?",
            "le centre aéré {place} est-il ouvert pendant les vacances ?",
        ),
    ),
    "culture-sport": TopicTexts(
        weight=1.3,
        season=WARM,
        negative=0.35,
        complaints=(
            "la piscine {place} est encore fermée pour travaux",
            "le gymnase {place} n'est jamais disponible pour les associations",
            "la bibliothèque {place} a réduit ses horaires le samedi",
            "le terrain de foot {place} n'a plus de filets depuis l'été",
        ),
        thanks=(
            "super concert gratuit hier soir {place}, merci à la ville",
            "la fête du quartier {place} était une réussite",
            "la bibliothèque {place} propose de très belles animations pour les enfants",
            "le nouveau city-stade {place} est plein tous les soirs",
        ),
        questions=(
            "quels sont les horaires de la piscine {place} pendant les vacances ?",
            "le festival a-t-il lieu cette année {place} ?",
            "comment réserver un créneau au gymnase {place} ?",
        ),
    ),
    "velo-mobilites-douces": TopicTexts(
        weight=1.0,
        season=SPRING,
        negative=0.6,
        complaints=(
            "la piste cyclable {place} est encore occupée par des voitures",
            "la piste cyclable s'arrête net {place}, en plein carrefour",
            "pas un seul arceau vélo {place}, on attache nos vélos aux grilles",
            "la station de vélos en libre-service {place} est vide tous les matins",
        ),
        thanks=(
            "la nouvelle piste cyclable {place} est une vraie réussite",
            "merci pour les arceaux vélo installés {place}",
        ),
        questions=(
            "une piste cyclable est-elle prévue {place} ?",
            "où trouver un atelier de réparation de vélos {place} ?",
        ),
    ),
    "vie-democratique": TopicTexts(
        weight=0.9,
        season=(1.0, 1.0, 1.2, 1.0, 0.9, 0.8, 0.4, 0.4, 1.0, 1.2, 1.2, 1.0),
        negative=0.45,
        complaints=(
            "la mairie de secteur {place} est fermée le samedi, impossible d'y aller",
            "trois mois d'attente pour une carte d'identité à la mairie {place}",
            "personne ne répond au téléphone à la mairie {place}",
            "la réunion publique {place} a été annulée sans prévenir",
        ),
        thanks=(
            "la réunion de quartier {place} était vraiment constructive",
            "merci à l'accueil de la mairie {place}, très efficace",
            "le budget participatif a financé le projet {place}, bravo",
        ),
        questions=(
            "quand a lieu le prochain conseil de quartier {place} ?",
            "comment déposer un projet au budget participatif {place} ?",
            "quels sont les horaires de la mairie de secteur {place} ?",
        ),
    ),
    "securite-routiere": TopicTexts(
        weight=1.1,
        season=SCHOOL,
        negative=0.8,
        complaints=(
            "les voitures roulent beaucoup trop vite {place}, devant l'école",
            "le feu piéton {place} est trop court pour traverser",
            "encore un accident au carrefour {place}",
            "aucun passage piéton {place} alors que les enfants traversent tous les jours",
            "les motos remontent les trottoirs {place} à toute vitesse",
        ),
        thanks=(
            "le ralentisseur posé {place} a vraiment calmé la circulation",
            "merci pour le nouveau passage piéton {place}",
        ),
        questions=(
            "peut-on demander un ralentisseur {place} ?",
            "la zone 30 va-t-elle être étendue {place} ?",
        ),
    ),
    "environnement": TopicTexts(
        weight=0.9,
        season=(0.6, 0.6, 0.7, 0.8, 1.0, 1.8, 2.4, 2.2, 1.2, 0.8, 0.6, 0.6),
        negative=0.7,
        complaints=(
            "on étouffe {place}, aucun arbre et pas un coin d'ombre en pleine canicule",
            "les fumées des paquebots rendent l'air irrespirable {place}",
            "les moustiques tigres nous dévorent le soir {place}",
            "un voisin brûle ses déchets verts {place}, tout le quartier est enfumé",
            "la colline brûle encore, on voit la fumée depuis {place}",
        ),
        thanks=(
            "la forêt urbaine plantée {place} est un vrai poumon pour le quartier",
            "le composteur collectif {place} marche très bien, merci",
        ),
        questions=(
            "y a-t-il une salle rafraîchie ouverte {place} pendant la canicule ?",
            "où trouver les relevés de qualité de l'air {place} ?",
        ),
    ),
}

# The hidden spike: water cut off and leaks in one arrondissement for a few days.
SPIKE = (
    "plus une goutte d'eau au robinet {place} depuis ce matin",
    "coupure d'eau {place} et aucune information, c'est la deuxième fois cette semaine",
    "une canalisation a cédé {place}, l'eau jaillit sur la chaussée",
    "la pression de l'eau est presque nulle {place}, impossible de prendre une douche",
    "l'eau revient marron au robinet {place} après la coupure",
    "énorme fuite d'eau {place}, la rue est inondée et les caves aussi",
    "toujours pas d'eau {place}, quelqu'un sait quand ce sera réparé ?",
    "les pompiers sont intervenus pour une conduite d'eau éclatée {place}",
    "on nous distribue des bouteilles d'eau {place}, la coupure dure depuis hier",
    "fuite d'eau géante {place}, l'eau coule jusqu'en bas de la rue",
)

# The emerging subject: wild boars coming down from the hills into the streets at night.
EMERGING = (
    "des sangliers retournent les poubelles toutes les nuits {place}",
    "une laie et ses marcassins se promènent en pleine rue {place}",
    "encore des sangliers cette nuit {place}, le jardin est complètement labouré",
    "trois sangliers devant l'arrêt de bus {place} ce matin, les enfants avaient peur",
    "qui faut-il appeler pour les sangliers qui descendent {place} ?",
    "les sangliers sont de plus en plus nombreux {place}, ils n'ont plus peur de personne",
    "un sanglier a traversé devant ma voiture {place}, j'ai failli le percuter",
    "les sangliers ont défoncé le grillage du potager {place}",
)

NEGATIVE_REMARKS = (
    "C'est inadmissible.",
    "On en a vraiment assez.",
    "Ça dure depuis des semaines.",
    "Personne ne fait rien.",
    "Les habitants sont excédés.",
    "C'est dangereux.",
    "Honteux pour une ville comme Marseille.",
    "Ras-le-bol.",
    "",
)
POSITIVE_REMARKS = (
    "Bravo !",
    "Ça fait plaisir.",
    "Enfin !",
    "Merci beaucoup.",
    "Continuez comme ça.",
    "Quel plaisir.",
    "",
)
NEUTRAL_REMARKS = (
    "Merci d'avance.",
    "Quelqu'un a des infos ?",
    "Je n'ai rien trouvé sur le site de la mairie.",
    "Merci pour vos réponses.",
    "",
)

FORUM_OPENINGS = ("Bonjour à tous,", "Bonsoir,", "Salut les voisins,", "Bonjour,", "", "")
MAIL_OPENINGS = ("Bonjour,", "Madame, Monsieur,", "Bonjour Madame la Maire,", "Bonjour,")
MAIL_LEADS = {
    "neg": "je me permets de vous écrire car ",
    "pos": "je tenais à vous dire que ",
    "neutral": "j'ai une question : ",
}
MAIL_CLOSINGS = ("Cordialement,", "Bien à vous,", "Salutations,", "Merci,")
PRESS_OPENINGS = (
    "Selon plusieurs riverains, {core}.",
    "Les habitants se mobilisent : {core}.",
    "Dans le quartier, on ne parle que de ça : {core}.",
    "Le constat est partagé par les commerçants : {core}.",
)
PRESS_POSITIVE = (
    "Bonne nouvelle pour les riverains : {core}.",
    "Les habitants saluent l'initiative : {core}.",
)
PRESS_QUESTION = ("La question revient souvent chez nos lecteurs : {core}",)

# Invented people: signatures and mentions the ingest must remove.
FIRST_NAMES = (
    "Jean", "Marie", "Nadège", "Rachid", "Sylvie", "Mehdi", "Laurence", "Olivier", "Samia",
    "Hervé", "Aurélie", "Kevin", "Josiane", "Bernard", "Yasmine", "Lucas", "Manon", "Ahmed",
    "Christiane", "Théo", "Sabrina", "Gérard", "Océane", "Mathis",
)  # fmt: skip
LAST_NAMES = (
    "Dupont", "Ferrand", "Bonnefoy", "Giraud", "Pelissier", "Castagnier", "Marchetti",
    "Lombardo", "Benhamou", "Arnaud", "Vidal", "Mazzoni", "Rinaldi", "Roustan",
)  # fmt: skip
MENTIONS = (
    "M. {last} du troisième étage a appelé la mairie, sans réponse.",
    "Mme {last}, la gardienne, a prévenu le bailleur.",
    "Pour toute info, écrivez à {email} ou appelez le {phone}.",
    "Contact du collectif : {email}.",
    "Mon numéro si besoin : {phone}.",
)
