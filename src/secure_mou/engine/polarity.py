"""Polarity and modality: does a clause require, permit, prohibit or only mention X?

Decided from the tokens of one clause, around the position of the focus term (the
subject matter, e.g. "discipline") and the agent (e.g. the officer):

- the governing cue is the nearest modal before the focus ("shall", "may", "is
  responsible for", "agrees to"), or after it for passives ("discipline shall not be
  administered by the SRO");
- negations are counted where they bear on the focus: subject negators before the cue
  ("No SRO shall", "Nothing in this Agreement shall", "Under no circumstances will"),
  negators and preventing verbs between the cue and the focus ("shall not", "shall have
  no role in", "is prohibited from", "shall refrain from", "minimize"), and exclusions of
  the agent ("administrators, not the SRO", "rather than the SRO");
- an odd count prohibits; an even, non-zero count is a double negation and permits
  ("nothing shall prevent the SRO from ..."); a negated obligation ("is not required
  to", "need not") permits;
- an exception ("unless requested by the principal") that re-opens what was prohibited
  turns the prohibition into a permission, when the rule says which terms re-open it.

Every decision comes with a one-line reason, shown by ``secure-mou explain``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..rulebook.model import Polarity

MODALS = frozenset({"shall", "will", "must", "may", "should", "can", "could", "would"})
# Nouns that bind only as "duties include ...", "responsibilities are ...".
NOUN_CUES = frozenset({"responsibility", "responsibilities", "duty", "duties", "obligation",
                       "obligations"})
REQUIRE_CUES = frozenset({
    "shall", "will", "must", "should", "agree", "agrees", "responsible", "obligated",
    "required", "requires", "require", "ensure", "ensures", "commit", "commits",
    "undertake", "undertakes", "expected", "mandatory", "mandated", "entails",
})
PERMIT_CUES = frozenset({
    "may", "can", "could", "might", "authorized", "authorised", "permitted", "allowed",
    "entitled", "discretion", "option", "optional", "encouraged",
})
# A negated obligation is a permission, not a prohibition.
NEED_CUES = frozenset({"required", "requires", "require", "obligated", "obligation",
                       "obligations", "mandatory", "mandated", "need", "needn", "expected"})
NEGATORS = frozenset({"not", "n't", "n’t", "no", "never", "nothing", "neither", "nor", "none",
                      "cannot"})
SUBJECT_NEGATORS = frozenset({"no", "nothing", "neither", "never", "none"})
# Verbs (lemmas) that put their object out of bounds, like a negation does.
PREVENTERS = frozenset({
    "prohibit", "prevent", "preclude", "forbid", "refrain", "avoid", "abstain", "bar",
    "minimize", "minimise", "reduce", "limit", "restrict", "exclude", "divert", "curtail",
})
# Exclusions of the agent: "administrators, not the SRO", "rather than SROs".
AGENT_EXCLUDERS = (("rather", "than"), ("instead", "of"), ("other", "than"),
                   ("in", "lieu", "of"), ("not", "by"), ("not",))
NEGATED_SITUATIONS = (("under", "no", "circumstance"), ("in", "no", "event"),
                      ("at", "no", "time"), ("in", "no", "case"))
REPLACERS = (("alternative", "to"), ("in", "lieu", "of"), ("instead", "of"),
             ("rather", "than"))
SUBORDINATORS = frozenset({"when", "if", "who", "which", "whose", "where", "while",
                           "because", "until", "unless", "except", "provided", "whether"})
SUBORDINATE_OPENERS = frozenset({"when", "whenever", "if", "where", "while", "because",
                                 "although", "until", "since", "after", "before"})
GATES = frozenset({"before", "until", "unless", "if", "whenever"})
EXCEPTION_MARKERS = frozenset({"except", "unless", "provided", "excluding"})


@dataclass(frozen=True)
class Decision:
    polarity: Polarity
    reason: str
    exception: str | None = None  # text of an exception clause, if any


@dataclass(frozen=True)
class ClauseTokens:
    """The clause as the polarity logic sees it: lowercase words and their lemmas."""

    lower: Sequence[str]
    lemma: Sequence[str]

    def asides(self, before: int) -> frozenset[int]:
        """Positions inside comma-enclosed asides that end before ``before``: in "The SRO
        shall not, in the performance of official duties, enforce ...", the aside's words
        neither govern nor negate what follows it."""
        commas = [i for i, w in enumerate(self.lower[:before]) if w == ","]
        inside: set[int] = set()
        for a, b in zip(commas, commas[1:], strict=False):
            # a segment holding a modal is a clause of the sentence, not an aside
            # ("Each August, the Superintendent will give every principal, ...")
            if a > 0 and not MODALS.intersection(self.lower[a:b]):
                inside.update(range(a, b + 1))
        return frozenset(inside)

    def has_phrase(self, phrase: tuple[str, ...], start: int, end: int) -> int | None:
        n = len(phrase)
        for i in range(max(start, 0), min(end, len(self.lemma)) - n + 1):
            if tuple(self.lemma[i:i + n]) == phrase or tuple(self.lower[i:i + n]) == phrase:
                return i
        return None


def _cue_kind(tokens: ClauseTokens, i: int) -> str | None:
    word = tokens.lower[i]
    after = tokens.lower[i + 1] if i + 1 < len(tokens.lower) else ""
    if word in NOUN_CUES:
        # "the SRO's duties include", "Duties of the SRO:" (a lead-in), but not "in the
        # performance of official duties"
        lead_in = bool(tokens.lower) and tokens.lower[-1] == ":"
        # "discipline is the (sole) responsibility of the principal"
        assigned = after == "of" and any(w in COPULAS for w in tokens.lower[max(i - 3, 0):i])
        return "require" if lead_in or assigned or after in (
            "", ":", "include", "includes", "including", "are", "is", "shall", "will") else None
    if word in REQUIRE_CUES:
        return "require"
    if word in PERMIT_CUES:
        return "permit"
    if after in ("n't", "n’t"):  # won't, shan't, can't, needn't
        return {"wo": "require", "sha": "require", "need": "require",
                "ca": "permit"}.get(word)
    if word == "need" and after == "not":
        return "require"
    return None


def find_cue(tokens: ClauseTokens, focus: int) -> tuple[int, str] | None:
    """The modal governing the focus: nearest before it, else nearest after it.

    A framing cue followed by "that" ("the parties agree that handcuffs shall not be
    used") hands over to the modal of the embedded clause, even after the focus."""
    aside = tokens.asides(focus)
    for i in range(min(focus, len(tokens.lower)) - 1, -1, -1):
        if i in aside:
            continue
        kind = _cue_kind(tokens, i)
        if kind and _in_relative_clause(tokens, i):
            continue  # "behavior that can be handled by staff" says nothing of the agent
        if kind:
            if i + 1 < len(tokens.lower) and tokens.lower[i + 1] == "that":
                for j in range(i + 2, len(tokens.lower)):
                    inner = _cue_kind(tokens, j)
                    if inner:
                        return j, inner
            return i, kind
    for i in range(focus, len(tokens.lower)):
        kind = _cue_kind(tokens, i)
        if kind and any(tokens.lower[j] in RELATIVES for j in range(max(i - 2, 0), i)):
            continue  # "… any event that could cause concern": the relative clause's own
        if kind:
            return i, kind
    return None


# list labels that stand before a clause's subject: "(a)", "iv", "b"
_LABEL = re.compile(r"^(?:[a-h]|[ivx]{1,4})$")

RELATIVES = frozenset({"that", "which", "who", "whom", "whose"})


def _in_relative_clause(tokens: ClauseTokens, i: int) -> bool:
    """A modal right after a relative pronoun that follows a noun ("behavior that can
    be handled") belongs to a relative clause, unless an earlier modal governs the
    sentence ("shall ensure that ..." is a complement, not a relative clause)."""
    for back in (1, 2):
        j = i - back
        if j >= 1 and tokens.lower[j] in RELATIVES:
            before = tokens.lower[j - 1]
            return _cue_kind(tokens, j - 1) is None and before not in (
                "so", "such", "provided", "understand", "understands", "acknowledge",
                "acknowledges", "recognize", "recognizes", "mean", "means", "except",
                ",") and any(_cue_kind(tokens, k) for k in range(0, j))
    return False


def _subject_negations(tokens: ClauseTokens, cue: int) -> list[str]:
    found = []
    for phrase in NEGATED_SITUATIONS:
        if tokens.has_phrase(phrase, 0, cue) is not None:
            found.append(" ".join(phrase))
    if found:
        return found
    start = 0
    for i in range(cue - 1, -1, -1):
        if tokens.lower[i] == ",":
            start = i + 1
            break
    # "No SRO shall", "12.2 Nothing in this Agreement shall", "Neither X nor Y shall" (one
    # negation): the subject's first word, after any clause number or list label; a "no"
    # further in ("An SRO with no training shall not") is no negation of the sentence.
    first = next((k for k in range(start, cue) if tokens.lower[k].isalpha()
                  and not _LABEL.match(tokens.lower[k])), None)
    found = [tokens.lower[first]] if first is not None \
        and tokens.lower[first] in SUBJECT_NEGATORS and not _comparative(tokens, first) else []
    # "is not responsible for", "shall not be required to": negation just before the cue
    found += [w for k, w in enumerate(tokens.lower[max(start, cue - 3):cue], max(start, cue - 3))
              if w in ("not", "n't") and not _not_limited(tokens, k)]
    return found


def _comparative(tokens: ClauseTokens, i: int) -> bool:
    """"not later than June 15", "no fewer than two": a limit, not a negation."""
    nxt = tokens.lower[i + 1:i + 3]
    return len(nxt) == 2 and nxt[1] == "than" and nxt[0] in (
        "later", "earlier", "less", "more", "fewer", "sooner", "greater")


def _between_negations(tokens: ClauseTokens, start: int, end: int) -> list[str]:
    found = []
    aside = tokens.asides(end)
    for i in range(start, end):
        if i in aside:
            continue
        word, lemma = tokens.lower[i], tokens.lemma[i]
        if word in SUBORDINATORS:
            break
        if word in RELATIVES and i > start and _cue_kind(tokens, i - 1) is None:
            break  # "behavior that is not violent": the relative clause's own negation
        if word in NEGATORS and word != "nor":
            if (word == "not" and i + 1 < len(tokens.lower)
                    and tokens.lower[i + 1] == "only") or _comparative(tokens, i) \
                    or _not_limited(tokens, i):
                continue
            found.append(word)
        elif (lemma in PREVENTERS or word in PREVENTERS) and not _restricts_to(tokens, i):
            found.append(lemma)
    return found


def _not_limited(tokens: ClauseTokens, i: int) -> bool:
    """"including but not (be) limited to": a list that is open, not a negation."""
    words = tokens.lower
    k = i + 1 + (i + 1 < len(words) and words[i + 1] == "be")
    return words[i] == "not" and k + 1 < len(words) and words[k] == "limited" \
        and words[k + 1] == "to"


def _restricts_to(tokens: ClauseTokens, i: int) -> bool:
    """"limited to protecting safety": the words after "to" are what is allowed."""
    return tokens.lemma[i] in ("limit", "restrict", "confine") and \
        i + 1 < len(tokens.lower) and tokens.lower[i + 1] == "to"


def _negations_before(tokens: ClauseTokens, focus: int) -> list[str]:
    """Without a modal: negations between the focus and the nearest boundary before it
    ("Students keep their rights while at school, and Title VI prohibits X")."""
    found = []
    for i in range(focus - 1, -1, -1):
        word, lemma = tokens.lower[i], tokens.lemma[i]
        if word in SUBORDINATORS or (word in ("and", "but") and i and tokens.lower[i - 1] == ","):
            break
        if word in NEGATORS and word != "nor" and not _comparative(tokens, i):
            found.append(word)
        elif (lemma in PREVENTERS or word in PREVENTERS) and not _restricts_to(tokens, i):
            found.append(lemma)
    return found


COPULAS = frozenset({"is", "are", "be", "been", "being", "was", "were", "remain", "remains"})


def _passive_ban_after(tokens: ClauseTokens, focus: int) -> list[str]:
    """"Restraint of students is prohibited": a passive ban after the focus."""
    for i in range(focus + 1, len(tokens.lower)):
        if tokens.lower[i] in SUBORDINATORS:
            break
        if tokens.lemma[i] in PREVENTERS and tokens.lower[i - 1] in COPULAS | {"strictly"}:
            return [tokens.lemma[i]]
    return []


def _agent_excluded(tokens: ClauseTokens, agents: Sequence[int]) -> str | None:
    for a in agents:
        for phrase in AGENT_EXCLUDERS:
            n = len(phrase)
            for back in (n, n + 1):  # allow one determiner: "not the SRO"
                i = a - back
                if i >= 0 and tuple(tokens.lower[i:i + n]) == phrase:
                    return " ".join(phrase)
    return None


def decide(tokens: ClauseTokens, focus: int, agents: Sequence[int] = (),
           inherited: Decision | None = None, reopen_positions: Sequence[int] = ()
           ) -> Decision:
    """Decide the polarity of the clause toward the token at ``focus``.

    ``inherited`` is the decision of a lead-in ("The SRO shall not:") or of the section
    heading, used when the clause has no cue of its own. ``reopen_positions`` are token
    positions of terms that re-open a prohibition when they stand in an exception.
    """
    cue = find_cue(tokens, focus)
    negations: list[str] = []
    exclusion = _agent_excluded(tokens, agents)
    if cue is None:
        negations = _negations_before(tokens, focus) + _passive_ban_after(tokens, focus)
        if exclusion:
            negations.append(exclusion)
        base, base_reason = None, "no modal"
        if not negations and inherited is not None:
            return Decision(inherited.polarity, f"inherits: {inherited.reason}")
    else:
        at, kind = cue
        opener = _leading_condition(tokens, focus, at)
        if opener is not None:
            # "If a student is arrested, the SRO shall notify the parents": the modal
            # commits to the notice, not to the arrest in the condition before it
            return Decision(Polarity.MENTIONS, f"focus in a condition opened by '{opener}'")
        own = _subordinate_subject(tokens, at, agents)
        if own is not None:
            # "The SRO will not arrest a student when the school could handle it as a
            # discipline matter": that modal speaks for the school, not the officer
            return Decision(Polarity.MENTIONS, f"the modal '{tokens.lower[at]}' is in a "
                            f"clause opened by '{own}' with a subject of its own")
        aside = tokens.asides(focus)
        gate = next((tokens.lower[k] for k in range(at + 1, focus)
                     if tokens.lower[k] in GATES and k not in aside), None)
        if gate is not None:
            # "shall consider alternatives before making any arrest": the modal does not
            # reach a focus inside a temporal or conditional clause
            return Decision(Polarity.MENTIONS, f"focus in a clause opened by '{gate}'")
        base, base_reason = kind, f"cue '{tokens.lower[at]}'"
        negations = _subject_negations(tokens, at)
        lo, hi = (at + 1, focus) if at < focus else (focus + 1, min(at + 4, len(tokens.lower)))
        negations += _between_negations(tokens, lo, hi)
        if exclusion and exclusion not in negations:
            negations.append(exclusion)
    if tokens.has_phrase(("last", "resort"), 0, len(tokens.lemma)) is not None:
        negations.append("last resort")
    # "alternatives to arrest", "in lieu of citation": the focus is what is avoided
    for phrase in REPLACERS:
        found_at = tokens.has_phrase(phrase, max(focus - len(phrase) - 2, 0), focus)
        if found_at is not None and " ".join(phrase) not in negations:
            negations.append(" ".join(phrase))

    count = len(negations)
    neg_text = f" + {', '.join(repr(n) for n in negations)}" if negations else ""
    if count % 2 == 1:
        if cue is not None and tokens.lower[cue[0]] in NEED_CUES and cue[0] < focus:
            polarity = Polarity.PERMITS  # "is not required to" / "need not"
        else:
            polarity = Polarity.PROHIBITS
    elif count:
        polarity = Polarity.PERMITS  # double negation
    elif base == "require":
        polarity = Polarity.REQUIRES
    elif base == "permit":
        polarity = Polarity.PERMITS
    elif inherited is not None:
        return Decision(inherited.polarity, f"inherits: {inherited.reason}")
    else:
        polarity = Polarity.MENTIONS
    reason = f"{base_reason}{neg_text} -> {polarity.value}"

    span = _exception(tokens, cue[0] if cue is not None else focus)
    if span is not None and polarity is Polarity.PROHIBITS:
        start, end = span
        text = " ".join(tokens.lower[start:end])
        if any(start < p < end for p in reopen_positions):
            return Decision(Polarity.PERMITS, f"{reason}; exception re-opens it -> permits",
                            exception=text)
        return Decision(polarity, reason, exception=text)
    return Decision(polarity, reason)


CONDITION_OPENERS = frozenset({"if", "when", "whenever", "where", "unless", "until",
                               "once", "after", "before", "should"})


def _leading_condition(tokens: ClauseTokens, focus: int, cue: int) -> str | None:
    """The opener of a condition that holds the focus and ends before the modal after
    it ("If …, the SRO shall …"), else None."""
    if cue <= focus:
        return None
    words = tokens.lower
    start = next((k for k in range(min(focus, len(words))) if words[k].isalpha()
                  and not _LABEL.match(words[k])), None)
    if start is None or words[start] not in CONDITION_OPENERS:
        return None
    if words[start] == "should" and focus - start > 12:
        return None
    close = next((k for k in range(focus, cue) if words[k] == ","), None)
    return words[start] if close is not None else None


def _subordinate_subject(tokens: ClauseTokens, cue: int, agents: Sequence[int]) -> str | None:
    """The subordinator between the agent and the modal, when the modal has a subject of
    its own after it ("when the school could ..."), else None."""
    before = [a for a in agents if a < cue]
    if not before:
        return None
    for k in range(max(before) + 1, cue - 1):
        if tokens.lower[k] in SUBORDINATE_OPENERS and any(
                tokens.lower[j].isalpha() for j in range(k + 1, cue)):
            return tokens.lower[k]
    return None


def _exception(tokens: ClauseTokens, after: int) -> tuple[int, int] | None:
    """The exception phrase after the modal ("unless requested by the principal"), up to
    the next comma; a leading "Except as provided by law, ..." qualifies everything."""
    words = tokens.lower
    for i in range(after + 1, len(words)):
        if words[i] in EXCEPTION_MARKERS and not (
                words[i] == "provided" and (i + 1 >= len(words) or words[i + 1] != "that")):
            end = next((k for k in range(i + 1, len(words)) if words[k] == ","), len(words))
            return i, end
    return None
