"""Build the sample agreements in sample_mous/ from their markup sources.

Run from the repository root:

    .venv/bin/python sample_mous/build.py

For every ``sample_mous/source/<name>.md`` it writes ``sample_mous/<name>.docx`` and/or
``sample_mous/<name>.pdf``, and it also writes two error-path samples:
``scanned-agreement.pdf`` (page images only, no text layer) and
``encrypted-agreement.pdf`` (user password ``secure-mou``). The output is deterministic:
fixed creation dates and metadata, fixed ZIP entry times in the DOCX files.

Source markup (one file per agreement)
--------------------------------------
* First line: ``<!-- formats: docx -->``, ``<!-- formats: pdf -->`` or
  ``<!-- formats: docx, pdf -->``. Optional keys on the following comment lines:
  ``<!-- header: Running header text -->`` (PDF running header on every page),
  ``<!-- columns: 2 -->`` (two-column PDF), ``<!-- title: Document title -->``
  (document metadata).
* ``# Heading``, ``## Heading``, ``### Heading``: Heading 1/2/3 (DOCX heading styles;
  bold text in the PDF).
* Paragraphs are separated by blank lines; lines of one paragraph are joined with a space.
  A line that starts with a label such as ``(a)``, ``(iv)``, ``a.``, ``1.`` or ``4.2``
  starts a new plain paragraph that keeps its label (so lettered lists need no blank
  lines between items).
* ``- item``: a bulleted list item (DOCX style 'List Bullet').
* Consecutive ``| cell | cell |`` lines: a table; the first row is the header row
  (DOCX 'Table Grid'; a simple grid in the PDF). A ``|---|---|`` separator row is ignored.
* ``<!-- pagebreak -->``: a page break.
* ``<!-- columns: 1 -->`` / ``<!-- columns: 2 -->`` inside the body switches the PDF
  between one and two columns from that point on (DOCX ignores it).
* ``**bold**`` inline.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Inches, Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
FIXED_DATE = datetime(2024, 1, 15, 12, 0, 0, tzinfo=UTC)
ZIP_DATE = (2024, 1, 15, 12, 0, 0)
PRODUCER = "secure-mou sample builder"
ENCRYPTED_PASSWORD = "secure-mou"

# --------------------------------------------------------------------------- parsing

COMMENT_RE = re.compile(r"^<!--\s*([A-Za-z_-]+)\s*(?::\s*(.*?))?\s*-->\s*$")
HEADING_RE = re.compile(r"^(#{1,3})\s+(.*)$")
# labels that start their own paragraph: (a) (iv) (12) a. iv. 1. 4.2 4.2.1
LABEL_RE = re.compile(r"^(\([A-Za-z0-9]{1,5}\)|[A-Za-z]\.|[ivxlIVXL]{1,5}\.|\d+(\.\d+)*\.?)\s")
# labels indented as list items (letters and roman numerals, not section numbers)
INDENT_LABEL_RE = re.compile(r"^(\([A-Za-z]{1,5}\)|\(\d{1,2}\)|[a-z]\.|[ivx]{1,5}\.)\s")


@dataclass
class Block:
    kind: str  # heading, para, bullet, table, pagebreak, columns
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    name: str
    formats: list[str]
    header: str | None
    columns: int
    title: str | None
    blocks: list[Block]


def parse(path: Path) -> Source:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = COMMENT_RE.match(lines[i].strip())
        if not m or m.group(1).lower() == "pagebreak":
            break
        meta[m.group(1).lower()] = (m.group(2) or "").strip()
        i += 1
    if "formats" not in meta:
        raise SystemExit(f"{path}: first line must be <!-- formats: ... -->")
    formats = [f.strip().lower() for f in meta["formats"].split(",") if f.strip()]
    bad = set(formats) - {"docx", "pdf"}
    if bad or not formats:
        raise SystemExit(f"{path}: unknown format(s) {sorted(bad) or formats}")

    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush_para() -> None:
        if para:
            blocks.append(Block("para", " ".join(s.strip() for s in para)))
            para.clear()

    def flush_table() -> None:
        if table:
            blocks.append(Block("table", rows=[r[:] for r in table]))
            table.clear()

    for raw in lines[i:]:
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            flush_para()
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            table.append(cells)
            continue
        flush_table()
        if not stripped:
            flush_para()
            continue
        m = COMMENT_RE.match(stripped)
        if m:
            flush_para()
            key = m.group(1).lower()
            if key == "pagebreak":
                blocks.append(Block("pagebreak"))
            elif key == "columns":
                blocks.append(Block("columns", level=int(m.group(2) or 1)))
            continue  # other comments are ignored
        h = HEADING_RE.match(stripped)
        if h:
            flush_para()
            blocks.append(Block("heading", h.group(2).strip(), level=len(h.group(1))))
            continue
        if stripped.startswith("- "):
            flush_para()
            blocks.append(Block("bullet", stripped[2:].strip()))
            continue
        if LABEL_RE.match(stripped):
            flush_para()
        para.append(stripped)
    flush_para()
    flush_table()
    return Source(
        name=path.stem,
        formats=formats,
        header=meta.get("header") or None,
        columns=int(meta.get("columns") or 1),
        title=meta.get("title") or None,
        blocks=blocks,
    )


def bold_runs(text: str) -> list[tuple[str, bool]]:
    """Split ``**bold**`` markup into (text, is_bold) runs."""
    parts = text.split("**")
    return [(p, i % 2 == 1) for i, p in enumerate(parts) if p]


def plain(text: str) -> str:
    return text.replace("**", "")


# --------------------------------------------------------------------------- DOCX


def build_docx(src: Source, out: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11.5)
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(1)

    for block in src.blocks:
        if block.kind == "heading":
            doc.add_heading(plain(block.text), level=block.level)
        elif block.kind == "para":
            p = doc.add_paragraph()
            for text, bold in bold_runs(block.text):
                p.add_run(text).bold = bold or None
            if INDENT_LABEL_RE.match(block.text):
                p.paragraph_format.left_indent = Inches(0.5)
        elif block.kind == "bullet":
            p = doc.add_paragraph(style="List Bullet")
            for text, bold in bold_runs(block.text):
                p.add_run(text).bold = bold or None
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            table = doc.add_table(rows=0, cols=ncols)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                cells = table.add_row().cells
                for c in range(ncols):
                    cell_text = row[c] if c < len(row) else ""
                    para = cells[c].paragraphs[0]
                    for text, bold in bold_runs(cell_text):
                        para.add_run(text).bold = (bold or r == 0) or None
            doc.add_paragraph()
        elif block.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    props = doc.core_properties
    props.title = src.title or ""
    props.author = "secure-mou samples"
    props.last_modified_by = "secure-mou samples"
    props.comments = ""
    props.revision = 1
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)

    buf = io.BytesIO()
    doc.save(buf)
    write_fixed_zip(buf.getvalue(), out)


def write_fixed_zip(data: bytes, out: Path) -> None:
    """Rewrite a ZIP package with fixed entry times so the DOCX is byte-for-byte stable."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    out.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------- PDF

LATIN1_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": " - ", "\u2015": " - ", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\u2026": "...", "\u2022": "\xb7", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2122": "(TM)", "\u2032": "'", "\u2033": '"', "\u2264": "<=",
    "\u2265": ">=", "\u2192": "->", "\u25aa": "-", "\u25cb": "o",
}


def latin1(text: str) -> str:
    text = "".join(LATIN1_MAP.get(ch, ch) for ch in text)
    text = text.replace("  -  ", " - ").replace(" -  ", " - ")
    return text.encode("latin-1", "replace").decode("latin-1")


class AgreementPDF(FPDF):
    def __init__(self, running_header: str | None, body_font: str = "Times") -> None:
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.running_header = running_header
        self.body_font = body_font
        self.set_margins(25.4, 22, 25.4)
        self.set_auto_page_break(True, margin=22)
        self.set_creation_date(FIXED_DATE)
        self.set_producer(PRODUCER)
        self.set_creator(PRODUCER)
        self.set_author("secure-mou samples")

    def header(self) -> None:
        if self.running_header:
            self.set_font("Helvetica", "I", 8.5)
            self.set_y(10)
            self.cell(0, 5, latin1(self.running_header), align="C",
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(120, 120, 120)
            self.line(self.l_margin, 16, self.w - self.r_margin, 16)
            self.set_y(22)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8.5)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


HEADING_SIZES = {1: 13.5, 2: 12, 3: 11}
BODY_SIZE = 11


def build_pdf(src: Source, out: Path) -> None:
    pdf = AgreementPDF(src.header)
    pdf.alias_nb_pages("{nb}")
    if src.title:
        pdf.set_title(latin1(src.title))
    pdf.set_lang("en-US")
    pdf.add_page()
    font = pdf.body_font

    ncols = src.columns
    cols = None

    def open_cols() -> None:
        nonlocal cols
        if cols is None:
            cols = pdf.text_columns(
                ncols=ncols, gutter=8, text_align="J", line_height=1.2, balance=ncols > 1
            )
            cols.__enter__()

    def close_cols() -> None:
        nonlocal cols
        if cols is not None:
            cols.__exit__(None, None, None)
            cols = None
            pdf.ln(2)

    for block in src.blocks:
        if block.kind == "columns":
            close_cols()
            ncols = max(1, block.level)
            continue
        if block.kind == "pagebreak":
            close_cols()
            pdf.add_page()
            continue
        if block.kind == "table":
            close_cols()
            pdf.set_font(font, "", 9.5 if ncols == 1 else 9)
            ncell = max(len(r) for r in block.rows)
            rows = [[latin1(plain(c)) for c in r] + [""] * (ncell - len(r)) for r in block.rows]
            with pdf.table(
                first_row_as_headings=True, line_height=5.2, text_align="LEFT",
                padding=1.5, borders_layout="ALL",
            ) as table:
                for row in rows:
                    tr = table.row()
                    for cell in row:
                        tr.cell(cell)
            pdf.ln(4)
            continue
        open_cols()
        assert cols is not None
        if block.kind == "heading":
            pdf.set_font(font, "B", HEADING_SIZES[block.level])
            align = "C" if block.level == 1 else "L"
            with cols.paragraph(text_align=align, top_margin=3, bottom_margin=2) as par:
                par.write(latin1(plain(block.text)))
            continue
        indent = 0.0
        bullet = ""
        if block.kind == "bullet":
            indent, bullet = 7.0, "\xb7"
        elif INDENT_LABEL_RE.match(block.text):
            indent = 8.0
        with cols.paragraph(
            top_margin=0, bottom_margin=2.6, indent=indent, bullet_string=bullet,
            bullet_r_margin=2.5 if bullet else None,
        ) as par:
            for text, bold in bold_runs(block.text):
                pdf.set_font(font, "B" if bold else "", BODY_SIZE)
                par.write(latin1(text))
        pdf.set_font(font, "", BODY_SIZE)
    close_cols()
    pdf.output(str(out))


# --------------------------------------------------------------------------- error paths


def source_plain_lines(src: Source) -> list[tuple[str, bool]]:
    """Flatten a source to (line text, is_heading) for the image-only sample."""
    out: list[tuple[str, bool]] = []
    for block in src.blocks:
        if block.kind == "heading":
            out.append((plain(block.text), True))
        elif block.kind in ("para", "bullet"):
            prefix = "\u2022 " if block.kind == "bullet" else ""
            out.append((prefix + plain(block.text), False))
        elif block.kind == "table":
            for row in block.rows:
                out.append(("   ".join(plain(c) for c in row), False))
    return out


def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    for base in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        path = Path(base) / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def render_pages(lines: list[tuple[str, bool]], max_pages: int = 2) -> list[Image.Image]:
    """Render text lines onto Letter-size page images at 100 dpi, like a photocopy scan."""
    width, height, margin = 850, 1100, 80
    body, head = load_font(15), load_font(17, bold=True)
    rng = random.Random(1998)
    pages: list[Image.Image] = []
    page = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(page)
    y = margin

    def new_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
        img = Image.new("L", (width, height), 250)
        return img, ImageDraw.Draw(img)

    for text, is_head in lines:
        font = head if is_head else body
        words, cur, wrapped = text.split(), "", []
        for w in words:
            trial = f"{cur} {w}".strip()
            if draw.textlength(trial, font=font) > width - 2 * margin:
                wrapped.append(cur)
                cur = w
            else:
                cur = trial
        wrapped.append(cur)
        for ln in wrapped:
            if y > height - margin - 24:
                pages.append(page)
                if len(pages) >= max_pages:
                    return finish_scans(pages, rng)
                page, draw = new_page()
                y = margin
            x = (width - draw.textlength(ln, font=font)) / 2 if is_head else margin
            draw.text((x, y), ln, fill=25, font=font)
            y += 22 if not is_head else 26
        y += 9
    pages.append(page)
    return finish_scans(pages[:max_pages], rng)


def finish_scans(pages: list[Image.Image], rng: random.Random) -> list[Image.Image]:
    done = []
    for img in pages:
        angle = rng.uniform(-0.6, 0.6)
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
        # a few specks, as on a photocopy
        draw = ImageDraw.Draw(img)
        for _ in range(60):
            x, y = rng.randrange(img.width), rng.randrange(img.height)
            draw.point((x, y), fill=rng.randrange(60, 160))
        done.append(img)
    return done


def build_scanned(src: Source, out: Path) -> None:
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("Scan-to-PDF 4.1")
    pdf.set_creator("Scan-to-PDF 4.1")
    pdf.set_auto_page_break(False)
    for img in render_pages(source_plain_lines(src)):
        pdf.add_page()
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=60, optimize=False)
        buf.seek(0)
        pdf.image(buf, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(out))


def build_encrypted(out: Path) -> None:
    pdf = AgreementPDF("Confidential draft")
    pdf.alias_nb_pages("{nb}")
    pdf.set_title("Memorandum of Understanding (password protected)")
    pdf.set_encryption(owner_password="owner-" + ENCRYPTED_PASSWORD,
                       user_password=ENCRYPTED_PASSWORD)
    pdf.add_page()
    pdf.set_font("Times", "B", 13)
    pdf.multi_cell(0, 7, "MEMORANDUM OF UNDERSTANDING\nRIVERBEND SCHOOL DISTRICT AND "
                   "RIVERBEND POLICE DEPARTMENT", align="C", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Times", "", 11)
    body = (
        "1. Parties. This Memorandum of Understanding is entered into by the Riverbend "
        "School District (the District) and the Riverbend Police Department (the "
        "Department).\n\n"
        "2. Role. The school resource officer (SRO) is responsible for the safety and "
        "security of students and staff. The SRO shall not take part in school "
        "discipline, which belongs to school administrators alone.\n\n"
        "3. Term. This Memorandum runs from July 1, 2022 to June 30, 2023.\n\n"
        "Signed for the District: ____________________    Date: __________\n\n"
        "Signed for the Department: __________________    Date: __________"
    )
    pdf.multi_cell(0, 6, body, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(str(out))


# --------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    sources = sorted(SOURCE_DIR.glob("*.md"))
    if not sources:
        print(f"no sources in {SOURCE_DIR}", file=sys.stderr)
        return 1
    parsed = {}
    for path in sources:
        src = parse(path)
        parsed[src.name] = src
        if "docx" in src.formats:
            build_docx(src, HERE / f"{src.name}.docx")
            print(f"wrote {src.name}.docx")
        if "pdf" in src.formats:
            build_pdf(src, HERE / f"{src.name}.pdf")
            print(f"wrote {src.name}.pdf")
    scan_src = parsed.get("harbor-county-1998") or next(iter(parsed.values()))
    build_scanned(scan_src, HERE / "scanned-agreement.pdf")
    print("wrote scanned-agreement.pdf")
    build_encrypted(HERE / "encrypted-agreement.pdf")
    print("wrote encrypted-agreement.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
