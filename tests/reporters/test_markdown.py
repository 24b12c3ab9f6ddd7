from secure_mou.reporters import ReportOptions, render
from tests.reporters.sample_runs import mixed_run


def markdown(**options: bool) -> str:
    return render("markdown", mixed_run(), ReportOptions(**options))


def test_summary_table_has_a_row_per_document() -> None:
    text = markdown()
    assert "| Document | Score | Step 1 | Step 2 | Step 4 | Conflicts | Gaps |" in text
    assert "| sample\\_mous/riverbend.docx | **56%** | 57% | 0% | 100% | 2 | 5 |" in text
    assert "| sample\\_mous/locked.pdf | `error[encrypted]` |" in text


def test_gaps_by_step_with_evidence_and_remediation_in_details() -> None:
    text = markdown()
    assert "#### Step 1. Create sustainable partnerships and formalize MOUs" in text
    assert "<details><summary>Remediation</summary>" in text
    assert "Add a clause for SECURE-1.3." in text
    assert "— *p. 3, line 12 (IV. Referrals)*" in text
    assert "SECURE-1.1" not in text  # met rules only with --verbose
    assert "SECURE-1.1" in markdown(verbose=True)


def test_waived_shows_reason_and_document_text_is_escaped() -> None:
    text = markdown()
    assert "FERPA addendum signed separately (owner district counsel, expires 2025-06-30)" \
        in text
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "shall \\| enforce" in text  # a pipe would split a table cell
