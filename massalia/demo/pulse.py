"""Six months of what Marseille says, for the pulse's demo: written in bulk, then enriched.

Messages come from the platform (the demo's requests), neighbourhood forums and blogs, a local
paper, Mastodon's #Marseille, an import of social-network posts and the town hall's contact
mailbox. Texts are assembled from `pulse_texts` with real quartier and landmark names, follow
the week and the seasons, and carry two stories the dashboard must tell on its own: a few days
of water cuts in one arrondissement some weeks ago (nothing marks them), and a subject no topic
covers (wild boars in the streets) that has been rising for a week. A seeded random.Random
makes it reproducible; external ids make a second load change nothing.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from massalia.demo import pulse_texts as T
from massalia.demo.requests import DENSITY, SOURCE
from massalia.pulse.ingest import Incoming, platform_source, receive
from massalia.pulse.models import Alert, Channel, Message, Source
from massalia.servicerequests.models import ServiceRequest
from massalia.territory import geo, marseille
from massalia.territory.models import Quartier, Street

SIZES = {"small": 1200, "full": 30_000}
SEED = 29
DAYS = 182
ALERT_DAYS = 60
DOMAIN = "demo.massalia.localhost"

# The hidden spike: (days ago, messages that day) for each size, in one arrondissement.
SPIKE_ARRONDISSEMENT = 5
SPIKE_DAYS = {"small": ((31, 10), (30, 16), (29, 13), (28, 8))}
SPIKE_DAYS["full"] = ((31, 14), (30, 26), (29, 22), (28, 11))
# The emerging subject: (days ago, messages) over the last week, each from a new author.
EMERGING_DAYS = {"full": ((6, 2), (5, 3), (4, 5), (3, 6), (2, 8), (1, 10), (0, 9))}
EMERGING_DAYS["small"] = EMERGING_DAYS["full"]  # a new subject needs a few voices to show
EMERGING_ARRONDISSEMENTS = (9, 11, 12, 13)
COAST = (2, 7, 8, 16)
CROSS_POSTS = 0.015

WEEKDAYS = (1.3, 1.2, 1.15, 1.1, 1.05, 0.6, 0.45)  # Monday first: offices and papers
WEEKEND = (0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 1.35)  # people online at leisure
HOURS = (1, 1, 0, 0, 0, 1, 2, 4, 6, 6, 5, 5, 6, 6, 5, 4, 4, 5, 7, 8, 8, 7, 5, 3)


@dataclass(frozen=True)
class SourceSpec:
    key: str
    name: str
    channel: str
    config: dict[str, str]
    share: float
    week: tuple[float, ...]
    home: int = 0  # the arrondissement a neighbourhood forum or blog mostly talks about
    located: float = 0.0  # share of messages with coordinates

    def url(self, number: int) -> str:
        base = self.config.get("url", "").rsplit("/", 1)[0]
        return f"{base}/{number}" if base.startswith("https://") else ""


def _feed(slug: str) -> dict[str, str]:
    return {"url": f"https://{slug}.{DOMAIN}/feed.xml"}


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("ciq-belle-de-mai", "Forum du CIQ de la Belle-de-Mai", Channel.RSS,
               _feed("ciq-belledemai"), 0.06, WEEKEND, home=3),
    SourceSpec("ciq-saint-barnabe", "Forum du CIQ de Saint-Barnabé", Channel.RSS,
               _feed("ciq-saintbarnabe"), 0.05, WEEKEND, home=12),
    SourceSpec("blog-noailles", "Blog Noailles au quotidien", Channel.RSS,
               _feed("noailles-au-quotidien"), 0.05, WEEKEND, home=1),
    SourceSpec("blog-endoume", "Blog Vivre à Endoume", Channel.RSS,
               _feed("vivre-a-endoume"), 0.04, WEEKEND, home=7),
    SourceSpec("presse", "Le Cri du Vieux-Port (presse locale)", Channel.RSS,
               _feed("lecriduvieuxport"), 0.05, WEEKDAYS),
    SourceSpec("mastodon", "#Marseille sur Mastodon", Channel.MASTODON,
               {"instance": f"https://pouet.{DOMAIN}", "hashtag": "Marseille"}, 0.30, WEEKEND,
               located=0.3),
    SourceSpec("reseaux", "Import des réseaux sociaux", Channel.IMPORT,
               {"format": "csv", "file": "reseaux-sociaux-marseille.csv"}, 0.32, WEEKEND,
               located=0.2),
    SourceSpec("courriel", "Boîte contact de la mairie", Channel.EMAIL,
               {"host": f"imap.{DOMAIN}", "port": "993", "username": f"contact@{DOMAIN}",
                "mailbox": "INBOX"}, 0.13, WEEKDAYS),
)  # fmt: skip
LANDMARKS = {
    "Vieux-Port": "sur le Vieux-Port",
    "Notre-Dame de la Garde": "en montant à Notre-Dame de la Garde",
    "Gare Saint-Charles": "devant la gare Saint-Charles",
    "Stade Vélodrome": "autour du stade Vélodrome",
    "Mucem": "près du Mucem",
    "Palais Longchamp": "derrière le palais Longchamp",
    "Parc Borély": "au parc Borély",
    "Vallon des Auffes": "au Vallon des Auffes",
    "Friche la Belle de Mai": "à côté de la Friche la Belle de Mai",
    "Hôpital de la Timone": "devant l'hôpital de la Timone",
    "Cours Julien": "sur le cours Julien",
}
UNPLACED = ("dans mon quartier", "dans notre rue", "chez nous", "en bas de chez moi", "")


@dataclass
class Place:
    """A quartier as texts name it, with a few of its streets and a point inside."""

    label: str
    number: int
    latitude: float
    longitude: float
    streets: list[str] = field(default_factory=list)
    landmarks: list[str] = field(default_factory=list)


@dataclass
class Draft:
    source: str
    external_id: str
    text: str
    published_at: datetime
    author: str
    url: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class PulseResult:
    messages: int
    created: int
    seconds: float
    steps: dict[str, float]
    alerts: dict[str, int]


# Loading ---------------------------------------------------------------------------------


def load_pulse(*, size: str = "full", seed: int = SEED, now: datetime | None = None) -> PulseResult:
    """Make sure the demo's pulse holds `size` messages, enriched, counted and watched.

    Idempotent: the same size changes nothing; another size replaces the demo's messages.
    Needs the territory (quartiers); the demo's requests become the platform's messages.
    """
    started = time.perf_counter()
    steps: dict[str, float] = {}
    now = now or timezone.now()
    with _timed(steps, "generate"):
        from massalia.pulse.taxonomy import ensure_topics

        ensure_topics()
        sources = _sources()
        drafts = generate(size=size, seed=seed, now=now)
    # Another size or seed left messages this one would not write: start again.
    if _known(sources) - {(d.source, d.external_id) for d in drafts}:
        _clear(sources, since=(now - timedelta(days=DAYS)).date())
    with _timed(steps, "receive"):
        created = _receive(sources, drafts) + _receive_requests(now)
    everywhere = [*sources.values(), platform_source()]
    # Pending too: a load stopped halfway finishes its work when run again.
    pending = Message.objects.pending().filter(source__in=everywhere)
    todo = sorted(set(created) | set(pending.values_list("id", flat=True)))
    if todo:
        _process(todo, now, steps)
    total = Message.objects.filter(source__in=everywhere).count()
    alerts = Counter(Alert.objects.values_list("kind", flat=True))
    elapsed = time.perf_counter() - started
    return PulseResult(total, len(created), elapsed, steps, dict(alerts))


def _process(created: list[int], now: datetime, steps: dict[str, float]) -> None:
    from massalia.pulse import aggregates
    from massalia.pulse.enrich import topics
    from massalia.pulse.enrich.pipeline import enrich_messages
    from massalia.pulse.models import TopicModel

    with _timed(steps, "train"):
        if not TopicModel.objects.filter(is_active=True).exists():
            topics.train_version()
    with _timed(steps, "enrich"):
        enrich_messages(ids=created)
    today = timezone.localdate(now)
    with _timed(steps, "signals"):
        aggregates.rebuild([today - timedelta(days=n) for n in range(DAYS + 1)], force=True)
    from massalia.pulse import alerts

    with _timed(steps, "alerts"):
        for n in range(ALERT_DAYS, -1, -1):
            alerts.detect(today - timedelta(days=n))


class _timed:
    def __init__(self, steps: dict[str, float], name: str) -> None:
        self.steps, self.name = steps, name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.steps[self.name] = round(time.perf_counter() - self.started, 2)


def _sources() -> dict[str, Source]:
    out = {}
    for spec in SOURCES:
        # The demo does not poll: its addresses are made up, so the sources stay inactive.
        out[spec.key], _ = Source.objects.update_or_create(
            name=spec.name,
            defaults={"channel": spec.channel, "config": spec.config, "is_active": False},
        )
    return out


def _known(sources: dict[str, Source]) -> set[tuple[str, str]]:
    keys = {source.pk: key for key, source in sources.items()}
    rows = Message.objects.filter(source__in=sources.values())
    return {(keys[pk], ext) for pk, ext in rows.values_list("source_id", "external_id")}


@transaction.atomic
def _clear(sources: dict[str, Source], since: date) -> None:
    """Forget the demo's external messages and the alerts they raised."""
    Message.objects.filter(source__in=sources.values()).delete()
    Alert.objects.filter(day__gte=since).delete()


def _receive(sources: dict[str, Source], drafts: list[Draft]) -> list[int]:
    """Week by week, as the connectors would have delivered them (oldest first)."""
    weeks: dict[tuple[int, str], list[Incoming]] = defaultdict(list)
    first = drafts[0].published_at if drafts else timezone.now()
    for d in drafts:
        week = (d.published_at - first).days // 7
        weeks[(week, d.source)].append(
            Incoming(external_id=d.external_id, text=d.text, published_at=d.published_at,
                     author=d.author, url=d.url, latitude=d.latitude, longitude=d.longitude)
        )  # fmt: skip
    created: list[int] = []
    for (_, key), items in sorted(weeks.items()):
        created += receive(sources[key], items, enrich=False, history=True).created
    return created


def _receive_requests(now: datetime) -> list[int]:
    """The demo's confirmed requests of the period, as the platform subscriber would send them."""
    from massalia.pulse.subscribers import request_message

    requests = ServiceRequest.objects.filter(
        source=SOURCE, confirmed_at__isnull=False, created_at__gte=now - timedelta(days=DAYS)
    ).select_related("request_type")
    items = [request_message(case) for case in requests.order_by("id")]
    return receive(platform_source(), items, enrich=False, history=True).created


# Generating ------------------------------------------------------------------------------


def generate(*, size: str, seed: int, now: datetime) -> list[Draft]:
    """The demo's external messages for `size`, oldest first (no database write)."""
    pick = random.Random(seed)
    world = _World(_places(), pick, timezone.localtime(now))
    drafts = [world.ordinary(spec) for spec in _source_order(SIZES[size], pick)]
    drafts += world.spike(SPIKE_DAYS[size])
    drafts += world.emerging(EMERGING_DAYS[size])
    drafts += world.cross_posts(drafts)
    drafts.sort(key=lambda d: d.published_at)
    return drafts


def _source_order(count: int, pick: random.Random) -> list[SourceSpec]:
    return pick.choices(SOURCES, weights=[s.share for s in SOURCES], k=count)


# The demo's authors bear these invented surnames, which pseudonymisation must remove: a real
# street named after one ("place Joseph Vidal") would read as a surname left in a text.
_SURNAMES = re.compile(r"\b(?:" + "|".join(map(re.escape, T.LAST_NAMES)) + r")\b")


def _places() -> list[Place]:
    """Quartiers with their names as residents write them, streets and landmarks."""
    streets: dict[int, list[str]] = defaultdict(list)
    for quartier_id, name in (
        Street.objects.exclude(quartier=None).order_by("id").values_list("quartier_id", "name")
    ):
        if len(streets[quartier_id]) < 12 and not _SURNAMES.search(name):
            streets[quartier_id].append(name[0].lower() + name[1:])
    rows = Quartier.objects.order_by("id").values_list(
        "id", "name", "arrondissement__number", "centroid_latitude", "centroid_longitude"
    )
    places = {
        pk: Place(_label(name), number, lat, lon, streets.get(pk, []))
        for pk, name, number, lat, lon in rows
        if lat is not None and lon is not None
    }
    points = [(lat, lon) for name, lat, lon in marseille.LANDMARKS if name in LANDMARKS]
    names = [name for name, _, _ in marseille.LANDMARKS if name in LANDMARKS]
    for name, found in zip(names, geo.locate_many(points), strict=True):
        if found is not None and found.quartier_id in places:
            places[found.quartier_id].landmarks.append(LANDMARKS[name])
    return list(places.values())


_APPROXIMATE = re.compile(r"\s*\(approximatif\)", re.IGNORECASE)


def _label(name: str) -> str:
    return Quartier(name=_APPROXIMATE.sub("", name)).display_name


def at(label: str) -> str:
    """'Les Chartreux' → 'aux Chartreux', 'La Plaine' → 'à la Plaine', 'Noailles' → 'à Noailles'."""
    for article, replacement in (
        ("Les ", "aux "),
        ("Le ", "au "),
        ("La ", "à la "),
        ("L'", "à l'"),
    ):
        if label.startswith(article):
            return replacement + label[len(article) :]
    return f"à {label}"


def _lower_article(label: str) -> str:
    """'Les Chartreux' → 'les Chartreux' (after 'vers')."""
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in ("Le", "La", "Les") and rest else label


def _arrondissement(number: int) -> str:
    return f"{marseille.ordinal(number)} arrondissement"


class _World:
    """Seeded choices over days, topics, places and authors."""

    def __init__(self, places: list[Place], pick: random.Random, now: datetime) -> None:
        self.places, self.pick, self.now = places, pick, now
        self.today = now.date()
        self.by_number: dict[int, list[Place]] = defaultdict(list)
        for place in places:
            self.by_number[place.number].append(place)
        self.place_weights = [DENSITY.get(p.number, 1.0) for p in places]
        self.counters: Counter[str] = Counter()
        self.authors: dict[str, list[str]] = {}
        self.topic_names = list(T.TOPICS)
        self.day_weights = {spec.key: self._days(spec) for spec in SOURCES}

    def _days(self, spec: SourceSpec) -> list[float]:
        """Weights of days ago 0..DAYS-1: the week's rhythm, a slow rise over the months."""
        weights = []
        for ago in range(DAYS):
            day = self.today - timedelta(days=ago)
            weights.append(spec.week[day.weekday()] * (1.25 - 0.45 * ago / DAYS))
        weights[0] *= min(1.0, self.now.hour / 24 + 0.05)
        return weights

    # One ordinary message.

    def ordinary(self, spec: SourceSpec) -> Draft:
        pick = self.pick
        ago = pick.choices(range(DAYS), weights=self.day_weights[spec.key])[0]
        when = self.moment(ago)
        topic = self.topic(when.month)
        place = self.place(spec, topic)
        mood = self.mood(topic)
        texts = T.TOPICS[topic]
        piece = pick.choice(
            {"neg": texts.complaints, "pos": texts.thanks}.get(mood, texts.questions)
        )
        text = self.compose(spec, piece, self.where(place), mood)
        point = self.point(place) if pick.random() < spec.located else None
        return self.draft(spec, text, when, self.author(spec), point)

    def topic(self, month: int) -> str:
        weights = [t.weight * t.season[month - 1] for t in T.TOPICS.values()]
        return self.pick.choices(self.topic_names, weights=weights)[0]

    def mood(self, topic: str) -> str:
        negative = T.TOPICS[topic].negative
        roll = self.pick.random()
        if roll < negative:
            return "neg"
        return "pos" if roll < negative + (1 - negative) * 0.45 else "neutral"

    def place(self, spec: SourceSpec, topic: str) -> Place:
        if topic == "mer":  # beaches and harbours are on the coast
            coast = [p for n in COAST for p in self.by_number.get(n, [])]
            return self.pick.choice(coast or self.places)
        if spec.home and self.by_number.get(spec.home) and self.pick.random() < 0.7:
            return self.pick.choice(self.by_number[spec.home])
        return self.pick.choices(self.places, weights=self.place_weights)[0]

    def where(self, place: Place) -> str:
        """How a resident names the place: quartier, street, landmark, arrondissement or none."""
        pick, label = self.pick, place.label
        forms = [
            (at(label), 3.0),
            (f"{at(label)} ({marseille.ordinal(place.number)})", 1.0),
            (f"vers {_lower_article(label)}", 0.8),
            (f"dans le {_arrondissement(place.number)}", 0.7),
            (pick.choice(UNPLACED), 0.9),
        ]
        if place.streets:
            forms.append((f"{pick.choice(place.streets)}, {at(label)}", 2.5))
        if place.landmarks:
            forms.append((pick.choice(place.landmarks), 1.2))
        return pick.choices([f for f, _ in forms], weights=[w for _, w in forms])[0]

    def point(self, place: Place) -> tuple[float, float]:
        jitter = self.pick.uniform
        return (round(place.latitude + jitter(-0.002, 0.002), 6),
                round(place.longitude + jitter(-0.002, 0.002), 6))  # fmt: skip

    def moment(self, ago: int) -> datetime:
        day = self.today - timedelta(days=ago)
        hour = self.pick.choices(range(24), weights=HOURS)[0]
        local = datetime(day.year, day.month, day.day, hour, self.pick.randrange(60),
                         self.pick.randrange(60))  # fmt: skip
        when = timezone.make_aware(local, self.now.tzinfo)
        if when >= self.now:  # today, later than now: earlier this morning instead
            when = self.now - timedelta(minutes=self.pick.randint(5, 90))
        return when

    def author(self, spec: SourceSpec) -> str:
        """Regulars write often, most people once or twice (a long tail of handles)."""
        pool = self.authors.get(spec.key)
        if pool is None:
            size = max(20, int(SIZES["full"] * spec.share / 5))
            pool = self.authors[spec.key] = [self.handle(spec, n) for n in range(size)]
        index = int(len(pool) * self.pick.random() ** 2.2)
        return pool[index]

    def handle(self, spec: SourceSpec, number: int) -> str:
        first = slugify(self.pick.choice(T.FIRST_NAMES)).replace("-", "")
        if spec.channel == Channel.EMAIL:
            return f"{first}.{number}@exemple-courriel.fr"
        if spec.channel == Channel.MASTODON:
            return f"{first}{number}@pouet.{DOMAIN}"
        return f"{first}_{number}"

    # Composing by channel.

    def compose(self, spec: SourceSpec, piece: str, where: str, mood: str) -> str:
        core = re.sub(r"\s+", " ", piece.format(place=where)).replace(" ,", ",")
        core = core.replace("  ", " ").strip()
        remark = self.remark(mood)
        compose: dict[str, Callable[[str, str, str], str]] = {
            Channel.RSS: self.press if spec.key == "presse" else self.forum,
            Channel.MASTODON: self.toot,
            Channel.IMPORT: self.post,
            Channel.EMAIL: self.mail,
        }
        text = compose[spec.channel](core, remark, mood)
        return re.sub(r" *\n *", "\n", re.sub(r"[ \t]+", " ", text)).strip()

    def remark(self, mood: str) -> str:
        choices = {"neg": T.NEGATIVE_REMARKS, "pos": T.POSITIVE_REMARKS}
        return self.pick.choice(choices.get(mood, T.NEUTRAL_REMARKS))

    def forum(self, core: str, remark: str, mood: str) -> str:
        opening = self.pick.choice(T.FORUM_OPENINGS)
        mention = self.mention() if self.pick.random() < 0.08 else ""
        return f"{opening}\n{_sentence(core)} {remark} {mention}"

    def press(self, core: str, remark: str, mood: str) -> str:
        frames = {"neg": T.PRESS_OPENINGS, "pos": T.PRESS_POSITIVE}.get(mood, T.PRESS_QUESTION)
        return self.pick.choice(frames).format(core=core)

    def toot(self, core: str, remark: str, mood: str) -> str:
        tags = "#Marseille #CestPasNormal" if mood == "neg" and self.pick.random() < 0.3 else ""
        return f"{_sentence(core)} {remark} {tags or '#Marseille'}"

    def post(self, core: str, remark: str, mood: str) -> str:
        mention = self.mention() if self.pick.random() < 0.05 else ""
        text = f"{_sentence(core)} {remark} {mention}"
        return text.lower() if self.pick.random() < 0.15 else text

    def mail(self, core: str, remark: str, mood: str) -> str:
        first, last = self.pick.choice(T.FIRST_NAMES), self.pick.choice(T.LAST_NAMES)
        phone = self.phone() if self.pick.random() < 0.4 else ""
        body = f"{_sentence(T.MAIL_LEADS[mood] + core)} {remark}"
        if phone:
            body += f" Vous pouvez me joindre au {phone}."
        closing = self.pick.choice(T.MAIL_CLOSINGS)
        return f"{self.pick.choice(T.MAIL_OPENINGS)}\n\n{body}\n\n{closing}\n{first} {last}"

    def mention(self) -> str:
        last = self.pick.choice(T.LAST_NAMES)
        email = f"{slugify(last)}.collectif@exemple-courriel.fr"
        return self.pick.choice(T.MENTIONS).format(last=last, email=email, phone=self.phone())

    def phone(self) -> str:
        digits = [self.pick.randint(10, 99) for _ in range(4)]
        return f"0{self.pick.choice('67')} " + " ".join(str(d) for d in digits)

    def draft(self, spec: SourceSpec, text: str, when: datetime, author: str,
              point: tuple[float, float] | None) -> Draft:  # fmt: skip
        number = self.counters[spec.key]
        self.counters[spec.key] += 1
        lat, lon = point if point else (None, None)
        return Draft(spec.key, f"{spec.key}:{number}", text, when, author, spec.url(number),
                     lat, lon)  # fmt: skip

    # The two stories.

    def spike(self, days: tuple[tuple[int, int], ...]) -> Iterator[Draft]:
        """Water cut off in one arrondissement: many voices, every channel, no label."""
        places = self.by_number.get(SPIKE_ARRONDISSEMENT) or self.places
        channels = [s for s in SOURCES if s.key != "presse"]
        for ago, count in days:
            for _ in range(count):
                spec = self.pick.choices(channels, weights=[s.share for s in channels])[0]
                place = self.pick.choice(places)
                number = marseille.ordinal(SPIKE_ARRONDISSEMENT)
                where = self.pick.choice((at(place.label), f"{at(place.label)} ({number})"))
                if place.streets and self.pick.random() < 0.4:
                    where = f"{self.pick.choice(place.streets)}, {at(place.label)}"
                text = self.compose(spec, self.pick.choice(T.SPIKE), where, "neg")
                point = self.point(place) if self.pick.random() < 0.35 else None
                yield self.draft(spec, text, self.moment(ago), self.author(spec), point)

    def emerging(self, days: tuple[tuple[int, int], ...]) -> Iterator[Draft]:
        """Wild boars in the streets: new words, each message from a new author."""
        places = [p for n in EMERGING_ARRONDISSEMENTS for p in self.by_number.get(n, [])]
        channels = [s for s in SOURCES if s.channel in (Channel.MASTODON, Channel.IMPORT)]
        channels += [s for s in SOURCES if s.key in ("ciq-saint-barnabe", "courriel")]
        newcomer = 0
        for ago, count in days:
            for _ in range(count):
                spec = self.pick.choice(channels)
                place = self.pick.choice(places or self.places)
                where = self.pick.choice([at(place.label), *place.landmarks])
                text = self.compose(spec, self.pick.choice(T.EMERGING), where, "neg")
                newcomer += 1
                author = f"{self.handle(spec, 90_000 + newcomer)}"
                yield self.draft(spec, text, self.moment(ago), author, None)

    def cross_posts(self, drafts: list[Draft]) -> list[Draft]:
        """A few forum posts shared again on social networks, a little reworded."""
        forums = [d for d in drafts if d.source.startswith(("ciq-", "blog-"))]
        targets = [s for s in SOURCES if s.channel in (Channel.MASTODON, Channel.IMPORT)]
        copies = []
        for original in forums:
            if self.pick.random() >= CROSS_POSTS * 6:
                continue
            spec = self.pick.choice(targets)
            text = (
                self.pick.choice(("Vu sur le forum du quartier : ", "À lire : ", ""))
                + original.text
            )
            when = min(original.published_at + timedelta(hours=self.pick.uniform(1, 20)), self.now)
            copies.append(self.draft(spec, text, when, self.author(spec), None))
        return copies


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."
