"""`--ocr`: scanned pages read by Tesseract, OCR blocks marked with their confidence, and
evidence from a low-confidence block never passed off as plain text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from secure_mou.cli import app
from secure_mou.documents.model import Location
from secure_mou.documents.ocr import OCR_ENV, paragraphs
from secure_mou.findings import Evidence, Finding, Severity, Status
from secure_mou.review.ocr_evidence import note_finding

runner = CliRunner()
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr)")
LINES = ["MEMORANDUM OF UNDERSTANDING", "",
         "The SRO shall not be involved in school discipline.", "",
         "The SRO shall patrol the school grounds before classes begin."]


@pytest.fixture(autouse=True)
def ocr_switch_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    # --ocr sets the switch in this (the test) process; undo it after each test so other
    # tests still see scanned PDFs refused
    monkeypatch.setenv(OCR_ENV, "0")


def scanned_pdf(path: Path) -> Path:
    """A page of text drawn as a 300-dpi picture and saved as an image-only PDF."""
    page = Image.new("L", (2550, 3300), color=255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=44)
    for index, line in enumerate(LINES):
        draw.text((300, 300 + 80 * index), line, fill=0, font=font)
    page.save(path, "PDF", resolution=300.0)
    return path


def test_scan_without_ocr_is_refused_with_the_hint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["read", str(scanned_pdf(tmp_path / "scan.pdf"))])
    assert result.exit_code == 3
    assert "error[no_text_layer]" in result.output and "--ocr" in result.output


def test_ocr_without_tesseract_names_the_package(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    pdf = scanned_pdf(tmp_path / "scan.pdf")
    for command in (["check", str(pdf), "--ocr"], ["read", str(pdf), "--ocr"],
                    ["scan", str(pdf), "--ocr"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "error[ocr_unavailable]" in result.output
        assert "apt-get install tesseract-ocr" in result.output


@needs_tesseract
def test_read_marks_ocr_blocks_with_confidence(tmp_path: Path) -> None:
    result = runner.invoke(app, ["read", str(scanned_pdf(tmp_path / "scan.pdf")), "--ocr",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    blocks = json.loads(result.stdout)
    texts = [b["text"] for b in blocks]
    assert "The SRO shall not be involved in school discipline." in texts
    assert all(50 <= b["location"]["ocr_confidence"] <= 100 for b in blocks)
    assert blocks[0]["location"]["page"] == 1


@needs_tesseract
def test_check_notes_ocr_on_the_evidence(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(scanned_pdf(tmp_path / "scan.pdf")), "--ocr",
                                 "-f", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    findings = {f["rule"]: f for f in json.loads(result.stdout)["documents"][0]["findings"]}
    discipline = findings["SECURE-1.3"]
    assert discipline["status"] == "met"
    assert discipline["evidence"][0]["note"].startswith("read by OCR, confidence ")


def finding(confidence: float) -> Finding:
    evidence = Evidence(text="The SRO shall not be involved in school discipline.",
                        location=Location(page=1, line=3, ocr_confidence=confidence),
                        polarity="prohibits")
    return Finding(rule="SECURE-1.3", title="t", step=1, checklist="start", kind="text",
                   severity=Severity.ERROR, status=Status.MET, message="m",
                   remediation="r", source="s", evidence=(evidence,), reason="a clause")


def test_met_on_low_confidence_text_says_so() -> None:
    low = note_finding(finding(41.0))
    assert low.status == Status.MET
    assert low.reason.startswith("met on OCR text of low confidence")
    assert "check this sentence against the scan" in (low.evidence[0].note or "")
    high = note_finding(finding(93.0))
    assert high.reason == "a clause"
    assert high.evidence[0].note == "read by OCR, confidence 93%"


def test_tsv_words_become_paragraphs_with_mean_confidence() -> None:
    header = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\t"
              "height\tconf\ttext")
    rows = [header, "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t",
            "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t90\tThe",
            "5\t1\t1\t1\t2\t1\t10\t40\t50\t20\t70\tSRO",
            "5\t1\t2\t1\t1\t1\t10\t90\t50\t20\t96\tTerm"]
    found = paragraphs("\n".join(rows), page=2)
    assert [(p.text, p.line, p.confidence, p.page) for p in found] == [
        ("The SRO", 1, 80.0, 2), ("Term", 3, 96.0, 2)]


@needs_tesseract
def test_annotate_ocr_gives_a_commented_docx_of_the_scan(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "reviewed.docx"
    result = runner.invoke(app, ["annotate", str(scanned_pdf(tmp_path / "scan.pdf")),
                                 "--ocr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    comments = [c.text for c in docx.Document(str(out)).comments]
    met = next(c for c in comments if c.startswith("MET: SRO kept out of school discipline"))
    assert "Note: read by OCR, confidence " in met
