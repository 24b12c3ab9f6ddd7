"""Clause frames: who does what, with what force, to whom.

Co-occurring words decide nothing ("the Department shall discipline SROs" and "the SRO
shall discipline students" share every term), so a rule can ask of the clause that
holds its focus term:

- the **actor**: the party the governing modal speaks for, read from the grammatical
  subject before it (the head noun, not a possessor: "the SRO's supervisor" is the
  agency), from a passive's "by the principal", from "is the responsibility of X", from
  a list's lead-in ("The SRO shall:" then "(a) …") or the clause holding an elided
  subject ("…, and shall not …"). A duty item with no subject and no lead-in ("To
  enforce criminal laws …") has the actor ``unstated``;
- the **force**: ``purpose`` when the sentence states a purpose, goal, mission or belief
  ("The goals of this MOU are to …"), which commits no one; otherwise the polarity the
  engine decides (``polarity.decide``);
- **what the act is done to**: the party named right after the focus term ("discipline
  SROs" is done to officers, and says nothing of students).

Without a trained parser this works on word order and the term sets' hits, the same
way for every document; ``secure-mou explain`` prints each frame.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .polarity import ClauseTokens, find_cue

# Lexicon term sets that name a party, and the role each names.
ROLE_SETS: Mapping[str, str] = {
    "officer": "officer", "administrator": "school", "district": "district",
    "agency": "agency", "student": "student", "parent": "parent",
}
ROLES = frozenset({*ROLE_SETS.values(), "unstated", "parties"})
# Heads that name a person of the agency or of the school though no term set lists them.
_AGENCY_HEADS = frozenset({"chief", "sheriff", "supervisor", "supervisors", "commander",
                           "sergeant", "lieutenant", "captain", "commissioner", "llea",
                           "lea", "undersheriff"})
_SCHOOL_HEADS = frozenset({"superintendent", "principal", "principals", "board", "teacher",
                           "teachers", "counselor", "counselors", "designee"})
_PARTIES = frozenset({"parties", "party", "both"})
_ROLE_NOUNS = frozenset({"role", "roles", "job", "duty", "duties", "responsibility",
                         "responsibilities", "function", "functions", "mission", "task",
                         "tasks", "purpose", "obligation", "obligations", "focus"})
_EXCLUDE_BEFORE = (("not",), ("rather", "than"), ("instead", "of"), ("other", "than"),
                   ("and", "not"))
# Words after which the subject of an embedded clause starts.
_SUBJECT_OPENERS = frozenset({"that", ":", "whereby", "so"})
_LEADING = frozenset({"and", "or", "also", "further", "furthermore", "additionally",
                      "moreover", "however", "then", "thus", ",", "(", ")", ".", "-", "–"})
_LABEL = re.compile(r"^(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,3}(?:\.\d{1,3})*)$", re.IGNORECASE)
_PASSIVE_BY = frozenset({"by"})
# words that open a noun phrase, so a clause starting with one has a subject of its own
_NOUN_OPENERS = frozenset({"the", "a", "an", "all", "each", "every", "any", "no", "such",
                           "this", "these", "those", "its", "their", "his", "her", "our",
                           "some", "both", "either", "neither", "school", "student",
                           "students", "discipline", "disciplining", "nothing"})
# lead-in verbs whose list items are acts of their own ("shall perform the following:")
_GENERIC_LEAD_ACTS = frozenset({"perform", "include", "includes", "including", "undertake",
                                "have", "carry", "do", "assume", "fulfill", "discharge",
                                "following", "duties", "responsibilities", "be", "act",
                                "serve", "provide", "agree", "agrees"})
# a "by" after these belongs to an exception or condition, not to the passive
_STOP_PASSIVE = frozenset({"unless", "except", "when", "if", "upon", "without", "until",
                           "request", "requested"})
_COPULAS = frozenset({"is", "are", "be", "been", "being", "was", "were", "remain", "remains"})

PURPOSE = re.compile(
    r"^\W*(?:(?:[a-z0-9]{1,4}[.)]\s+)+)?(?:the\s+)?(?:(?:primary|main|overall|general|"
    r"overarching|principal|stated|shared)\s+)?(?:purpose|purposes|goal|goals|mission|"
    r"objective|objectives|aim|aims|intent|vision|philosophy)\b(?:(?!\b(?:shall|will|"
    r"must)\b)[^.;:]){0,120}?\b(?:is|are|include|includes|shall\s+be|will\s+be)\b"
    r"|^\W*(?:(?:[a-z0-9]{1,4}[.)]\s+)+)?(?:it\s+is\s+the\s+)?(?:intent|goal|purpose|"
    r"mission)\s+of\b"
    r"|^\W*(?:(?:[a-z0-9]{1,4}[.)]\s+)+)?(?:the\s+)?(?:parties|district|department|"
    r"agency|board)\s+(?:also\s+)?(?:believe|believes|share\s+the\s+goal|hope|hopes|"
    r"envision|envisions)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Frame:
    actor: frozenset[str]  # roles; empty when no party is named
    actor_text: str
    purpose: bool
    done_to: frozenset[str]  # roles named right after the focus term
    act: int | None = None  # clause-relative position of the main verb ("shall *notify*")
    act_word: str = ""
    act_from_lead: bool = False  # the act is the lead-in's ("Notify X of the following:")

    def describe(self) -> str:
        who = "/".join(sorted(self.actor)) or "no party"
        shown = f" (\"{self.actor_text}\")" if self.actor_text else ""
        extra = "; states a purpose" if self.purpose else ""
        to = f"; done to {'/'.join(sorted(self.done_to))}" if self.done_to else ""
        act = f"; act \"{self.act_word}\"" if self.act_word else ""
        return f"actor {who}{shown}{act}{to}{extra}"


def _is_label(words: Sequence[str], k: int) -> bool:
    """"(a)", "iv.", "5.15": a list or clause label, not a word of the clause."""
    if not _LABEL.match(words[k]):
        return False
    after = words[k + 1] if k + 1 < len(words) else ""
    before = words[k - 1] if k else ""
    return after in (".", ")") or before == "(" or words[k][0].isdigit()


# A goals statement that only lists what the agreement is about: "The goals of this MOU
# are to establish procedures … concerning …; to address …" commits to none of it.
TOPIC_LIST = re.compile(
    r"\b(?:establish(?:es|ing)?\s+(?:the\s+)?(?:procedures|guidelines|protocols)|"
    r"procedures\s+and\s+guidelines|with\s+respect\s+to|to\s+address|sets?\s+forth|"
    r"to\s+outline|to\s+describe|to\s+clarify|to\s+define|inter\s+alia)\b",
    re.IGNORECASE)


def is_purpose(sentence: str) -> bool:
    return bool(PURPOSE.search(sentence))


def is_topic_list(sentence: str) -> bool:
    """A statement of purpose that only names the topics the agreement covers."""
    return is_purpose(sentence) and bool(TOPIC_LIST.search(sentence))


def _roles_at(role_hits: Mapping[int, str], lo: int, hi: int) -> list[tuple[int, str]]:
    return sorted((p, r) for p, r in role_hits.items() if lo <= p < hi)


def _excluded(tokens: ClauseTokens, pos: int) -> bool:
    for phrase in _EXCLUDE_BEFORE:
        n = len(phrase)
        for back in (n, n + 1):  # one determiner between: "not the SRO"
            i = pos - back
            if i >= 0 and tuple(tokens.lower[i:i + n]) == phrase:
                return True
    return False


# Openers of an introductory phrase or aside, not of a subject: "Contingent upon
# approval by the agency, the SRO will …", "In an emergency, the principal shall …".
_INTRODUCERS = frozenset({
    "in", "during", "upon", "on", "contingent", "when", "whenever", "if", "as", "with",
    "for", "under", "to", "except", "unless", "notwithstanding", "subject", "pursuant",
    "consistent", "after", "before", "while", "where", "at", "by", "within", "without",
    "absent", "once", "following", "prior", "because", "since", "although", "though",
    "like", "through", "throughout", "regardless", "depending", "given", "until"})


def subject_span(tokens: ClauseTokens, cue: int) -> tuple[int, int]:
    """The words standing for the subject of the modal at ``cue``: after an embedded
    clause's "that", past introductory phrases and asides set off by commas."""
    words = tokens.lower
    start = 0
    for i in range(cue - 1, -1, -1):
        if words[i] in _SUBJECT_OPENERS and not (words[i] == ":" and i == len(words) - 1):
            start = i + 1
            break
    # comma-separated segments; the subject is the last one that is not an introductory
    # phrase or an aside ("The SRO, in the course of duties, shall" -> "The SRO")
    bounds = [start, *[k + 1 for k in range(start, cue) if words[k] == ","], cue]
    segments = [(a, b - 1 if b != cue else b) for a, b in zip(bounds, bounds[1:],
                                                               strict=False)]
    chosen = segments[0] if segments else (start, cue)
    for a, b in reversed(segments):
        content = [w for k, w in enumerate(words[a:b], start=a) if w.isalpha()
                   and w not in _LEADING and not _is_label(words, k)]
        if content and content[0] not in _INTRODUCERS:
            chosen = (a, b)
            break
    lo, hi = chosen
    while lo < hi and (words[lo] in _LEADING or _is_label(words, lo)):
        lo += 1
    return lo, hi


def _head_roles(tokens: ClauseTokens, role_hits: Mapping[int, str], lo: int, hi: int
                ) -> tuple[frozenset[str], str]:
    """Roles of the subject's head: before "of"/"with"/a comma, after a possessive."""
    words = tokens.lower
    end = hi
    for k in range(lo, hi):
        if words[k] in ("of", "with", "who", "which", "that", ",", "(", "in", "at", "on",
                        "for", "under", "during", "upon", "when", "if"):
            # "Officers of the Department", "the SRO, in the performance of duties,"
            end = k
            break
    found = [(p, r) for p, r in _roles_at(role_hits, lo, end) if not _excluded(tokens, p)]
    if not found and end < hi and words[end] == "of" and set(words[lo:end]) & _ROLE_NOUNS:
        # "The primary role of the SRO is …", "the duties of the officer shall …"
        found = [(p, r) for p, r in _roles_at(role_hits, end + 1, min(end + 5, hi))]
    for k in range(lo, end):
        if words[k] in ("'s", "’s", "s'", "'") and any(p < k for p, _ in found):
            # "the SRO's supervisor": the possessor is not the head
            after = [(p, r) for p, r in found if p > k]
            head_word = next((words[j] for j in range(k + 1, end) if words[j].isalpha()), "")
            if after:
                found = after
            elif head_word in _AGENCY_HEADS:
                found = [(k, "agency")]
            elif head_word in _SCHOOL_HEADS:
                found = [(k, "school")]
    roles = {r for _, r in found}
    words_in = set(words[lo:end])
    if not roles:
        if words_in & _AGENCY_HEADS:
            roles.add("agency")
        if words_in & _SCHOOL_HEADS:
            roles.add("school")
    if words_in & _PARTIES:
        roles.add("parties")
    text = " ".join(w for w in words[lo:hi] if w not in ("(", ")"))
    return frozenset(roles), text


def _passive_agent(tokens: ClauseTokens, role_hits: Mapping[int, str], cue: int
                   ) -> frozenset[str] | None:
    """"shall be administered by the principal", "is the responsibility of the
    principal": the party after "by"/"responsibility of" is the actor."""
    words = tokens.lower
    n = len(words)
    copula = next((k for k in range(cue, min(cue + 4, n)) if words[k] in _COPULAS), None)
    if copula is None:
        return None
    for k in range(cue + 1, min(copula + 7, n - 1)):
        if words[k] in (";", ":", ",") or words[k] in _STOP_PASSIVE:
            break
        if words[k] in _PASSIVE_BY or (words[k] == "of" and words[k - 1] in (
                "responsibility", "responsibilities", "duty", "province", "purview",
                "domain", "discretion", "authority", "role", "job", "function")):
            roles = {r for p, r in _roles_at(role_hits, k + 1, min(k + 6, n))
                     if not _excluded(tokens, p)}
            nxt = set(words[k + 1:k + 4])
            if not roles and nxt & _AGENCY_HEADS:
                roles.add("agency")
            if not roles and nxt & _SCHOOL_HEADS:
                roles.add("school")
            if roles:
                return frozenset(roles)
    return None


def frame_at(tokens: ClauseTokens, focus: int, role_hits: Mapping[int, str],
             inherited: Frame | None, purpose: bool) -> Frame:
    """The frame of the predicate holding the token at ``focus`` (clause-relative
    positions; ``role_hits`` maps positions of party terms to their roles)."""
    cue = find_cue(tokens, focus)
    at = cue[0] if cue is not None else None
    words = tokens.lower
    if at is None:
        # no modal: "The SRO is an extension of the principal's office", "To enforce …",
        # "(a) enforce school rules" under "The SRO shall:"
        copula = next((k for k in range(min(focus, len(words))) if words[k] in _COPULAS),
                      None)
        first = next((k for k in range(len(words)) if words[k].isalpha()
                      and not _is_label(words, k)), 0)
        if copula is not None:
            lo, hi = subject_span(tokens, copula)
        elif words[first] == "to" or (first not in role_hits
                                      and words[first] not in _NOUN_OPENERS):
            # "To enforce …", "(a) assist the Principal in …": a duty item whose subject
            # is the list's (a party named after its verb is no subject)
            lo = hi = first
        else:
            # "Administrators look into every Code of Conduct matter"
            lo, hi = subject_span(tokens, max(focus, first))
        at = copula if copula is not None else hi
        roles, text = _head_roles(tokens, role_hits, lo, hi)
        if copula is not None:
            passive = _passive_agent(tokens, role_hits, copula)
            roles = passive if passive is not None else roles
        act = act_after(tokens, copula if copula is not None else lo)
        word = words[act] if act is not None else ""
        if not roles:
            if inherited is not None:
                if inherited.act is not None and inherited.act_word not in _GENERIC_LEAD_ACTS:
                    # the items of "Notify the Director of the following:" are what is
                    # notified, not acts of their own
                    return Frame(inherited.actor, inherited.actor_text,
                                 purpose or inherited.purpose,
                                 _done_to(tokens, role_hits, focus), inherited.act,
                                 inherited.act_word, act_from_lead=True)
                return Frame(inherited.actor, inherited.actor_text,
                             purpose or inherited.purpose, _done_to(tokens, role_hits, focus),
                             act, word)
            roles = frozenset({"unstated"})
        return Frame(roles, text, purpose, _done_to(tokens, role_hits, focus), act, word)
    lo, hi = subject_span(tokens, at)
    roles, text = _head_roles(tokens, role_hits, lo, hi)
    passive = _passive_agent(tokens, role_hits, at) if cue is not None else None
    if passive is not None:
        roles = passive
    elif text.split()[:1] in (["nothing"], ["no"]) and not roles:
        # "Nothing in this Agreement shall prevent the SRO from …": the party after the
        # preventing verb is the one acting
        after = [r for p, r in _roles_at(role_hits, at + 1, min(at + 6, focus + 1))]
        if after:
            roles = frozenset(after[:1])
    act = act_after(tokens, at)
    word = words[act] if act is not None else ""
    if not roles:
        # "(a) assist the principal …" under "The SRO shall:"; "…, and shall not …"
        if inherited is not None:
            return Frame(inherited.actor, inherited.actor_text, purpose or inherited.purpose,
                         _done_to(tokens, role_hits, focus), act, word)
        if not any(w.isalpha() for w in words[lo:hi]):
            roles = frozenset({"unstated"})
    return Frame(roles, text, purpose, _done_to(tokens, role_hits, focus), act, word)


# words between a modal and its main verb: "shall not also promptly be required to notify"
_AUXILIARY = frozenset({
    "not", "n't", "n’t", "also", "be", "been", "to", "immediately", "promptly", "always",
    "never", "only", "further", "then", "jointly", "mutually", "each", "both", "have",
    "has", "continue", "strive", "endeavor", "endeavour", "attempt", "seek", "agree",
    "agrees", "hereby", "generally", "normally", "ordinarily", "routinely", "expected",
    "required", "encouraged", "responsible", "for", "able", "willing", "make", "every",
    "effort", "efforts", "reasonable", "the", "a", "an", ",", "its", "their", "his", "her",
    "primarily", "solely", "directly", "actively", "regularly", "duly", "authorized",
    "permitted", "allowed", "is", "are", "will", "shall", "may", "must", "should", "can",
    "that", "all", "in", "good", "faith"})


def act_after(tokens: ClauseTokens, at: int) -> int | None:
    """The main verb after the modal (or the first word of a duty item)."""
    words = tokens.lower
    for k in range(at, min(at + 12, len(words))):
        if k == at and (words[k] in _COPULAS or _cue_word(words[k])):
            continue
        if words[k] in _AUXILIARY or _is_label(words, k) or not words[k].isalpha():
            continue
        return k
    return None


def _cue_word(word: str) -> bool:
    return word in ("shall", "will", "must", "may", "should", "can", "could", "would",
                    "agree", "agrees", "responsible", "required", "authorized")


def _done_to(tokens: ClauseTokens, role_hits: Mapping[int, str], focus: int
             ) -> frozenset[str]:
    """"discipline SROs", "discipline of officers": the party right after the focus."""
    words = tokens.lower
    for k in range(focus + 1, min(focus + 4, len(words))):
        if k in role_hits:
            return frozenset({role_hits[k]})
        if words[k] not in ("the", "a", "an", "any", "all", "of", "its", "their", "such"):
            break
    return frozenset()


def role_positions(terms: Mapping[str, Sequence[int]], start: int) -> dict[int, str]:
    """Clause-relative positions of party terms; an officer term wins a tie ("school
    resource officer" also holds "school")."""
    out: dict[int, str] = {}
    for name in ("district", "agency", "administrator", "student", "parent", "officer"):
        role = ROLE_SETS[name]
        for p in terms.get(name, ()):
            out[p - start] = role
    return out
