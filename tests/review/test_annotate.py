"""`secure-mou annotate`: real Word comments at the evidence, the agreement untouched."""

from __future__ import annotations

import hashlib
import posixpath
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from lxml import etree
from typer.testing import CliRunner

from secure_mou.cli import app
from secure_mou.documents import read_document
from secure_mou.review.word_comments import COMMENTS_REL, COMMENTS_TYPE
from tests.documents.pdf_factory import Page, Text, write_pdf

from .docx_fixtures import (
    DISCIPLINE,
    SEARCH,
    agreement,
    body_signature,
    comment_anchors,
    comment_texts,
)

runner = CliRunner()
EXPORT_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("annotate")
    source = agreement(folder / "mou.docx", existing_comment=True)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = runner.invoke(app, ["annotate", str(source), "-o", str(folder / "out.docx"),
                                 "--author", "District counsel"])
    assert result.exit_code == 0, result.output
    return source, folder / "out.docx", digest


def by_title(path: Path) -> dict[str, tuple[str, str]]:
    """First line of each comment -> (anchor text, whole comment)."""
    anchors = comment_anchors(path)
    return {text.splitlines()[0]: (anchors.get(cid, ""), text)
            for cid, text in comment_texts(path).items()}


def test_red_flag_and_met_rule_are_commented_on_their_sentences(annotated) -> None:
    _, out, _ = annotated
    comments = by_title(out)
    met = comments["MET: SRO kept out of school discipline"]
    assert met[0] == DISCIPLINE  # the sentence only, though it spans four runs
    conflict = next(v for k, v in comments.items() if k.startswith("CONFLICT: Constitutional"))
    assert conflict[0] == SEARCH
    assert "Model language:" in conflict[1] and "source: " in conflict[1]
    assert "SECURE-" in conflict[1] and "The rubric asks:" in conflict[1]


def test_summary_and_gaps_sit_on_the_title(annotated) -> None:
    _, out, _ = annotated
    comments = by_title(out)
    summary = next(v for k, v in comments.items() if k.startswith("SECURE rubric review"))
    assert summary[0] == "Memorandum of Understanding"
    assert "met," in summary[1] and "missing" in summary[1]
    gaps = [v for k, v in comments.items() if k.startswith("MISSING:")]
    assert gaps and all(anchor for anchor, _ in gaps)


def test_comment_count_author_and_existing_comment_kept(annotated) -> None:
    source, out, _ = annotated
    word = docx.Document(str(out))
    comments = list(word.comments)
    ours = [c for c in comments if c.author == "District counsel"
            and c.text != "Check the parties' legal names."]
    # the summary plus one per met/partial/missing/conflict rule (flags that did not fire
    # have nothing to point at), as `check` counts them
    result = runner.invoke(app, ["check", str(source), "-f", "json", "--fail-on", "never"])
    import json

    findings = json.loads(result.stdout)["documents"][0]["findings"]
    expected = [f for f in findings if f["status"] in ("met", "partial", "missing", "conflict")
                and not (f["kind"] == "flag" and f["status"] == "met")]
    assert len(ours) == len(expected) + 1
    assert "Check the parties' legal names." in [c.text for c in comments]
    ids = [c.comment_id for c in comments]
    assert len(set(ids)) == len(ids)


def test_body_is_untouched_and_input_never_written(annotated) -> None:
    source, out, digest = annotated
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    assert body_signature(out) == body_signature(source)
    before, after = read_document(source), read_document(out)
    assert [(b.text, b.kind, b.location) for b in before.blocks] == \
        [(b.text, b.kind, b.location) for b in after.blocks]
    assert [p.text for p in docx.Document(str(out)).paragraphs] == \
        [p.text for p in docx.Document(str(source)).paragraphs]
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        for name in a.namelist():
            if name not in ("word/document.xml", "word/comments.xml"):
                assert a.read(name) == b.read(name), name  # every other part byte for byte


def test_relationships_and_markers_are_valid(annotated) -> None:
    _, out, _ = annotated
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        types = archive.read("[Content_Types].xml").decode()
        body = etree.fromstring(archive.read("word/document.xml"))
    for rel in rels.iter(f"{REL_NS}Relationship"):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target")
            part = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join("word", target)))
            assert part in names, target
    assert sum(1 for r in rels.iter(f"{REL_NS}Relationship")
               if r.get("Type") == COMMENTS_REL) == 1
    assert COMMENTS_TYPE in types
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    starts = [e.get(f"{w}id") for e in body.iter(f"{w}commentRangeStart")]
    ends = [e.get(f"{w}id") for e in body.iter(f"{w}commentRangeEnd")]
    refs = [e.get(f"{w}id") for e in body.iter(f"{w}commentReference")]
    assert sorted(starts) == sorted(ends) == sorted(refs) == sorted(comment_texts(out))


def test_only_error_keeps_errors_and_the_summary(tmp_path: Path) -> None:
    source = agreement(tmp_path / "mou.docx")
    out = tmp_path / "errors.docx"
    result = runner.invoke(app, ["annotate", str(source), "-o", str(out), "--only", "error"])
    assert result.exit_code == 0, result.output
    texts = list(comment_texts(out).values())
    assert any(t.startswith("SECURE rubric review") for t in texts)
    rules = [t for t in texts if not t.startswith("SECURE rubric review")]
    assert rules and all("(error); source" in t for t in rules)


def test_output_naming_the_input_is_a_usage_error(tmp_path: Path) -> None:
    source = agreement(tmp_path / "mou.docx")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = runner.invoke(app, ["annotate", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "never overwritten" in result.output
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    missing = runner.invoke(app, ["annotate", str(tmp_path / "none.docx"), "-o",
                                  str(tmp_path / "x.docx")])
    assert missing.exit_code == 3 and "error[not_found]" in missing.output


def test_pdf_gives_a_docx_of_its_text_with_page_markers(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "mou.pdf", [
        Page([Text("MEMORANDUM OF UNDERSTANDING", bold=True),
              Text(DISCIPLINE, space_before=14)]),
        Page([Text("2. Searches", bold=True), Text(SEARCH, space_before=14)])])
    out = tmp_path / "mou-reviewed.docx"
    result = runner.invoke(app, ["annotate", str(pdf)])  # default name beside the input
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "[Page 1]" in paragraphs and "[Page 2]" in paragraphs
    assert paragraphs.index("[Page 2]") < paragraphs.index(SEARCH)
    comments = by_title(out)
    assert comments["MET: SRO kept out of school discipline"][0] == DISCIPLINE


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: apt-get install "
                           "libreoffice-writer-nogui)")
def test_libreoffice_opens_the_copy(annotated, tmp_path: Path) -> None:
    _, out, _ = annotated
    profile = tmp_path / "profile"  # a private profile: no clash with another soffice
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", EXPORT_WITH_COMMENTS, "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = pdfium.PdfDocument(tmp_path / "out.pdf")
    pages = [pdf[i] for i in range(len(pdf))]  # held: a page's raw handle dies with it
    text = "".join(page.get_textpage().get_text_range() for page in pages)
    assert "involved in school discipline" in text
    # LibreOffice exports Word comments as PDF text annotations: one per comment
    annotations = 0
    for page in pages:
        for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
            annotations += pdfium_c.FPDFAnnot_GetSubtype(annotation) == pdfium_c.FPDF_ANNOT_TEXT
            pdfium_c.FPDFPage_CloseAnnot(annotation)  # the popups are the other half
    assert annotations == len(comment_texts(out))
