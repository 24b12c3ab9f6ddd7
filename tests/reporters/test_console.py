import re

import pytest

from secure_mou.reporters import ReportOptions, render
from tests.reporters.sample_runs import mixed_run

ANSI = re.compile(r"\x1b\[")


def console(*, verbose: bool = False, quiet: bool = False, color: bool = False,
            width: int = 80) -> str:
    options = ReportOptions(verbose=verbose, quiet=quiet, color=color, width=width)
    return render("console", mixed_run(), options)


@pytest.mark.parametrize("verbose", [False, True])
def test_fits_80_columns_without_colour(verbose: bool) -> None:
    text = console(verbose=verbose)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not ANSI.search(text)
    assert all(line == line.rstrip() for line in text.splitlines())


def test_colour_only_when_asked() -> None:
    assert ANSI.search(console(color=True))


def test_header_steps_and_gap_details() -> None:
    text = console()
    assert "sample_mous/riverbend.docx" in text
    assert "docx · rulebook secure 2016.1 · checklist all" in text
    assert "overall score 56%" in text
    assert "Step 1. Create sustainable partnerships and formalize MOUs  57%" in text
    assert "⚠ conflict SECURE-1.3  Title of SECURE-1.3" in text
    # rich markup in document text must print literally, not be read as style tags
    assert "enforce [the] code: 100%" in text
    assert "— ¶ 41 (5. Roles and Responsibilities)" in text
    assert "fix: Add a clause for SECURE-1.3." in text
    assert "missing: students, parents/families" in " ".join(text.split())
    assert "measured: 11.4" in text


def test_long_quotes_are_trimmed() -> None:
    text = " ".join(console(width=400).split())
    quote = text[text.index("“The SRO’s role"):text.index("” — ¶ 12")]
    assert len(quote) <= 301 and quote.endswith("…")


def test_met_evidence_and_not_applicable_only_with_verbose() -> None:
    assert "Riverbend Unified School District" not in console()
    assert "Riverbend Unified School District" in console(verbose=True)
    assert "SECURE-1.P4" not in console()
    assert "SECURE-1.P4" in console(verbose=True)


def test_process_waived_and_unreadable() -> None:
    text = console()
    assert "confirm manually: SECURE-1.P1 is manual." in text
    assert "attested by J. Rivera, counsel on 2024-03-01" in text
    flat = " ".join(text.split())
    assert "waived: FERPA addendum signed separately (owner district counsel, expires " \
        "2025-06-30)" in flat
    assert "error[encrypted]: the PDF is password-protected & <locked>" in text


def test_quiet_is_one_line_per_document() -> None:
    text = console(quiet=True, width=200)
    assert text.splitlines() == [
        "sample_mous/riverbend.docx  56%  2 conflict  1 missing  2 partial",
        "sample_mous/harbor county 1998.pdf  33%  0 conflict  2 missing  0 partial",
        "sample_mous/locked.pdf  error[encrypted]: the PDF is password-protected & <locked>",
    ]
