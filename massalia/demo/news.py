"""Marseille's demo news: a few items written for the demo (by theme, some in a quartier, two
with an illustration drawn here), two subscribers and one newsletter already sent.

Loaded through the real services, by the demo's administrator; loading again changes nothing
(items by slug, the issue by subject, and its sending is idempotent). Emails go nowhere.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from massalia.accounts.models import User
from massalia.demo.catalog import EMAIL_DOMAIN
from massalia.news import services
from massalia.news.models import Issue, NewsItem, Theme
from massalia.news.newsletter import Choice
from massalia.territory.models import Quartier

THEMES = (("mer", "Mer et littoral", 10), ("ecoles", "Écoles et jeunesse", 20),
          ("espace-public", "Espace public", 30), ("culture", "Culture", 40))  # fmt: skip
# (slug, theme, quartiers, days ago, title, summary, body, image alt or "")
ITEMS = (
    (
        "plages-du-prado-nettoyees",
        "mer",
        ("BONNEVEINE", "VIEILLE-CHAPELLE"),
        2,
        "Les plages du Prado nettoyées avant l'été",
        "Une semaine de ramassage avec les associations de quartier : 3 tonnes de déchets retirées "
        "du sable et des rochers.",
        "Du lundi au samedi, les agents de la propreté et une centaine de bénévoles ont parcouru "
        "les plages du Prado, de la Pointe-Rouge à l'Huveaune.\n\nLes déchets ramassés ont été "
        "triés sur place : plastiques, verre, mégots. Les mégots partent vers une filière de "
        "recyclage.\n\nUne nouvelle journée est prévue en septembre ; les inscriptions ouvriront "
        "sur ce site.",
        "Des bénévoles en gilets ramassent des déchets sur une plage au soleil couchant",
    ),
    (
        "cantines-produits-locaux",
        "ecoles",
        (),
        5,
        "Plus de produits locaux dans les cantines",
        "Dès la rentrée, la moitié des fruits et légumes servis dans les écoles viendra de "
        "producteurs de Provence.",
        "Le nouveau marché de restauration scolaire fixe une part de produits locaux et de saison. "
        "Les menus sont publiés chaque mois et les parents peuvent les consulter en ligne.\n\n"
        "Un repas végétarien par semaine reste proposé dans toutes les écoles.",
        "",
    ),
    (
        "canebiere-pietonne-dimanche",
        "espace-public",
        ("BELSUNCE", "NOAILLES"),
        8,
        "La Canebière piétonne chaque dimanche",
        "Du Vieux-Port aux Réformés, la Canebière est réservée aux piétons et aux vélos le "
        "dimanche de 10 h à 18 h.",
        "Les bus sont déviés par le cours Belsunce et la rue de Rome. Les livraisons restent "
        "possibles avant 10 h.\n\nDes animations sont proposées par les commerçants et les "
        "associations du centre-ville.",
        "La Canebière sans voitures, des familles à pied et à vélo",
    ),
    (
        "nuit-des-musees",
        "culture",
        (),
        12,
        "Nuit des musées : entrée libre jusqu'à minuit",
        "Les musées de la Ville ouvrent gratuitement leurs portes le samedi soir, avec visites "
        "guidées et concerts.",
        "Le Mucem, la Vieille Charité et le musée d'Histoire proposent un parcours commun.\n\n"
        "Le métro circule jusqu'à une heure du matin pour l'occasion.",
        "",
    ),
    (
        "arbres-plantes-belle-de-mai",
        "espace-public",
        ("BELLE-DE-MAI",),
        20,
        "120 arbres plantés à la Belle de Mai",
        "Micocouliers, frênes et tilleuls bordent désormais le boulevard National et trois "
        "places du quartier.",
        "Les essences ont été choisies pour résister à la chaleur et à la sécheresse.\n\n"
        "Les habitants peuvent parrainer un arbre et signaler un arbre abîmé depuis ce site.",
        "",
    ),
)
SUBSCRIBERS = (("lectrice", ("mer", "espace-public"), ()), ("voisin", (), ("BELSUNCE",)))
ISSUE = "La lettre de la Ville — les nouvelles du mois"


def _illustration(seed: int) -> SimpleUploadedFile:
    """A simple drawing (sky, sea, sun), so the demo shows images without shipping any."""
    image = Image.new("RGB", (1200, 630), (110, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 1200, 630), fill=(20, 90 + seed * 20, 150))
    draw.ellipse((820, 90, 1000, 270), fill=(250, 210, 90))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("illustration.jpg", out.getvalue(), content_type="image/jpeg")


def _quartiers(names: tuple[str, ...]) -> list[Quartier]:
    found = []
    for name in names:
        quartier = Quartier.objects.filter(name__iexact=name).first()
        if quartier is not None:
            found.append(quartier)
    return found


def load(now: dt.datetime | None = None) -> Issue | None:
    now = now or timezone.now()
    editor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if editor is None:
        return None
    themes = {}
    for slug, name, order in THEMES:
        themes[slug], _ = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    items = []
    for n, (slug, theme, where, days, title, summary, body, alt) in enumerate(ITEMS):
        item = NewsItem.objects.filter(slug=slug).first()
        if item is None:
            item = NewsItem(
                slug=slug, title=title, summary=summary, body=body, theme=themes[theme],
                image_alt=alt, published_at=now - dt.timedelta(days=days, hours=n),
            )  # fmt: skip
            services.save_item(item=item, editor=editor, image=_illustration(n) if alt else None)
            item.quartiers.set(_quartiers(where))
        items.append(item)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for name, chosen, where in SUBSCRIBERS:
            choice = Choice(
                email=f"{name}@{EMAIL_DOMAIN}",
                themes=tuple(themes[s].pk for s in chosen),
                quartiers=tuple(q.pk for q in _quartiers(where)),
            )
            services.confirm_subscription(choice=choice)
        issue, made = Issue.objects.get_or_create(
            subject=ISSUE,
            defaults={"introduction": "Bonjour, voici ce que la Ville a entrepris ce mois-ci."},
        )
        if made:
            issue.items.set(items[:4])
        services.send_issue(issue=issue)
    return issue
