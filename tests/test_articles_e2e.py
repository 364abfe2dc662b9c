"""Scraped articles end to end: cleanup report beside the outputs, provenance lines."""

from __future__ import annotations

from compiler import build
from compiler.errors import BookError


def test_cleanup_report_lists_what_was_removed(example_build):
    report = example_build.outputs["report"]
    assert report.name == "power-and-music-report.md"
    text = report.read_text(encoding="utf-8")
    assert "## articles/might-belarus-become-the-next-syria.md" in text
    for removed in (
        "thesaker.is",
        "Lukashenko and son",
        "Order Now",
        "The Essential Saker IV: Messianic Narcissism",
    ):
        assert removed in text, removed
    seed = next(c for c in example_build.book.chapters() if "Belarus" in c.title)
    for gone in ("Order Now", "Lukashenko and son", "Essential Saker IV"):
        assert gone not in seed.body
    assert seed.author == "The Saker"
    assert "<em>legally</em>" in seed.body
    assert "But in the context of the Belarusian crisis" in seed.body


def test_clean_essays_report_no_structural_changes(example_build):
    text = example_build.outputs["report"].read_text(encoding="utf-8")
    section = text.split("## articles/lecture-03.md", 1)[1].split("\n## ", 1)[0]
    for rule in ("site-header", "byline", "trailing-ads", "signature", "orphan-captions"):
        assert f"### {rule}" not in section


def test_provenance_template_from_volume(make_volume, tmp_path):
    volume = make_volume(
        "title: Dispatches\nprovenance: 'Originally at {site}, {date}'\ncontents:\n"
        "  - file: a.md\n    url: https://www.example.org/a\n    date: 2020-08-31\n"
        "  - b.md\n",
        {"a.md": "# First\n\nSome text here.\n", "b.md": "# Second\n\nMore text.\n"},
    )
    result = build(volume, formats=["epub"])
    first, second = list(result.book.chapters())
    assert first.provenance == "Originally at example.org, 31 August 2020"
    assert second.provenance is None


def test_bad_provenance_placeholder_is_a_located_error(make_volume):
    volume = make_volume(
        "title: Dispatches\nprovenance: 'First at {place}'\ncontents:\n  - a.md\n",
        {"a.md": "# First\n\nText.\n"},
    )
    try:
        build(volume, formats=["epub"])
    except BookError as exc:
        message = str(exc.problems[0])
        assert message.startswith(f"{volume}:2:")
        assert "unknown placeholder {place}" in message
    else:
        raise AssertionError("expected a BookError")


def test_images_in_the_editors_own_texts_reach_the_book(make_volume, tmp_path):
    """A foreword's or a part introduction's picture is checked and carried like an article's."""
    import io
    import zipfile

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "gray").save(buffer, "PNG")
    volume = make_volume(
        "title: Dispatches\nfront:\n  foreword: matter/foreword.md\ncontents:\n"
        "  - part: First\n    intro: matter/intro.md\n    articles: [a.md]\n",
        {
            "a.md": "# First\n\nSome text here.\n",
            "matter/foreword.md": "# Foreword\n\nA word first.\n\n![Madison](plate.png)\n",
            "matter/intro.md": "An introduction.\n\n![Hamilton](plate2.png)\n",
            "matter/plate.png": buffer.getvalue(),
            "matter/plate2.png": buffer.getvalue()[:80],
        },
    )
    try:
        build(volume, formats=["epub"])
    except BookError as exc:
        assert "plate2.png" in str(exc)  # a broken picture is an error, even in matter
    else:
        raise AssertionError("the truncated picture should have been refused")
    (tmp_path / "matter/plate2.png").write_bytes(buffer.getvalue())
    result = build(volume, formats=["epub"])
    assert len(result.book.assets) == 1  # the same picture twice is stored once
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        [key] = result.book.assets
        assert f"EPUB/{key}" in z.namelist()
        foreword = z.read("EPUB/foreword.xhtml").decode()
        assert key in foreword
