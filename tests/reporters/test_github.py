from dataclasses import replace

from secure_mou.findings import Severity, Status
from secure_mou.reporters import ReportOptions, render
from secure_mou.reporters.github import ANNOTATIONS_PER_LEVEL, command
from tests.reporters.sample_runs import finding, mixed_run, pdf_document


def lines() -> list[str]:
    return render("github", mixed_run(), ReportOptions()).splitlines()


def test_one_annotation_per_gap_and_per_unreadable_document() -> None:
    out = lines()
    # SECURE-1.3 is folded into the red flag that contradicts it
    assert len(out) == 7
    assert [line.split(" ", 1)[0] for line in out].count("::error") == 3
    assert sum(line.startswith("::warning ") for line in out) == 3
    assert sum(line.startswith("::notice ") for line in out) == 1
    assert not any("SECURE-2.8" in line for line in out)  # waived: nothing to act on
    flag = next(line for line in out if "SECURE-1.F1" in line)
    assert "red flag: " in flag and "Contradicts SECURE-1.3: Title of SECURE-1.3" in flag


def test_binary_files_name_page_and_clause_in_the_message_not_a_line() -> None:
    pdf = next(line for line in lines() if "SECURE-4.4" in line)
    assert pdf.startswith("::error file=sample_mous/harbor county 1998.pdf,"
                          "title=SECURE-4.4 Title of SECURE-4.4::")
    assert "Found at p. 3, IV. Referrals: " in pdf
    docx = next(line for line in lines() if "SECURE-1.F1" in line)
    assert ",line=" not in docx and "Found at 5. Roles and Responsibilities" in docx
    text = replace(pdf_document(), path="mou.txt", format="text")
    run = replace(mixed_run(), documents=(text,))
    out = render("github", run, ReportOptions())
    assert "::error file=mou.txt,line=12,title=SECURE-4.4" in out


def test_workflow_command_escaping() -> None:
    text = command("error", "100% done\r\nnext: a, b", file="a:b,c.pdf", title="x%y")
    assert text == "::error file=a%3Ab%2Cc.pdf,title=x%25y::100%25 done%0D%0Anext: a, b"
    conflict = next(line for line in lines() if "SECURE-1.F1" in line)
    assert "code: 100%25, always." in conflict and "%0A" in conflict


def test_nothing_to_act_on_renders_nothing() -> None:
    base = mixed_run()
    clean = replace(base, documents=(replace(base.documents[1], findings=(
        finding("SECURE-1.1", Status.MET),)),))
    assert render("github", clean, ReportOptions()) == ""


def test_annotations_are_capped_per_level_and_the_rest_summarized() -> None:
    many = tuple(finding(f"SECURE-9.{i}", Status.MISSING, severity=severity)
                 for i in range(30) for severity in (Severity.ERROR, Severity.WARNING))
    docs = tuple(replace(pdf_document(), path=f"mou-{n}.pdf", findings=many) for n in range(3))
    out = render("github", replace(mixed_run(), documents=docs), ReportOptions()).splitlines()
    errors = [line for line in out if line.startswith("::error")]
    warnings = [line for line in out if line.startswith("::warning")]
    assert len(errors) == len(warnings) == ANNOTATIONS_PER_LEVEL
    assert "81 more error annotation(s) not shown" in errors[-1]
    assert "SECURE-9.29" in errors[-1]


def test_config_warnings_become_annotations_on_their_line() -> None:
    run = replace(mixed_run(), warnings=(
        "warning[waiver-unused]: .secure-mou.yml:12: the waiver of SECURE-2.8 matched no gap",))
    out = render("github", run, ReportOptions()).splitlines()
    assert sum(line.startswith("::warning file=.secure-mou.yml,line=12,title=waiver-unused::")
               for line in out) == 1
