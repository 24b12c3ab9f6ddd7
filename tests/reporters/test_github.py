from dataclasses import replace

from secure_mou.findings import Status
from secure_mou.reporters import ReportOptions, render
from secure_mou.reporters.github import command
from tests.reporters.sample_runs import finding, mixed_run


def lines() -> list[str]:
    return render("github", mixed_run(), ReportOptions()).splitlines()


def test_one_annotation_per_gap_and_per_unreadable_document() -> None:
    out = lines()
    assert len(out) == 8
    assert [line.split(" ", 1)[0] for line in out].count("::error") == 4
    assert sum(line.startswith("::warning ") for line in out) == 3
    assert sum(line.startswith("::notice ") for line in out) == 1
    assert not any("SECURE-2.8" in line for line in out)  # waived: nothing to act on


def test_line_is_given_when_the_evidence_has_one() -> None:
    pdf = next(line for line in lines() if "SECURE-4.4" in line)
    assert pdf.startswith("::error file=sample_mous/harbor county 1998.pdf,line=12,"
                          "title=SECURE-4.4 Title of SECURE-4.4::")
    docx = next(line for line in lines() if "SECURE-1.3" in line)
    assert ",line=" not in docx


def test_workflow_command_escaping() -> None:
    text = command("error", "100% done\r\nnext: a, b", file="a:b,c.pdf", title="x%y")
    assert text == "::error file=a%3Ab%2Cc.pdf,title=x%25y::100%25 done%0D%0Anext: a, b"
    conflict = next(line for line in lines() if "SECURE-1.3" in line)
    assert "code: 100%25, always." in conflict and "%0A" in conflict


def test_nothing_to_act_on_renders_nothing() -> None:
    base = mixed_run()
    clean = replace(base, documents=(replace(base.documents[1], findings=(
        finding("SECURE-1.1", Status.MET),)),))
    assert render("github", clean, ReportOptions()) == ""
