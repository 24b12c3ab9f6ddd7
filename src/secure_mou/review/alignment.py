"""Pair the blocks of two drafts by what they say, not where they stand.

Drafts get renumbered ("5.2" becomes "6.3") and sections move, so blocks are compared on
their normalised words (list labels and section numbers dropped, case and punctuation
folded). Identical texts pair first, wherever they stand; the rest pair greedily by the
token-set similarity of candidates that share a rare word, best pair first. What stays
unpaired was added (new draft) or removed (old draft).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..documents.model import Document

# below this, two blocks are different clauses that happen to share words
MIN_SIMILARITY = 0.5
# a word in more blocks than this is no evidence that two blocks are one clause
MAX_POSTINGS = 40
_LABEL = re.compile(
    r"^\s*(?:(?:article|section|sec\.|part|§)\s*)?"
    r"(?:\(?(?:\d+(?:\.\d+)*|[ivxlc]{1,6}|[a-z])[.):]|\d+(?:\.\d+)+)\s+",
    re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> tuple[str, ...]:
    """The words of a block without its leading label(s), lowercased."""
    previous = None
    while previous != text:  # "Section 4. (a) The SRO ..." has two labels
        previous, text = text, _LABEL.sub("", text, count=1)
    return tuple(_TOKEN.findall(text.lower()))


@dataclass(frozen=True)
class Pair:
    old: int  # block index in the old draft
    new: int
    similarity: float  # 1.0: the same words


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[Pair, ...]
    removed: tuple[int, ...]  # old blocks with no counterpart
    added: tuple[int, ...]  # new blocks with no counterpart

    def new_of(self, old: int) -> Pair | None:
        return next((p for p in self.pairs if p.old == old), None)

    def old_of(self, new: int) -> Pair | None:
        return next((p for p in self.pairs if p.new == new), None)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def align(old: Document, new: Document) -> Alignment:
    old_words = [normalise(b.text) for b in old.blocks]
    new_words = [normalise(b.text) for b in new.blocks]
    pairs: list[Pair] = []
    free_old, free_new = set(range(len(old_words))), set(range(len(new_words)))

    by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, words in enumerate(new_words):
        by_text[words].append(index)
    for index, words in enumerate(old_words):
        if by_text.get(words):
            match = by_text[words].pop(0)
            pairs.append(Pair(index, match, 1.0))
            free_old.discard(index)
            free_new.discard(match)

    new_sets = {i: frozenset(new_words[i]) for i in free_new}
    postings: dict[str, list[int]] = defaultdict(list)
    for index, new_set in new_sets.items():
        for word in new_set:
            postings[word].append(index)
    candidates: list[tuple[float, int, int]] = []
    for index in sorted(free_old):
        old_set = frozenset(old_words[index])
        seen: set[int] = set()
        for word in old_set:
            if len(postings.get(word, ())) <= MAX_POSTINGS:
                seen.update(postings.get(word, ()))
        for other in seen:
            score = _similarity(old_set, new_sets[other])
            if score >= MIN_SIMILARITY:
                candidates.append((score, index, other))
    # best first; ties in document order, so the result is the same on every run
    for score, index, other in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if index in free_old and other in free_new:
            pairs.append(Pair(index, other, round(score, 3)))
            free_old.discard(index)
            free_new.discard(other)
    return Alignment(pairs=tuple(sorted(pairs, key=lambda p: p.new)),
                     removed=tuple(sorted(free_old)), added=tuple(sorted(free_new)))
