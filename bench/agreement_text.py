"""Deterministic agreement-like text for benchmark fixtures.

Benchmarks on lorem ipsum flatter a reader: real MOUs have numbered articles, bold
headings, (a)/(b) lists, long justified clauses and defined terms, and those are what the
layout heuristics work on. The wording is recombined from a small clause bank so a
100-page fixture costs nothing to store and is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

PARTIES = ("Harbor County Public Schools", "the Harbor County Sheriff's Office")

ARTICLE_TITLES = (
    "Purpose and Scope", "Definitions", "Roles and Responsibilities", "Selection and Training",
    "Student Discipline", "Arrests and Referrals", "Information Sharing", "Use of Force",
    "Complaints and Oversight", "Data Collection and Reporting", "Funding", "Term and Renewal",
)

SECTION_TITLES = (
    "Duties", "Limitations", "Supervision", "Qualifications", "Records", "Review",
    "Notice to Parents", "Reporting", "Confidentiality", "Evaluation",
)

CLAUSES = (
    "The School Resource Officer shall not be involved in the enforcement of school "
    "discipline or classroom management, which remain the responsibility of school staff.",
    "The District and the Agency agree that the presence of law enforcement on campus is "
    "intended to support a safe and positive learning environment for all students.",
    "Officers assigned under this Agreement shall complete at least forty hours of training "
    "in adolescent development, de-escalation, implicit bias and special education law "
    "before their assignment begins.",
    "Student records shall be disclosed to the Agency only as permitted by the Family "
    "Educational Rights and Privacy Act and applicable state law, and each disclosure "
    "shall be logged by the school principal.",
    "The principal or a designee shall be notified as soon as practicable of any arrest, "
    "citation or custodial interview of a student occurring on school property.",
    "Nothing in this Agreement shall be construed to authorise an officer to search a "
    "student or a student's belongings at the request of school personnel for the purpose "
    "of enforcing school rules.",
    "The parties shall meet at least twice each school year to review incident data, "
    "complaints received and the demographic composition of students referred to law "
    "enforcement.",
    "Complaints concerning the conduct of an officer may be submitted by any student, parent "
    "or staff member to either party, and shall be investigated under the Agency's "
    "procedures with a written response within thirty days.",
    "The Agency shall provide the District with quarterly reports, disaggregated by race, "
    "sex, age and disability status, of all arrests, citations and referrals of students.",
    "Either party may terminate this Agreement upon ninety days' written notice to the other "
    "party, and the Agreement shall be reviewed in full before each renewal.",
)

LIST_ITEMS = (
    "responding to crimes in progress that threaten the safety of students or staff;",
    "providing law-related education at the invitation of a teacher;",
    "coordinating with school-based mental health staff on referrals;",
    "attending meetings of the school safety team when invited;",
    "maintaining records of every enforcement action taken on campus;",
)


@dataclass(frozen=True)
class Passage:
    """One unit a fixture writer lays out: a heading, a paragraph or a list item."""

    kind: str  # "title" | "heading" | "subheading" | "paragraph" | "item"
    text: str


def passages(seed: int = 1998) -> Iterator[Passage]:
    """An endless agreement: title, recitals, then numbered articles and sections."""
    rng = random.Random(seed)
    yield Passage("title", "MEMORANDUM OF UNDERSTANDING")
    yield Passage("paragraph", f"This Memorandum of Understanding is entered into by and "
                               f"between {PARTIES[0]} (the \"District\") and {PARTIES[1]} "
                               f"(the \"Agency\").")
    yield Passage("paragraph", "WHEREAS, the parties share an interest in the safety and "
                               "well-being of students, staff and visitors on school "
                               "grounds; and")
    article = 0
    while True:
        article += 1
        title = ARTICLE_TITLES[(article - 1) % len(ARTICLE_TITLES)]
        yield Passage("heading", f"{article}. {title}")
        for section in range(1, rng.randint(2, 4) + 1):
            sub = SECTION_TITLES[rng.randrange(len(SECTION_TITLES))]
            yield Passage("subheading", f"{article}.{section} {sub}")
            for _ in range(rng.randint(1, 3)):
                count = rng.randint(2, 4)
                yield Passage("paragraph", " ".join(rng.sample(CLAUSES, count)))
            if rng.random() < 0.4:
                yield Passage("paragraph", "The duties of the officer include:")
                for index, item in enumerate(rng.sample(LIST_ITEMS, 3)):
                    yield Passage("item", f"({'abc'[index]}) {item}")
