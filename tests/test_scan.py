"""``secure-mou scan`` on real files: discovery, workers, crashes, cache, resume, outputs.

Scans run with -j 2 against a two-rule rulebook written here (``--rules-only``), so the
tests neither wait on nor depend on the default rulebook's contents.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import jsonschema
import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from secure_mou.cachedir import CACHE_ENV
from secure_mou.cli import app
from secure_mou.reporters.json import report_schema
from secure_mou.scan.workers import TEST_HOLD_ENV, TEST_KILL_ENV

RULES = """\
rulebook:
  name: tiny
  version: "1"
  steps: {1: Formalize, 2: Report}
termsets:
  officer: {role: officer, phrases: [school resource officer, SRO, officer]}
rules:
  - id: T-1
    title: Officer receives training
    step: 1
    checklist: start
    kind: text
    severity: error
    message: The officer must be trained.
    source: test
    remediation: The SRO shall complete training.
    match: {met: [{all: [officer, training], polarity: requires}]}
    terms: {training: [training, trained]}
    examples:
      met: [The SRO shall complete training before assignment.]
      missing: [The SRO shall patrol the grounds.]
  - id: T-2
    title: Data are reported
    step: 2
    checklist: improve
    kind: text
    severity: warning
    message: Data must be reported.
    source: test
    remediation: The parties shall publish an annual report.
    match: {met: [{all: [report]}]}
    terms: {report: [annual report, report data]}
    examples:
      met: [The District shall publish an annual report.]
      missing: [The SRO shall patrol the grounds.]
"""

GOOD = ["Memorandum of Understanding", "1. Training",
        "The SRO shall complete training before assignment.", "2. Data",
        "The District shall publish an annual report on arrests and referrals."]
WEAK = ["Memorandum of Understanding", "1. Duties",
        "The SRO shall patrol the school grounds and respond to emergencies."]

runner = CliRunner()


def write_docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, lines: list[str], password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(RULES, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Two good agreements, a weak one, a copy, a corrupt and an encrypted PDF, a lock
    file, a hidden file and a file of another type."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    write_docx(root / "good.docx", GOOD)
    write_pdf(root / "weak.pdf", WEAK)
    (root / "plain.txt").write_text("\n\n".join(GOOD), encoding="utf-8")
    (root / "sub" / "copy.docx").write_bytes((root / "good.docx").read_bytes())
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    write_pdf(root / "locked.pdf", GOOD, password="secret")
    (root / "~$good.docx").write_bytes(b"\x00lock")
    (root / ".notes.txt").write_text("hidden", encoding="utf-8")
    (root / "scan.png").write_bytes(b"\x89PNG\r\n")
    return root


def scan(*args: str | Path, rules: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", *map(str, args), "-j", "2", "--rules-only",
                                 "--rules", str(rules)])
    return result.exit_code, result.output


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_file_is_accounted_for_and_unreadable_files_do_not_fail_the_scan(
        corpus: Path, rules: Path, tmp_path: Path) -> None:
    out_csv, out_jsonl, out_json = tmp_path / "s.csv", tmp_path / "s.jsonl", tmp_path / "s.json"
    code, output = scan(corpus, "--csv", out_csv, "--jsonl", out_jsonl, "--json", out_json,
                        "--html", tmp_path / "s.html", rules=rules)
    assert code == 0, output  # a survey, not a gate: unreadable files still exit 0

    report = json.loads(out_json.read_text(encoding="utf-8"))
    jsonschema.validate(report, report_schema())
    reported = {p for d in report["documents"] for p in d["paths"]}
    skipped = {s["path"]: s["reason"] for s in report["scan"]["skipped"]}
    on_disk = {str(p) for p in corpus.rglob("*") if p.is_file()}
    assert reported | set(skipped) == on_disk
    assert skipped == {str(corpus / "~$good.docx"): "lock file",
                       str(corpus / ".notes.txt"): "hidden",
                       str(corpus / "scan.png"): "unsupported type"}

    by_name = {Path(d["path"]).name: d for d in report["documents"]}
    assert sorted(by_name["good.docx"]["paths"]) == sorted(
        [str(corpus / "good.docx"), str(corpus / "sub" / "copy.docx")])
    assert by_name["corrupt.pdf"]["error"]["code"] == "corrupt"
    assert by_name["locked.pdf"]["error"]["code"] == "encrypted"
    assert by_name["locked.pdf"]["sha256"]  # hashed even though unreadable
    assert by_name["good.docx"]["score"] == 1.0
    assert by_name["weak.pdf"]["score"] == 0.0

    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert list(rows[0]) == ["path", "sha256", "format", "pages", "error", "score",
                             "duplicates", "met", "partial", "missing", "conflict", "manual",
                             "not_applicable", "step_1", "step_2", "T-1", "T-2"]
    assert [r["path"] for r in rows] == [d["path"] for d in report["documents"]]
    csv_by_name = {Path(r["path"]).name: r for r in rows}
    assert csv_by_name["good.docx"]["duplicates"] == str(corpus / "sub" / "copy.docx")
    assert (csv_by_name["weak.pdf"]["T-1"], csv_by_name["weak.pdf"]["T-2"]) == (
        "missing", "missing")
    assert csv_by_name["weak.pdf"]["pages"] == "1"
    assert csv_by_name["locked.pdf"]["error"] == "encrypted"
    assert csv_by_name["locked.pdf"]["T-1"] == ""

    lines = read_jsonl(out_jsonl)
    assert sorted(r["sha256"] for r in lines) == sorted(d["sha256"] for d in
                                                       report["documents"])
    assert not any(r["cached"] for r in lines)
    assert "Unreadable files" in output and "encrypted" in output


def test_second_run_comes_from_the_cache_and_no_cache_checks_again(
        corpus: Path, rules: Path, tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{n}.jsonl" for n in ("1", "2", "3"))
    assert scan(corpus, "--jsonl", first, rules=rules)[0] == 0
    assert scan(corpus, "--jsonl", second, rules=rules)[0] == 0
    assert scan(corpus, "--jsonl", third, "--no-cache", rules=rules)[0] == 0
    assert all(r["cached"] for r in read_jsonl(second))
    assert not any(r["cached"] for r in read_jsonl(third))
    strip = [{k: v for k, v in r.items() if k != "cached"} for r in read_jsonl(first)]
    key = lambda r: r["sha256"]  # noqa: E731 - completion order differs between runs
    assert sorted(strip, key=key) == sorted(
        ({k: v for k, v in r.items() if k != "cached"} for r in read_jsonl(second)), key=key)


def test_resume_skips_finished_documents_and_appends(rules: Path, tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    write_docx(root / "a.docx", GOOD)
    out = tmp_path / "progress.jsonl"
    assert scan(root, "--jsonl", out, "--no-cache", rules=rules)[0] == 0
    # A run killed mid-write leaves half a line; resume must shrug it off.
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"path": "half')
    write_pdf(root / "b.pdf", WEAK)
    (root / "c.txt").write_text("\n\n".join(WEAK), encoding="utf-8")

    code, output = scan(root, "--resume", out, "--no-cache", rules=rules)
    assert code == 0, output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == '{"path": "half'
    appended = [json.loads(line) for line in lines[2:]]
    assert sorted(Path(r["path"]).name for r in appended) == ["b.pdf", "c.txt"]
    assert "1 resumed" in output and "2 checked" in output


def test_a_killed_worker_costs_only_its_document(
        rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    for name in ("a", "b", "c", "d"):
        (root / f"{name}.txt").write_text("\n\n".join([*GOOD, f"Copy {name}."]),
                                          encoding="utf-8")
    (root / "boom.txt").write_text("\n\n".join(WEAK), encoding="utf-8")
    out = tmp_path / "s.jsonl"
    monkeypatch.setenv(TEST_KILL_ENV, "boom.txt")
    code, output = scan(root, "--jsonl", out, rules=rules)
    assert code == 0, output
    rows = {Path(r["path"]).name: r for r in read_jsonl(out)}
    assert set(rows) == {"a.txt", "b.txt", "c.txt", "d.txt", "boom.txt"}
    assert rows["boom.txt"]["error"]["code"] == "worker_crashed"
    assert "SIGKILL" in rows["boom.txt"]["error"]["message"]
    assert all(rows[n]["score"] == 1.0 for n in ("a.txt", "b.txt", "c.txt", "d.txt"))

    # A crash says nothing about the file: it is not cached, and a resume retries it.
    monkeypatch.delenv(TEST_KILL_ENV)
    code, output = scan(root, "--resume", out, rules=rules)
    assert code == 0, output
    retried = read_jsonl(out)[5:]
    assert [(Path(r["path"]).name, r["error"]) for r in retried] == [("boom.txt", None)]


def test_ctrl_c_keeps_finished_results(rules: Path, tmp_path: Path) -> None:
    # The last document is held by its worker until the scan is stopped, so the SIGINT
    # always lands with five documents done and one left: no race with the scan's end.
    root = tmp_path / "batch"
    root.mkdir()
    for i in range(5):
        (root / f"doc{i:02}.txt").write_text("\n\n".join([*GOOD, f"Copy {i}."]),
                                             encoding="utf-8")
    (root / "zz-held.txt").write_text("\n\n".join(WEAK), encoding="utf-8")
    out = tmp_path / "s.jsonl"
    scan_cmd = [str(Path(sys.executable).parent / "secure-mou"), "scan", str(root), "-j", "1",
                "--rules-only", "--rules", str(rules), "--jsonl", str(out)]
    process = subprocess.Popen(scan_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, TEST_HOLD_ENV: "zz-held.txt"})
    hang_guard = time.monotonic() + 120
    while time.monotonic() < hang_guard and not (
            out.exists() and out.read_text().count("\n") == 5):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    rows = read_jsonl(out)
    assert sorted(Path(r["path"]).name for r in rows) == [f"doc{i:02}.txt" for i in range(5)]
    assert "interrupted: 1 files not scanned" in stdout


def test_rulebook_errors_exit_2(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "r.yaml").write_text("rules:\n  - id: X\n", encoding="utf-8")
    code, output = scan(corpus, rules=bad)
    assert code == 2
    assert "error[rulebook]" in output


def test_dashboard_escapes_names_and_links_each_document(rules: Path, tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    (root / "<img src=x onerror=alert(1)>.txt").write_text("\n\n".join(GOOD), encoding="utf-8")
    page = tmp_path / "s.html"
    assert scan(root, "--html", page, rules=rules)[0] == 0
    text = page.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert 'href="#doc-0"' in text and 'id="doc-0"' in text
    assert "<script" not in text
