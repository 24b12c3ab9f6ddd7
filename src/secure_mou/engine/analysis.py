"""A document analysed once for every rule: clauses, lead-ins, term hits, aliases.

Blocks go through spaCy once (``nlp.pipe``). Each sentence is cut into clauses at
semicolons, colons, "but"/"however" and a conjunction that starts a new modal ("and
shall not"). A clause after a colon, and every list item after a paragraph that ends in a
colon ("The SRO shall not:"), keeps a link to its lead-in so that it inherits the lead-in's
terms and modality. Term sets are matched on lemma (``norm_``) with a PhraseMatcher and a
token Matcher; terms the agreement defines for a party role (``the "Deputy"``) are added.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from ..documents.model import Block, BlockKind, Document
from ..rulebook.model import Polarity
from .nlp import normalise, repair_ocr
from .polarity import NEGATORS, PERMIT_CUES, REQUIRE_CUES, ClauseTokens, Decision

_CUES = REQUIRE_CUES | PERMIT_CUES
_LIST_MARK = re.compile(r"^(?:[a-z]{1,2}|[ivx]{1,4}|\d{1,2})$")
_DEFINITION = re.compile(
    r"^\s*(?:\(?[a-z0-9]{1,3}[.)]\s*)?[\"“][^\"”]{1,60}[\"”]\s*(?:,\s*)?(?:shall\s+)?"
    r"(?:means?|refers?\s+to|is\s+defined|includes?|shall\s+include)\b",
    re.IGNORECASE,
)
_ALIAS = re.compile(
    r"(?P<term>[A-Z][\w.&'’\- ]{1,90}?)\s*[,(]\s*(?:the\s+|an?\s+|hereinafter\s+"
    r"(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|collectively\s*,?\s*(?:the\s+)?|"
    r"individually\s+and\s+collectively\s*,?\s*(?:the\s+)?)?[\"“](?P<alias>[^\"”]{2,40})[\"”]"
)
_HEADING_PROHIBITS = re.compile(r"\b(?:prohibit\w*|restrictions?|limitations?|shall not|"
                                r"not permitted|may not|excluded|outside)\b", re.IGNORECASE)
_HEADING_REQUIRES = re.compile(r"\b(?:duty|duties|responsibilit\w*|roles?|functions?|"
                               r"obligations?|expectations?|shall)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Alias:
    alias: str
    term: str
    role_set: str
    block: int


@dataclass
class Clause:
    id: int
    block: int
    sentence: int
    start: int  # token offsets in the block's Doc
    end: int
    lead_in: int | None = None
    # "..., and shall not enforce ...": the clause before holds the elided subject
    subject_from: int | None = None
    terms: dict[str, list[int]] = field(default_factory=dict)  # term set -> token starts


@dataclass
class Analysis:
    document: Document
    docs: list[Doc]
    clauses: list[Clause]
    sentences: list[list[int]]  # sentence id -> clause ids
    definitions: set[int]  # sentence ids that define terms
    aliases: list[Alias]
    term_index: dict[str, set[int]]  # term set -> clause ids holding it
    _tokens: dict[int, ClauseTokens] = field(default_factory=dict)
    _heading_decisions: dict[int, Decision | None] = field(default_factory=dict)

    def block(self, clause: Clause) -> Block:
        return self.document.blocks[clause.block]

    def text(self, clause: Clause) -> str:
        return self.docs[clause.block][clause.start:clause.end].text

    def sentence_text(self, sentence: int) -> str:
        ids = self.sentences[sentence]
        first, last = self.clauses[ids[0]], self.clauses[ids[-1]]
        return self.docs[first.block][first.start:last.end].text

    def tokens(self, clause: Clause) -> ClauseTokens:
        if clause.id not in self._tokens:
            span = self.docs[clause.block][clause.start:clause.end]
            self._tokens[clause.id] = ClauseTokens(
                lower=[t.lower_ for t in span], lemma=[t.norm_ for t in span])
        return self._tokens[clause.id]

    def heading_decision(self, clause: Clause) -> Decision | None:
        """List items under "Duties of the SRO" require; under "Prohibited Activities"
        they prohibit. Only for list items and table cells without a lead-in."""
        block = self.block(clause)
        if block.kind not in (BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
            return None
        if clause.block not in self._heading_decisions:
            heading = (block.location.section or "").split(" > ")[-1]
            decision = None
            if heading and _HEADING_PROHIBITS.search(heading):
                decision = Decision(Polarity.PROHIBITS, f"section heading '{heading}'")
            elif heading and _HEADING_REQUIRES.search(heading):
                decision = Decision(Polarity.REQUIRES, f"section heading '{heading}'")
            self._heading_decisions[clause.block] = decision
        return self._heading_decisions[clause.block]

    def is_recital(self, clause: Clause) -> bool:
        return self.block(clause).kind == BlockKind.RECITAL

    def is_definition(self, clause: Clause) -> bool:
        if clause.sentence in self.definitions:
            return True
        return "definition" in (self.block(clause).location.section or "").lower()


def _starts_clause(word: Callable[[int], str], i: int) -> bool:
    """Whether a new clause starts at token ``i`` (not at a semicolon or colon)."""
    w = word(i)
    if w in (",", "but") and _not_limited(word, i + 1 if w == "," else i):
        return False  # "shall include, but not be limited to, …": one clause
    if w == "," and word(i + 1) in ("but", "however", "whereas", "while"):
        return True
    if w == "but":
        return word(i - 1) != ","
    if w in ("and", "or"):
        # "and shall not ...", "and not to ...", ", and the SRO shall ..."
        return (word(i + 1) in _CUES
                or (word(i + 1) in NEGATORS and word(i + 2) in _CUES)
                or (word(i - 1) == "," and any(word(k) in _CUES for k in range(i + 1, i + 5))))
    return w == "(" and bool(_LIST_MARK.match(word(i + 1))) and word(i + 2) == ")"


def _not_limited(word: Callable[[int], str], i: int) -> bool:
    """"but not limited to", "but not be limited to" starting at token ``i``."""
    if word(i) != "but" or word(i + 1) != "not":
        return False
    k = i + 2 + (word(i + 2) == "be")
    return word(k) == "limited" and word(k + 1) == "to"


def _elided_subject(doc: Doc, start: int) -> bool:
    """"and shall not ...", "but will ...": a clause that begins with a conjunction and
    goes straight to its modal shares the subject of the clause before it."""
    words = [t.lower_ for t in doc[start:start + 4] if not t.is_punct][:3]
    if not words or words[0] not in ("and", "or", "but", "yet", "nor"):
        return False
    rest = words[1:]
    return bool(rest) and (rest[0] in _CUES or (rest[0] in NEGATORS and len(rest) > 1
                                                  and rest[1] in _CUES))


def _split_sentence(doc: Doc, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Cut a sentence into clauses: (start, end, ends_with_colon)."""
    lower = [t.lower_ for t in doc[start:end]]

    def word(k: int) -> str:
        return lower[k - start] if start <= k < end else ""

    cuts: list[tuple[int, int, bool]] = []
    begin = start
    for i in range(start, end):
        if i <= begin:
            continue
        w = word(i)
        if w in (";", ":"):
            cuts.append((begin, i + 1, w == ":"))
            begin = i + 1
        elif _starts_clause(word, i):
            cuts.append((begin, i, False))
            begin = i
    if begin < end:
        cuts.append((begin, end, False))
    return cuts


class InvalidPattern(ValueError):
    def __init__(self, termset: str, detail: str):
        super().__init__(detail)
        self.termset, self.detail = termset, detail


class TermMatcher:
    """Compiled term sets: one PhraseMatcher on lemmas and one token Matcher."""

    def __init__(self, nlp: Language,
                 termsets: dict[str, tuple[tuple[str, ...], tuple[tuple[dict[str, Any], ...],
                                                                   ...]]]):
        self.nlp = nlp
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.tokens = Matcher(nlp.vocab, validate=True)
        self.has_patterns = False
        # Rules often repeat a lexicon set under their own name: compile each distinct
        # set once and report a match under every name that shares it.
        self.names: dict[str, tuple[str, ...]] = {}
        by_content: dict[tuple[tuple[str, ...], str], list[str]] = {}
        for name, (phrases, patterns) in termsets.items():
            by_content.setdefault((phrases, repr(patterns)), []).append(name)
        all_phrases = sorted({p for phrases, _ in termsets.values() for p in phrases})
        docs = {p: normalise(nlp, p) for p in all_phrases}
        for names in by_content.values():
            label = names[0]
            self.names[label] = tuple(names)
            phrases, patterns = termsets[label]
            if phrases:
                self.phrases.add(label, [docs[p] for p in phrases])
            if patterns:
                try:
                    self.tokens.add(label, [list(p) for p in patterns])
                except ValueError as err:  # spaCy's MatchPatternError
                    raise InvalidPattern(label, str(err).strip().splitlines()[-1]) from err
                self.has_patterns = True

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings, names = self.nlp.vocab.strings, self.names
        found = list(self.phrases(doc))
        if self.has_patterns:
            found += self.tokens(doc)
        return [(name, s, e) for m, s, e in found for name in names[strings[m]]]


# "School liaison officer" or "SLO" means ... / "SLO" means a school liaison officer ...
_MEANS_ALIAS = re.compile(
    r"[\"“](?P<term>[^\"”]{2,60})[\"”]\s*(?:,\s*)?(?:or|and)\s+(?:the\s+)?[\"“]"
    r"(?P<alias>[^\"”]{2,40})[\"”]\s+(?:shall\s+)?(?:means?|refers?\s+to)\b")
_MEANS = re.compile(r"^\W{0,3}[\"“](?P<alias>[^\"”]{2,40})[\"”]\s+(?:shall\s+)?"
                    r"(?:means?|refers?\s+to)\s+(?P<term>(?:\S+\s+){1,8})")


def _find_aliases(nlp: Language, matcher: TermMatcher, blocks: tuple[Block, ...],
                  roles: dict[str, str]) -> list[Alias]:
    """Terms the agreement defines for a party role: ``Sheriff's Office (the "Agency")``."""
    found: list[Alias] = []
    for index, block in enumerate(blocks):
        if "“" not in block.text and '"' not in block.text:
            continue
        matches = [(m, True) for m in _ALIAS.finditer(block.text)]
        matches += [(m, True) for m in _MEANS_ALIAS.finditer(block.text)]
        if m := _MEANS.match(block.text):
            matches.append((m, False))  # '"SLO" means a school liaison officer ...'
        for m, head_last in matches:
            term, alias = m.group("term"), m.group("alias").strip()
            # The longest role phrase names the party ("School Resource Officer" is an
            # officer although "School" alone names the district); on a tie, the one
            # nearest the alias: last before it ("The Department shall assign a deputy,
            # hereinafter ..."), first after "means".
            spans = [(e - s, e if head_last else -s, label)
                     for label, s, e in matcher(nlp(term)) if label in roles]
            if spans:
                found.append(Alias(alias=alias, term=term.strip(), role_set=max(spans)[2],
                                   block=index))
    return found


def analyse(nlp: Language, matcher: TermMatcher, document: Document,
            roles: dict[str, str]) -> Analysis:
    """Analyse ``document``; ``roles`` maps role term-set names to role names."""
    texts = [repair_ocr(b.text) for b in document.blocks]
    docs = list(nlp.pipe(texts, batch_size=256))
    aliases = _find_aliases(nlp, matcher, document.blocks, roles)
    alias_matcher = None
    if aliases:
        alias_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for a in aliases:
            alias_matcher.add(a.role_set, [nlp.make_doc(a.alias)])

    clauses: list[Clause] = []
    sentences: list[list[int]] = []
    definitions: set[int] = set()
    term_index: dict[str, set[int]] = defaultdict(set)
    open_lead_in: int | None = None  # clause id of a block-level lead-in ("... shall:")
    # lead-ins opened by list items, by nesting depth: "B. Enforce …, except:" opens a
    # list at depth 1 that ends when item "C." (depth 0) arrives
    nested: list[tuple[int, int]] = []
    for b, (block, doc) in enumerate(zip(document.blocks, docs, strict=True)):
        if block.kind == BlockKind.HEADING:
            open_lead_in = None
            nested = []
            continue
        if block.kind == BlockKind.LIST_ITEM and block.list_level is not None:
            while nested and nested[-1][0] >= block.list_level:
                nested.pop()
            open_lead_in = nested[-1][1] if nested else open_lead_in
        block_lead_in = open_lead_in if block.kind == BlockKind.LIST_ITEM else None
        if block.kind != BlockKind.LIST_ITEM:
            open_lead_in = None
            nested = []
        first_clause = len(clauses)
        for sent in doc.sents:
            sid = len(sentences)
            ids: list[int] = []
            colon_lead: int | None = None
            if _DEFINITION.match(sent.text):
                definitions.add(sid)
            for start, end, colon in _split_sentence(doc, sent.start, sent.end):
                cid = len(clauses)
                elided = bool(ids) and _elided_subject(doc, start)
                clauses.append(Clause(id=cid, block=b, sentence=sid, start=start, end=end,
                                      lead_in=colon_lead if colon_lead is not None
                                      else block_lead_in,
                                      subject_from=ids[-1] if elided else None))
                ids.append(cid)
                if colon:
                    colon_lead = cid
            sentences.append(ids)
        # A body block ending with ":" opens a lead-in for the list items that follow.
        # A list item that itself ends with ":" opens a nested list.
        if block.text.rstrip().endswith(":") and len(clauses) > first_clause:
            if block.kind == BlockKind.LIST_ITEM and block.list_level is not None:
                if not nested and block_lead_in is not None:
                    nested.append((-1, block_lead_in))  # the body lead-in above the list
                nested.append((block.list_level, len(clauses) - 1))
            open_lead_in = len(clauses) - 1

        hits = matcher(doc)
        if alias_matcher is not None:
            strings = nlp.vocab.strings
            hits += [(strings[m], s, e) for m, s, e in alias_matcher(doc)]
        if hits:
            starts = [c.start for c in clauses[first_clause:]]
            for label, s, _ in hits:
                k = first_clause + max(bisect.bisect_right(starts, s) - 1, 0)
                clause = clauses[k]
                clause.terms.setdefault(label, []).append(s)
                term_index[label].add(k)
    return Analysis(document=document, docs=docs, clauses=clauses, sentences=sentences,
                    definitions=definitions, aliases=aliases, term_index=dict(term_index))
