"""The spaCy pipeline: blank English, a sentencizer and the lookup lemmatizer.

Offline by design: no model download. Token ``norm_`` is set to the lemma of the
lowercased word so that phrases match across case, plurals and verb forms ("SROs",
"Searches", "disciplining"). A trained pipeline is used only if the user asks for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.lookups import Table
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

# Lost spaces from OCR ("theSRO", "schoolDistrict"): split a lowercase run from a
# following capital so the words can match again.
_CAMEL_INFIX = r"(?<=[a-z]{2})(?=[A-Z])"
# "dis- cipline", "disci-\npline": a word broken by OCR or reflow, rejoined when the
# joined form is a known word and the pieces are not both words.
_BROKEN_WORD = re.compile(r"\b([A-Za-z]{2,})-\s+([a-z]{2,})\b")


@Language.factory("secure_norm")
def _make_norm(nlp: Language, name: str) -> _LowerLemma:
    return _LowerLemma(nlp)


class _LowerLemma:
    """Sets ``norm_`` to the lookup lemma of the lowercase form (case-insensitive)."""

    def __init__(self, nlp: Language):
        self.table = lemma_table(nlp)

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            text = token.text
            lower = text.lower()
            lemma = table.get(lower, lower)
            if lemma == lower and len(text) > 2 and text[-1] == "s" and text[:-1].isupper():
                lemma = lower[:-1]  # acronym plurals: SROs -> sro
            token.norm_ = lemma
        return doc


def lemma_table(nlp: Language) -> Table:
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    table: Table = lemmatizer.lookups.get_table("lemma_lookup")
    return table


@lru_cache(maxsize=2)
def _lemmas(nlp: Language) -> frozenset[str]:
    return frozenset(lemma_table(nlp).values())


def known_word(nlp: Language, word: str) -> bool:
    """True for a word the lookup tables know, as an inflected form or a lemma."""
    return word in lemma_table(nlp) or word in _lemmas(nlp)


def repair_ocr(nlp: Language, text: str) -> str:
    """Rejoin words broken with a hyphen and a space when the joined word is known."""

    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        joined = (a + b).lower()
        if known_word(nlp, joined) and not (known_word(nlp, a.lower()) and known_word(nlp, b)):
            return a + b
        return m.group(0)

    return _BROKEN_WORD.sub(join, text) if "- " in text else text


@lru_cache(maxsize=2)
def build_pipeline(model: str | None = None) -> Language:
    """The default pipeline, or an installed trained one (e.g. ``en_core_web_sm``)."""
    if model:
        nlp = spacy.load(model, exclude=["ner", "textcat"])
        if "lemmatizer" not in nlp.pipe_names:
            lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            lemmatizer.initialize()
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    infixes = [*(nlp.Defaults.infixes or ()), _CAMEL_INFIX]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("secure_norm", last=True)
    return nlp
