"""Is this an agreement? A README or a mislabeled note is reported as
``not_an_agreement`` (exit 3 for check unless --force) and left out of a scan's figures;
real agreements, even short ones, are still checked."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from secure_mou.cachedir import CACHE_ENV
from secure_mou.cli import app

README = """\
# mou-tools

Checks school-police MOUs: the SRO shall not be involved in discipline, says the
agreement we test against.

```sh
pip install mou-tools
mou-tools check agreements/ --format json --fail-on error
```

See `docs/usage.md` and `src/mou_tools/cli.py`.
"""
NOTE = "Grocery list\nmilk\neggs\nbread\nCall the plumber on Tuesday.\n"


def agreement(path: Path) -> Path:
    word = docx.Document()
    word.add_paragraph("Memorandum of Understanding between the Lakeside School District "
                       "and the Lakeside Police Department")
    word.add_paragraph("The School Resource Officer shall complete training each year.")
    word.save(str(path))
    return path


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / "minutes.pdf").write_text(NOTE, encoding="utf-8")  # text saved as .pdf
    agreement(tmp_path / "mou.docx")
    return tmp_path


def test_a_readme_and_a_mislabeled_note_are_not_agreements(folder: Path) -> None:
    for name, reason in (("README.md", "reads as software documentation"),
                         ("minutes.pdf", "does not read as a school-police agreement")):
        code, out = check("-f", "json", name)
        assert code == 3
        (document,) = json.loads(out)["documents"]
        assert document["error"]["code"] == "not_an_agreement"
        assert reason in document["error"]["message"]
        assert document["findings"] == [] and document["score"] is None


def test_force_checks_it_anyway_and_a_short_agreement_is_checked(folder: Path) -> None:
    code, out = check("-f", "json", "--force", "README.md")
    assert code == 1 and json.loads(out)["documents"][0]["error"] is None
    code, out = check("-f", "json", "mou.docx")
    assert json.loads(out)["documents"][0]["error"] is None


def test_scan_leaves_them_out_of_the_corpus_figures(folder: Path) -> None:
    result = CliRunner().invoke(app, ["scan", ".", "-j", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    documents = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert documents["README.md"]["error"]["code"] == "not_an_agreement"
    assert documents["minutes.pdf"]["error"]["code"] == "not_an_agreement"
    assert documents["mou.docx"]["score"] is not None
