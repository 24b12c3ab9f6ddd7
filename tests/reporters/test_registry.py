import pytest

from secure_mou.errors import UsageError
from secure_mou.reporters import FORMATS, REPORTERS, ReportOptions, render
from tests.reporters.sample_runs import mixed_run


def test_every_promised_format_is_registered() -> None:
    assert set(FORMATS) == {"console", "json", "sarif", "junit", "markdown", "html", "github"}
    assert all(REPORTERS[name].name == name for name in FORMATS)


def test_unknown_format_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError) as caught:
        render("pdf", mixed_run(), ReportOptions())
    assert caught.value.code == "usage"
    assert "sarif" in (caught.value.hint or "")


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_is_deterministic_and_ends_in_a_newline(name: str) -> None:
    options = ReportOptions(color=False, width=80)
    first = render(name, mixed_run(), options)
    assert first.endswith("\n")
    assert first == render(name, mixed_run(), options)


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_names_the_unreadable_document_and_its_code(name: str) -> None:
    text = render(name, mixed_run(), ReportOptions(color=False, width=80))
    assert "locked.pdf" in text
    assert "encrypted" in text
