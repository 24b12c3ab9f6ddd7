"""Flesch-Kincaid grade level, for SECURE-1.6 (language accessible to families)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """A heuristic syllable count (vowel groups, silent final e), at least one."""
    w = word.lower()
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith(("ed", "es")) and not w.endswith(("ted", "ded", "ses", "zes", "ces")):
        count -= 1
    return max(count, 1)


def fk_grade(sentences: list[str]) -> float | None:
    """Flesch-Kincaid grade of the given sentences; None when there is no text."""
    words = [w for s in sentences for w in _WORD.findall(s)]
    n_sentences = sum(1 for s in sentences if _WORD.search(s))
    if not words or not n_sentences:
        return None
    n_syllables = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / n_sentences + 11.8 * n_syllables / len(words) - 15.59
    return round(grade, 1)
