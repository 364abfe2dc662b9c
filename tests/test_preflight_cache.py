"""Preflight with the build cache: pages checked before are not measured again, and the
findings are exactly those of a check without the cache."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from weasyprint import HTML

from compiler.config import PrintSettings
from compiler.interior.page_keys import page_keys
from compiler.interior.preflight import preflight
from compiler.machinery.cache import Cache

SETTINGS = PrintSettings(trim="6x9in", pod="kdp")
STYLE = "<style>@page { size: 6in 9in; margin: 0.9in }</style>"
PAGES = [
    "<p style='margin-left: -0.8in'>Federalist No. 10, on faction</p>",
    "<p>The same subject continued</p>",
    "<p>Concerning the powers of the Union</p>",
    "<p>The insufficiency of the present Confederation</p>",
]


def write(path: Path, pages: list[str]) -> Path:
    body = "".join(
        page if index == 0 else page.replace("<p", "<p class='next'", 1)
        for index, page in enumerate(pages)
    )
    HTML(string=STYLE + "<style>.next { break-before: page }</style>" + body).write_pdf(path)
    return path


def test_cached_findings_equal_uncached_cold_and_warm(tmp_path):
    pdf = write(tmp_path / "book.pdf", PAGES)
    plain = preflight(pdf, SETTINGS, "en")
    assert [f.pages for f in plain if f.code == "P001"] == [(1,)]
    cold = Cache(tmp_path / "cache")
    assert preflight(pdf, SETTINGS, "en", cache=cold) == plain
    assert cold.misses == len(PAGES) and cold.hits == 0
    warm = Cache(tmp_path / "cache")
    assert preflight(pdf, SETTINGS, "en", cache=warm) == plain
    assert warm.hits == len(PAGES) and warm.misses == 0


def test_a_changed_page_is_checked_again(tmp_path):
    cache = Cache(tmp_path / "cache")
    preflight(write(tmp_path / "before.pdf", PAGES), SETTINGS, cache=cache)
    # Same words, so the same font subset: only the second page's content changes.
    edited = [PAGES[0], PAGES[1].replace("<p>", "<p style='margin-left: -0.8in'>"), *PAGES[2:]]
    after = write(tmp_path / "after.pdf", edited)
    again = Cache(tmp_path / "cache")
    findings = preflight(after, SETTINGS, cache=again)
    assert findings == preflight(after, SETTINGS)
    assert [f.pages for f in findings if f.code == "P001"] == [(1,), (2,)]
    assert again.misses == 1 and again.hits == len(PAGES) - 1


def test_the_binding_side_and_the_margins_are_in_the_key(tmp_path):
    """A page that moves from recto to verso, or a book under other margins, is re-measured."""
    pdf = write(tmp_path / "book.pdf", PAGES)
    cache = Cache(tmp_path / "cache")
    preflight(pdf, SETTINGS, cache=cache)
    shifted = write(tmp_path / "shifted.pdf", ["<p>Preface</p>", *PAGES])
    again = Cache(tmp_path / "cache")
    findings = preflight(shifted, SETTINGS, cache=again)
    assert findings == preflight(shifted, SETTINGS)
    assert again.hits == 0  # every page changed sides
    other = Cache(tmp_path / "cache")
    bleed = PrintSettings(trim="6x9in", pod="kdp", bleed=True)
    assert preflight(pdf, bleed, cache=other) == preflight(pdf, bleed)
    assert other.hits == 0


def test_page_keys_follow_content_not_the_file(tmp_path):
    first = page_keys(PdfReader(write(tmp_path / "a.pdf", PAGES)))
    second = page_keys(PdfReader(write(tmp_path / "b.pdf", PAGES)))
    assert first == second and len(set(first)) == len(PAGES)
    edited = page_keys(PdfReader(write(tmp_path / "c.pdf", [*PAGES[:3], PAGES[3] + "<p>,</p>"])))
    assert edited[:3] == first[:3] and edited[3] != first[3]


def test_an_unreadable_file_is_reported_with_or_without_the_cache(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf")
    cache = Cache(tmp_path / "cache")
    assert preflight(broken, SETTINGS, cache=cache) == preflight(broken, SETTINGS)
    assert [f.code for f in preflight(broken, SETTINGS, cache=cache)] == ["P009"]
