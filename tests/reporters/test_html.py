import re
from html.parser import HTMLParser

from secure_mou.reporters import ReportOptions, render
from tests.reporters.sample_runs import mixed_run


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def page() -> str:
    return render("html", mixed_run(), ReportOptions())


def test_self_contained_no_scripts_or_network_resources() -> None:
    parser = Tags()
    parser.feed(page())
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names and "link" not in names
    assert "style" in names and "svg" in names
    urls = [value for _, attrs in parser.tags for key, value in attrs.items()
            if key in ("src", "href") and value]
    assert all(not re.match(r"https?:|//", url) for url in urls)
    assert not re.search(r"url\(\s*['\"]?https?:", page())


def test_document_text_is_escaped() -> None:
    text = page()
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "password-protected &amp; &lt;locked&gt;" in text


def test_header_chart_and_findings_for_every_document() -> None:
    text = page()
    assert text.count("<section ") == 3
    assert text.count("<svg ") == 2  # no chart for the unreadable document
    assert "Overall score <strong>56%</strong>" in text
    assert "<td>Pages</td><td>7</td>" in text
    assert 'class="badge waived"' in text and "FERPA addendum signed separately" in text
    assert "Add a clause for SECURE-4.4." in text


def test_summary_first_plain_labels_and_nothing_a_board_cannot_use() -> None:
    text = page()
    first = text[text.index('<section id="doc-0">'):text.index('<section id="doc-1">')]
    assert first.index('class="summary"') < first.index("<h3>Step 1.")
    assert "Fails: 2 serious gaps to fix before it passes" in first
    assert "SHA-256" not in text and "—</td>" not in text and "<td>Pages</td>" not in first
    assert "<pre>" not in text and "Model language" in text
    # status in text and shape, not colour alone; a red flag names what it contradicts
    assert '<span class="badge conflict">⚠ red flag</span>' in first
    assert "<strong>Contradicts SECURE-1.3</strong>" in first
    assert first.count("&lt;script&gt;") == 1  # the flag's quote, not repeated under 1.3
    assert "✔ Met: SECURE-1.1" in first


def test_print_stylesheet_keeps_findings_whole() -> None:
    text = page()
    assert "@media print" in text
    assert re.search(r"\.finding,[^{]*\{break-inside:avoid", text)
