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
    assert "<td>Overall score</td><td>56%</td>" in text
    assert "<td>Pages</td><td>7</td>" in text
    assert 'class="badge waived"' in text and "FERPA addendum signed separately" in text
    assert "Add a clause for SECURE-4.4." in text
