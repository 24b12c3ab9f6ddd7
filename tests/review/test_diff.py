"""`secure-mou diff`: verdict moves between drafts, the deciding clauses, and alignment
that survives renumbering, moved sections and a change of format."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest
from typer.testing import CliRunner

from secure_mou.cli import app
from secure_mou.documents import read_document
from secure_mou.review.alignment import align, normalise
from secure_mou.review.diff_output import diff_schema
from tests.documents.pdf_factory import Page, Text, write_pdf

runner = CliRunner()
DRAFTS = Path(__file__).parent / "drafts"
SECTIONS = {
    "Roles": ["The SRO shall not be involved in school discipline.",
              "The SRO shall patrol the school grounds before classes begin."],
    "Searches": ["Any search of a student by the SRO shall meet the standards of the "
                 "Fourth Amendment."],
    "Term": ["This agreement runs for one school year and may be renewed by both parties."],
}


def as_docx(path: Path, order: list[str], label: str) -> Path:
    word = docx.Document()
    word.add_heading("MEMORANDUM OF UNDERSTANDING", level=0)
    for number, name in enumerate(order, start=1):
        word.add_heading(label.format(n=number) + name, level=1)
        for text in SECTIONS[name]:
            word.add_paragraph(text)
    word.save(str(path))
    return path


def diff_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["diff", *args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, diff_schema())
    return result.exit_code, data


@pytest.fixture(scope="module")
def revision() -> tuple[int, dict]:
    return diff_json(str(DRAFTS / "old.txt"), str(DRAFTS / "new.txt"))


def test_moves_by_rule_with_the_deciding_clauses(revision) -> None:
    code, data = revision
    moves = {c["rule"]: c for c in data["changes"]}
    assert (moves["SECURE-1.3"]["before"], moves["SECURE-1.3"]["after"]) == ("conflict", "met")
    reworded = moves["SECURE-1.3"]["clauses"][0]
    assert reworded["change"] == "reworded"
    assert reworded["text"].startswith("The SRO shall not be involved")
    assert reworded["other"].startswith("The SRO shall assist administrators")
    assert moves["SECURE-1.3"]["old_evidence"][0]["location"]["section"] == "1. Roles"
    assert moves["SECURE-1.3"]["new_evidence"][0]["location"]["section"] == "Section 3. Roles"
    training = moves["SECURE-4.1"]
    assert (training["before"], training["after"], training["direction"]) == \
        ("missing", "met", "improved")
    assert training["clauses"][0]["change"] == "added"
    search = moves["SECURE-2.1"]
    assert (search["before"], search["after"], search["direction"]) == \
        ("met", "conflict", "worse")
    assert "with or without consent" in search["new_evidence"][0]["text"]
    assert code == 1  # a rule got worse: CI can gate on it
    assert data["old"]["score"] < data["new"]["score"]


def test_headline_counts_fixes_and_red_flags(revision) -> None:
    _, data = revision
    summary = data["summary"]
    assert (summary["fixed_gaps"], summary["new_red_flags"], summary["worse"]) == (3, 1, 1)
    assert summary["headline"].startswith(
        "This revision fixes 3 gaps, improves 1 more and introduces 1 red flag (score ")


def test_markdown_and_fail_on_never(tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    result = runner.invoke(app, ["diff", str(DRAFTS / "old.txt"), str(DRAFTS / "new.txt"),
                                 "-f", "markdown", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "**This revision fixes 3 gaps" in text
    assert "| ▼ | **SECURE-2.1**" in text and "⛔ conflict" in text


def test_renumbered_and_moved_sections_change_nothing(tmp_path: Path) -> None:
    old = as_docx(tmp_path / "old.docx", ["Roles", "Searches", "Term"], "{n}. ")
    new = as_docx(tmp_path / "new.docx", ["Term", "Roles", "Searches"], "Article {n}. ")
    alignment = align(read_document(old), read_document(new))
    assert not alignment.added and not alignment.removed
    assert all(p.similarity == 1.0 for p in alignment.pairs)
    code, data = diff_json(str(old), str(new))
    assert code == 0 and data["changes"] == []
    assert data["summary"]["headline"].startswith("This revision changes no verdict")


def test_alignment_pairs_rewording_and_leaves_new_clauses_unpaired(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("1. Searches\n\nThe SRO shall follow the Fourth Amendment when searching "
                   "any student on school grounds.\n\nThe SRO shall patrol the grounds.\n",
                   encoding="utf-8")
    new.write_text("4. Searches\n\nThe SRO shall patrol the grounds.\n\nThe SRO shall "
                   "follow the Fourth Amendment when searching a student on school grounds."
                   "\n\nParents shall be called before any questioning.\n", encoding="utf-8")
    a, b = read_document(old), read_document(new)
    alignment = align(a, b)
    pairs = {(a.blocks[p.old].text[:20], b.blocks[p.new].text[:20]): p.similarity
             for p in alignment.pairs}
    assert pairs[("1. Searches", "4. Searches")] == 1.0
    assert 0.5 <= pairs[("The SRO shall follow", "The SRO shall follow")] < 1.0
    assert [b.blocks[i].text[:7] for i in alignment.added] == ["Parents"]
    assert normalise("Section 4.2 (a) The SRO") == ("the", "sro")


def test_docx_draft_against_signed_pdf(tmp_path: Path) -> None:
    old = as_docx(tmp_path / "draft.docx", ["Roles", "Searches", "Term"], "{n}. ")
    lines = [Text("MEMORANDUM OF UNDERSTANDING", bold=True)]
    for number, name in enumerate(["Roles", "Searches", "Term"], start=1):
        lines.append(Text(f"{number}. {name}", bold=True, space_before=14))
        lines.extend(Text(t, space_before=14) for t in SECTIONS[name])
    lines.append(Text("The SRO and school staff shall complete training each year in "
                      "de-escalation.", space_before=14))
    new = write_pdf(tmp_path / "signed.pdf", [Page(lines)])
    code, data = diff_json(str(old), str(new))
    moves = {c["rule"]: c for c in data["changes"]}
    assert code == 0
    assert moves["SECURE-4.1"]["after"] == "met"
    assert moves["SECURE-4.1"]["clauses"][0]["change"] == "added"
    assert moves["SECURE-4.1"]["new_evidence"][0]["location"]["page"] == 1
    assert data["summary"]["blocks"]["removed"] == 0


def test_unreadable_draft_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", str(DRAFTS / "old.txt"), str(tmp_path / "x.pdf")])
    assert result.exit_code == 3 and "error[not_found]" in result.output
