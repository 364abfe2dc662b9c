"""A page laid out as sibling panes (title, summary, text) with no ``<article>`` or ``<main>``.

Drupal panel layouts, as on the archived White House site of tests/realworld/open-web, put
the summary and the transcript of a speech in separate panes; readability takes the
transcript. The opening between the page's title and the text comes back, and the report
says so. The prose is public-domain text from *The Federalist* (tests/corpus/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from compiler.sources.html import extract_page

CORPUS = Path(__file__).resolve().parent / "corpus" / "federalist"


def paragraphs(number: int) -> list[str]:
    text = (CORPUS / f"federalist-{number}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return [p for p in text.strip().split("\n\n") if len(p.split()) > 30]


SUMMARY = paragraphs(47)[:2]
TEXT = paragraphs(51)[:8]


def panes(title: str = "<h1>The Federalist No. 51</h1>") -> str:
    summary = "".join(f"<p>{p}</p>" for p in SUMMARY)
    text = "".join(f"<p>{p}</p>" for p in TEXT)
    return (
        "<!DOCTYPE html><html><head><title>The Federalist No. 51</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/papers">Papers</a></div>'
        '<div class="panel-display"><div class="panel-col-content" id="content-start">'
        '<div class="pane-custom"><p>For Immediate Release</p></div>'
        f'<div class="pane-node-title">{title}</div>'
        f'<div class="pane-node-field-body"><div class="field-item">{summary}</div></div>'
        '<div class="pane-media-links"><a href="/a.mp4">MP4</a><a href="/a.mp3">MP3</a></div>'
        f'<div class="pane-node-field-transcript"><div class="field-item">{text}</div></div>'
        '</div></div><div class="footer"><p>Copyright notice of the site.</p></div>'
        "</body></html>"
    )


def text_of(body: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(body, create_parent="div").text_content().split())


def test_the_summary_pane_between_title_and_text_comes_back_before_the_text():
    page = extract_page(panes(), Path("federalist-51.html"))
    text = text_of(page.body)
    summary_at = text.index(" ".join(SUMMARY[0].split()[:12]))
    assert summary_at < text.index(" ".join(TEXT[0].split()[:12]))
    assert " ".join(SUMMARY[1].split()[:12]) in text
    assert "MP4" not in text and "For Immediate Release" not in text
    kept = [c for c in page.changes if c.action == "kept"]
    assert [c.note for c in kept] == ["left out by the main-text finder"] * 2


def test_without_a_title_heading_above_the_text_nothing_is_added():
    page = extract_page(panes(title=""), Path("federalist-51.html"))
    text = text_of(page.body)
    assert " ".join(SUMMARY[0].split()[:12]) not in text
    assert " ".join(TEXT[0].split()[:12]) in text
