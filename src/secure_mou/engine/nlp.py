"""The spaCy pipeline: blank English, a sentencizer and a lookup lemmatizer.

Offline by design: no model download. The lemmatizer looks words up in the English
``lemma_lookup`` table of ``spacy-lookups-data`` (the table spaCy's own lookup
lemmatizer uses), but case-insensitively, so that phrases match across case, plurals and
verb forms ("SROs", "Searches", "disciplining"); it sets both ``lemma`` and ``norm``,
and the matchers work on ``norm``. A trained pipeline (``--model en_core_web_sm``) is
used only when the user asks for it and has installed it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import LEMMA, NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, load_language_data

from ..errors import UsageError

# Lost spaces from OCR ("theSRO", "schoolDistrict"): split a lowercase run from a
# following capital so the words can match again.
_CAMEL_INFIX = r"(?<=[a-z]{2})(?=[A-Z])"
# "dis- cipline", "disci-\npline": a word broken by OCR or reflow, rejoined when the
# joined form is a known word and the pieces are not both words.
_BROKEN_WORD = re.compile(r"\b([A-Za-z]{2,})-\s+([a-z]{2,})\b")


@lru_cache(maxsize=1)
def lemma_lookup() -> dict[str, str]:
    """spacy-lookups-data's English lookup table: inflected form -> lemma."""
    import spacy_lookups_data

    # load_language_data reads the .json or its .json.gz, as spaCy's own loader does
    table: Any = load_language_data(spacy_lookups_data.en["lemma_lookup"])
    return dict(table)


@lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    return frozenset(lemma_lookup().values())


@Language.factory("secure_lookup_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer(nlp)


class LookupLemmatizer:
    """Sets ``lemma`` and ``norm`` to the lookup lemma of the lowercase form.

    Words repeat, so each distinct word is looked up once and its lemma kept by id."""

    def __init__(self, nlp: Language):
        self.table = lemma_lookup()
        self.strings = nlp.vocab.strings
        self.cache: dict[int, int] = {}

    def lemma(self, text: str) -> str:
        lower = text.lower()
        lemma = self.table.get(lower, lower)
        if lemma == lower and len(text) > 2 and text[-1] == "s" and text[:-1].isupper():
            lemma = lower[:-1]  # acronym plurals: SROs -> sro
        return lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache, strings = self.cache, self.strings
        orths: Any = doc.to_array(ORTH)  # one id per token
        lemmas = orths.copy()
        for i, orth in enumerate(orths.tolist()):
            lemma = cache.get(orth)
            if lemma is None:
                lemma = cache[orth] = strings.add(self.lemma(strings[orth]))
            lemmas[i] = lemma
        column = lemmas.reshape(-1, 1)
        doc.from_array([NORM], column)
        if not doc.has_annotation("LEMMA"):  # a trained pipeline keeps its own lemmas
            doc.from_array([LEMMA], column)
        return doc


def known_word(word: str) -> bool:
    """True for a word the lookup table knows, as an inflected form or a lemma."""
    return word in lemma_lookup() or word in _lemmas()


def repair_ocr(text: str) -> str:
    """Rejoin words broken with a hyphen and a space when the joined word is known."""

    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        # "hand- cuffs" -> "handcuffs"; "pre- and post-test" keeps its suspended hyphen
        if known_word((a + b).lower()) and b not in ("and", "or", "to", "nor"):
            return a + b
        return m.group(0)

    return _BROKEN_WORD.sub(join, text) if "- " in text else text


@Language.component("secure_sentence_repair")
def _sentence_repair(doc: Doc) -> Doc:
    """A period followed by a lowercase word ("law enforcement topics. child development,
    adolescent psychology. trauma") is an OCR stray or a list separator, not the end of a
    sentence: the word after it continues the sentence."""
    for i in range(1, len(doc)):
        token = doc[i]
        label = i >= 2 and (doc[i - 2].like_num or len(doc[i - 2].text) <= 2)
        if (token.is_sent_start and token.text[:1].islower() and token.text[:1].isalpha()
                and doc[i - 1].text == "." and not label):  # "6.1. fostering" is an item
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def build_pipeline(model: str | None = None) -> Language:
    """The default pipeline, or an installed trained one (e.g. ``en_core_web_sm``)."""
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "textcat"])
        except OSError as err:
            raise UsageError(f"spaCy pipeline '{model}' is not installed",
                             hint="install it, or leave out --model to use the offline "
                                  "default") from err
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("secure_sentence_repair")
    infixes = [*(nlp.Defaults.infixes or ()), _CAMEL_INFIX]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("secure_lookup_lemmatizer", last=True)
    return nlp


def normalise(nlp: Language, text: str) -> Doc:
    """Tokenise and lemmatize only: what phrase patterns need to be compiled."""
    lemmatizer: Any = nlp.get_pipe("secure_lookup_lemmatizer")
    result: Doc = lemmatizer(nlp.make_doc(text))
    return result
