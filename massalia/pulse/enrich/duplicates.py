"""Near-duplicates: the same text said again (a boost, a cross-post, a copied complaint).

Each message gets a 64-bit SimHash of its pairs of consecutive words (`fingerprint`, stored
signed). A message whose fingerprint is within MAX_DISTANCE bits of an earlier message's,
published at most WINDOW before it, joins that message's group: `duplicate_of` points at the
group's first message. The comparison is vectorised (numpy) against every fingerprint of the
window, read once per batch from the database plus the batch itself: one query per batch.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from functools import lru_cache

import numpy as np
from unidecode import unidecode

from massalia.pulse.models import Message

WINDOW = timedelta(days=14)
# Bits of 64 that may differ between two near-duplicates (measured in the tests).
MAX_DISTANCE = 10
SHINGLE = 2

_URL = re.compile(r"https?://\S+|www\.\S+")
_PLACEHOLDER = re.compile(r"\[[a-zé]+\]")  # what `scrub` put instead of personal data
_WORD = re.compile(r"[^\W_]+")
# Words a repost adds ("RT", "via", "cc"); the tokeniser already drops "#" and "@".
_NOISE = frozenset({"rt", "via", "cc", "mt"})
_MASK = (1 << 64) - 1
_PAIR = np.uint64(0x9E3779B97F4A7C15)


def tokens(text: str) -> list[str]:
    """Lowercase, accent-free words, without links, placeholders and repost markers."""
    text = _PLACEHOLDER.sub(" ", _URL.sub(" ", text.lower()))
    return [w for word in _WORD.findall(text) for w in _fold(word) if w not in _NOISE]


@lru_cache(maxsize=200_000)
def _fold(word: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[^a-z0-9]+", unidecode(word)) if part)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int | None:
    """The signed 64-bit SimHash of the text's word pairs (None for a text without words)."""
    words = tokens(text)
    if not words:
        return None
    hashes = np.array([_word_hash(w) for w in words], dtype=np.uint64)
    if len(hashes) >= SHINGLE:
        hashes = _mix((hashes[:-1] * _PAIR) ^ hashes[1:])
    features = np.unique(hashes).astype(">u8").view(np.uint8).reshape(-1, 8)
    bits = np.unpackbits(features, axis=1)
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(bits)
    return _signed(int.from_bytes(np.packbits(majority).tobytes(), "big"))


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves about half of the output bits."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def distance(a: int, b: int) -> int:
    """Hamming distance between two fingerprints."""
    return ((a ^ b) & _MASK).bit_count()


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def mark(messages: list[Message]) -> None:
    """Set `fingerprint` and `duplicate_of` on the messages (unsaved), one query in all."""
    if not messages:
        return
    for message in messages:
        message.fingerprint = simhash(message.text)
        message.duplicate_of_id = None
    window = _Window(messages)
    for message in sorted(messages, key=lambda m: (m.published_at, m.pk)):
        message.duplicate_of_id = window.first_of_group(message)


class _Window:
    """Fingerprints of the batch and of the database's messages in the batch's time window."""

    def __init__(self, messages: list[Message]) -> None:
        ids = [m.pk for m in messages]
        start = min(m.published_at for m in messages) - WINDOW
        end = max(m.published_at for m in messages)
        known = (
            Message.objects.filter(
                fingerprint__isnull=False, published_at__gte=start, published_at__lte=end
            )
            .exclude(pk__in=ids)
            .values_list("pk", "fingerprint", "published_at", "duplicate_of_id")
        )
        rows = [(pk, fp, at.timestamp(), dup or pk) for pk, fp, at, dup in known]
        rows += [
            (m.pk, m.fingerprint, m.published_at.timestamp(), m.pk)
            for m in messages
            if m.fingerprint is not None
        ]
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.fingerprints = np.array([r[1] for r in rows], dtype=np.int64).view(np.uint64)
        self.times = np.array([r[2] for r in rows], dtype=np.float64)
        self.roots = np.array([r[3] for r in rows], dtype=np.int64)
        self.position = {pk: i for i, pk in enumerate(self.ids.tolist())}

    def first_of_group(self, message: Message) -> int | None:
        """The first message of the group `message` joins, or None if it starts its own."""
        if message.fingerprint is None or not len(self.ids):
            return None
        at = message.published_at.timestamp()
        earlier = (self.times < at) | ((self.times == at) & (self.ids < message.pk))
        recent = earlier & (self.times >= at - WINDOW.total_seconds())
        fingerprint = np.array([message.fingerprint], dtype=np.int64).view(np.uint64)[0]
        distances = np.bitwise_count(self.fingerprints ^ fingerprint)
        close = np.flatnonzero(recent & (distances <= MAX_DISTANCE))
        if not len(close):
            return None
        nearest = close[np.argmin(distances[close])]
        root = int(self.roots[nearest])
        self.roots[self.position[message.pk]] = root
        return root
