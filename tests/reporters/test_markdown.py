from dataclasses import replace

from secure_mou.reporters import ReportOptions, render
from secure_mou.reporters.markdown import CHARACTER_BUDGET
from tests.reporters.sample_runs import mixed_document, mixed_run


def markdown(**options: bool) -> str:
    return render("markdown", mixed_run(), ReportOptions(**options))


def test_summary_table_first_with_a_row_per_document() -> None:
    text = markdown()
    assert "| Document | Result | Score | Step 1 | Step 2 | Step 4 | Conflicts | Gaps |" in text
    assert "| sample\\_mous/riverbend.docx | fails | **56%** | 57% | 0% | 100% | 2 | 5 |" in text
    assert "| sample\\_mous/locked.pdf | unreadable | `error[encrypted]` |" in text
    assert text.index("| Document |") < text.index("<details>")


def test_gaps_by_step_folded_with_evidence_and_model_language() -> None:
    text = markdown()
    assert "<summary><b>sample_mous/riverbend.docx</b>: Fails: 2 serious gaps" in text
    assert "#### Step 1. Create sustainable partnerships and formalize MOUs" in text
    assert "<details><summary>Model language</summary>" in text
    assert "Add a clause for SECURE-1.F1." in text
    assert "— *p. 3, IV. Referrals*" in text
    assert "contradicts **SECURE-1.3**" in text
    assert "SECURE-1.1" not in text  # met rules only with --verbose
    assert "SECURE-1.1" in markdown(verbose=True)


def test_waived_shows_reason_and_document_text_is_escaped() -> None:
    text = markdown()
    assert "FERPA addendum signed separately (owner district counsel, expires 2025-06-30)" \
        in text
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "shall \\| enforce" in text  # a pipe would split a table cell


def test_stays_under_githubs_comment_limit_and_says_what_was_cut() -> None:
    base = mixed_run()
    docs = tuple(replace(mixed_document(), path=f"agreements/mou-{n:03}.docx")
                 for n in range(400))
    text = render("markdown", replace(base, documents=docs), ReportOptions())
    assert len(text) < CHARACTER_BUDGET <= 60_000
    assert text.count("| agreements/mou-") == 400  # the summary keeps every document
    assert "Cut to stay under GitHub's comment limit" in text
    assert "left out" in text
    small = markdown()
    assert "Cut to stay" not in small
