"""`scan`'s options shared with `check`: --format, --quiet, --config, --fail-on and the
output names (--csv-output, ... with the old --csv, ... still accepted)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from secure_mou.cachedir import CACHE_ENV
from secure_mou.cli import app
from tests.test_scan import GOOD, RULES, WEAK, write_docx


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "tiny.yaml").write_text(RULES, encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    write_docx(root / "good.docx", GOOD)
    write_docx(root / "weak.docx", WEAK)
    return root


def scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scan", "corpus", "-j", "1", "--rules-only",
                                      "--rules", "rules", *args])
    return result.exit_code, result.stdout


def test_format_json_and_csv_go_to_stdout(corpus: Path) -> None:
    code, out = scan("--format", "json")
    assert code == 0
    assert {Path(d["path"]).name for d in json.loads(out)["documents"]} == {
        "good.docx", "weak.docx"}
    code, out = scan("-f", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["T-1"] for r in rows] == ["met", "missing"]
    # scores in percent, as everywhere a person reads them; counts per status
    assert [(r["score"], r["met"], r["missing"]) for r in rows] == [
        ("100.0", "2", "0"), ("0.0", "0", "2")]
    code, _ = scan("--format", "yaml")
    assert code == 2


def test_quiet_is_one_line_per_document(corpus: Path) -> None:
    code, out = scan("--quiet")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("corpus/good.docx  100%")
    assert lines[1] == "corpus/weak.docx  0%  0 conflict  2 missing  0 partial"
    assert lines[2].startswith("2 documents (2 files)")
    assert len(lines) == 3


def test_fail_on_turns_the_survey_into_a_gate(corpus: Path) -> None:
    assert scan("-q")[0] == 0  # a survey by default
    assert scan("-q", "--fail-on", "error")[0] == 1  # weak.docx misses T-1 (error)


def test_new_output_names_and_the_old_ones(corpus: Path, tmp_path: Path) -> None:
    assert scan("-q", "--csv-output", "new.csv", "--html-output", "new.html")[0] == 0
    assert scan("-q", "--csv", "old.csv", "--jsonl", "old.jsonl")[0] == 0
    assert (tmp_path / "new.csv").read_text("utf-8") == (tmp_path / "old.csv").read_text(
        "utf-8")
    assert (tmp_path / "new.html").exists() and (tmp_path / "old.jsonl").exists()


def test_config_sets_the_checklist(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "scan.yml").write_text("checklist: start\n", encoding="utf-8")
    code, out = scan("--config", "scan.yml", "-f", "csv")
    assert code == 0
    assert {r["T-2"] for r in csv.DictReader(out.splitlines())} == {"not_applicable"}


def test_dashboard_heatmap_scrolls_in_its_own_box_and_tells_statuses_apart(
        corpus: Path, tmp_path: Path) -> None:
    assert scan("-q", "--html-output", "scan.html")[0] == 0
    page = (tmp_path / "scan.html").read_text("utf-8")
    assert '<div class="heatbox"><table class="heat">' in page
    assert re.search(r"\.heatbox\{overflow:auto;max-width:100%", page)
    colours = {status: re.search(rf"\.s-{status}\{{background:(#\w+)\}}", page).group(1)
               for status in ("met", "attested", "waived", "not_applicable")}
    assert len(set(colours.values())) == 4
    assert 'aria-label="corpus/good.docx · T-1: met">✔</a>' in page
