import re
from pathlib import Path

import pytest

from secure_mou.reporters import ReportOptions, render
from tests.reporters.sample_runs import mixed_run

ANSI = re.compile(r"\x1b\[")
SAMPLE = Path(__file__).resolve().parents[2] / "sample_mous" / "harbor-county-1998.docx"


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


def test_summary_opens_with_verdict_counts_and_what_to_fix_first() -> None:
    text = console(width=100)
    lines = text.splitlines()
    assert "docx · rulebook secure 2016.1 · checklist all" in text
    assert "Fails: 2 serious gaps to fix before it passes" in text
    assert "at or above" not in text
    assert "overall score 56% · 3 met · 1 attested · 2 partly met · 1 missing · " \
        "2 conflict · 1 to confirm · 1 waived" in " ".join(text.split())
    fix_first = lines.index("Fix first:")
    # the red flag leads; the requirement it contradicts is folded into it
    assert lines[fix_first + 1].startswith(
        "  ⚠ SECURE-1.F1  Red flag: SRO given a role in school discipline — "
        "5. Roles and Responsibilities")
    assert lines[fix_first + 2].startswith("  ◐ SECURE-1.4")
    assert lines.index("Fix first:") < next(i for i, line in enumerate(lines)
                                            if line.startswith("Step 1."))


def test_red_flag_shown_once_naming_the_requirement_it_contradicts() -> None:
    text = console(width=120)
    assert "⚠ red flag SECURE-1.F1 Red flag: SRO given a role in school discipline" in text
    assert "contradicts SECURE-1.3: Title of SECURE-1.3" in text
    assert "⚠ conflict SECURE-1.3" not in text
    assert text.count("“The SRO <script>") == 1
    # rich markup in document text must print literally, not be read as style tags
    assert "enforce [the] code: 100%" in text


def test_gaps_by_step_in_order_of_what_to_fix_and_the_rest_collapsed() -> None:
    text = console(width=100)
    step1 = text[text.index("Step 1."):text.index("Step 2.")]
    assert step1.index("SECURE-1.F1") < step1.index("SECURE-1.4") < step1.index("SECURE-1.8")
    assert "  2 met: SECURE-1.1, SECURE-1.6" in step1
    assert "  1 attested: SECURE-1.P2" in step1
    assert "  1 to confirm by hand: SECURE-1.P1" in step1
    assert "fix: Add a clause for SECURE-1.F1." in step1
    # a warning-level gap does not fail the run, so its model language waits for --verbose
    assert "fix: Add a clause for SECURE-1.4." not in step1
    assert "missing: students, parents/families" in step1
    assert "~ waived SECURE-2.8: FERPA addendum signed separately (owner district counsel, " \
        "expires 2025-06-30)" in text


def test_locations_name_the_heading_not_a_paragraph_count() -> None:
    text = console(width=120)
    assert "¶" not in text
    assert "5. Roles and Responsibilities: “The SRO" in text
    assert "p. 3, IV. Referrals: “Teachers shall call the officer" in text


def test_verbose_keeps_every_detail() -> None:
    text = console(verbose=True, width=100)
    flat = " ".join(text.split())
    assert "Riverbend Unified School District" in text  # met evidence
    assert "SECURE-1.P4" in text
    assert "fix: Add a clause for SECURE-1.4." in text
    assert "⚠ conflict SECURE-1.3" in text
    assert "contradicted by red flag SECURE-1.F1" in text
    assert "confirm manually: SECURE-1.P1 is manual." in text
    assert "attested by J. Rivera, counsel on 2024-03-01" in flat


def test_long_quotes_are_trimmed() -> None:
    text = " ".join(console(width=400, verbose=True).split())
    quote = text[text.index("“The SRO’s role"):text.index("” — 2. Purpose")]
    assert len(quote) <= 301 and quote.endswith("…")


def test_unreadable_document() -> None:
    assert "error[encrypted]: the PDF is password-protected & <locked>" in console()


def test_quiet_is_one_line_per_document() -> None:
    text = console(quiet=True, width=200)
    assert text.splitlines() == [
        "sample_mous/riverbend.docx  56%  2 conflict  1 missing  2 partial",
        "sample_mous/harbor county 1998.pdf  33%  0 conflict  2 missing  0 partial",
        "sample_mous/locked.pdf  error[encrypted]: the PDF is password-protected & <locked>",
    ]


@pytest.fixture(scope="module")
def harbor_report():  # type: ignore[no-untyped-def]
    if not SAMPLE.exists():
        pytest.skip("sample_mous/harbor-county-1998.docx is not in this checkout")
    from secure_mou.pipeline import Checker, load_rules

    checker = Checker(load_rules())
    return checker.run_report([checker.check_path(SAMPLE)], "all", None)


@pytest.mark.parametrize("width", [80, 100])
def test_ten_page_sample_fits_in_about_120_lines(harbor_report, width: int) -> None:  # type: ignore[no-untyped-def]
    text = render("console", harbor_report, ReportOptions(color=False, width=width))
    assert len(text.splitlines()) <= 130
    assert max(len(line) for line in text.splitlines()) <= width
    assert "parents_families" not in text and "reading grade level 15.6" in text
    verbose = render("console", harbor_report, ReportOptions(color=False, width=width,
                                                             verbose=True))
    assert len(verbose.splitlines()) > 3 * len(text.splitlines())
