"""Is this an agreement? A cheap look at a readable document before it is scored.

A folder of agreements also holds READMEs, cover letters, notes and files saved under
the wrong extension; scoring them against the rubric gives figures (a README "17%, two
conflicts") that mean nothing and skew a corpus's statistics. Plain regular expressions
over the text look for what every school-police agreement has: agreement vocabulary,
the parties, an officer, the school side and obligations ("shall"); and for what no
agreement has: code blocks, shell commands, package installs. Only a document that
clearly lacks the first, or clearly has the second, is turned away, so a short excerpt
of a real agreement is still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents.model import Document

NOT_AN_AGREEMENT = "not_an_agreement"

# Each: what it shows, and the pattern that shows it.
AGREEMENT_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("agreement vocabulary", re.compile(
        r"\b(memorand(um|a) of (understanding|agreement)|MOU|MOA|agreement|contract|"
        r"compact)\b", re.IGNORECASE)),
    ("parties", re.compile(
        r"\b(by and between|entered into|(the|both|each|either) part(y|ies)|hereby|"
        r"between the .{3,80}? and the)\b", re.IGNORECASE)),
    ("an officer", re.compile(
        r"\b(school resource officers?|SROs?|officers?|deput(y|ies)|police|sheriff|"
        r"law enforcement|constable)\b", re.IGNORECASE)),
    ("the school side", re.compile(
        r"\b(school district|districts?|board of education|school board|schools?|"
        r"superintendent|principals?)\b", re.IGNORECASE)),
    ("obligations", re.compile(r"\b(shall|will|agrees? to|must|is responsible for)\b",
                               re.IGNORECASE)),
)
# What software documentation has and an agreement never does.
SOFTWARE_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code blocks", re.compile(r"^\s*(```|~~~)", re.MULTILINE)),
    ("shell commands", re.compile(r"^\s*(\$ |> )?(pip|make|git|npm|python|secure-mou) \S",
                                  re.MULTILINE)),
    ("command-line options", re.compile(r"(?<![\w-])--[a-z][a-z-]+\b.*(?<![\w-])--[a-z]")),
    ("markdown headings", re.compile(r"^#{1,6} \S", re.MULTILINE)),
    ("source paths", re.compile(r"\b[\w-]+/[\w/-]+\.(py|ya?ml|json|md|toml)\b")),
)
MIN_AGREEMENT_SIGNS = 2
MIN_SOFTWARE_SIGNS = 2


@dataclass(frozen=True)
class Triage:
    agreement: tuple[str, ...]  # the signs of an agreement found
    software: tuple[str, ...]  # the signs of software documentation found

    @property
    def looks_like_agreement(self) -> bool:
        return (len(self.agreement) >= MIN_AGREEMENT_SIGNS
                and len(self.software) < MIN_SOFTWARE_SIGNS)

    def message(self) -> str:
        """Why the document was turned away, in one line."""
        if len(self.software) >= MIN_SOFTWARE_SIGNS:
            return (f"this reads as software documentation ({', '.join(self.software)}), "
                    "not an agreement")
        found = ", ".join(self.agreement) or "none"
        missing = [name for name, _ in AGREEMENT_SIGNS if name not in self.agreement]
        return (f"this does not read as a school-police agreement (found: {found}; "
                f"missing: {', '.join(missing)})")


def triage(document: Document) -> Triage:
    text = document.text
    return Triage(
        agreement=tuple(name for name, sign in AGREEMENT_SIGNS if sign.search(text)),
        software=tuple(name for name, sign in SOFTWARE_SIGNS if sign.search(text)))
