"""Exemplar sentences for a draft's gaps, from agreements that meet each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from secure_mou.cachedir import CACHE_ENV
from secure_mou.exemplars import find_exemplars, format_exemplars
from secure_mou.findings import Status
from secure_mou.pipeline import Checker, load_rules

from .test_scan import GOOD, RULES, WEAK, write_docx


@pytest.fixture()
def checker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Checker:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "tiny.yaml").write_text(RULES, encoding="utf-8")
    return Checker(load_rules([rules], rules_only=True))


def test_each_gap_gets_sentences_from_exemplars_that_meet_it(
        checker: Checker, tmp_path: Path) -> None:
    exemplars = tmp_path / "exemplars"
    exemplars.mkdir()
    write_docx(exemplars / "model.docx", GOOD)
    (exemplars / "weak.txt").write_text("\n\n".join(WEAK), encoding="utf-8")
    (exemplars / "broken.pdf").write_bytes(b"%PDF-1.4\n\x00broken")
    draft_path = tmp_path / "draft.txt"
    draft_path.write_text("\n\n".join(WEAK), encoding="utf-8")
    draft = checker.check_path(draft_path)

    gaps = find_exemplars(checker, draft, exemplars)
    assert [(g.rule, g.status) for g in gaps] == [("T-1", Status.MISSING),
                                                  ("T-2", Status.MISSING)]
    first = gaps[0].sentences[0]
    assert "complete training" in first.text
    assert first.document == str(exemplars / "model.docx")
    assert first.location.paragraph is not None
    text = format_exemplars(gaps)
    assert text.startswith("T-1 Officer receives training (draft: missing)\n  1. \"The SRO")
    assert "model.docx" in text

    # Second call: served from the cache, same answer.
    assert find_exemplars(checker, draft, exemplars) == gaps
    assert list((tmp_path / "cache").rglob("*.json"))


def test_no_gaps_no_exemplars(checker: Checker, tmp_path: Path) -> None:
    draft_path = tmp_path / "draft.txt"
    draft_path.write_text("\n\n".join(GOOD), encoding="utf-8")
    draft = checker.check_path(draft_path)
    assert find_exemplars(checker, draft, tmp_path / "nowhere") == ()
    assert format_exemplars(()) == ""
