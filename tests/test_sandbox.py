"""What the build may read: the PDF engine's fetcher, image checks, limits, part introductions.

The bad-input corpus shows each refusal end to end; these tests pin down the pieces, and the
cases the corpus cannot show, such as the images that must still get through.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from PIL import Image
from weasyprint import HTML

from compiler.book.assemble import assemble
from compiler.config import load_volume
from compiler.errors import BookError, Diagnostics
from compiler.interior.sandbox import BOOK_BASE_URL, SandboxedFetcher
from compiler.machinery.styles import styles_dir
from compiler.sources.images import book_copy, collect_images
from compiler.sources.limits import MAX_ARTICLE_BYTES, MAX_NESTING, nesting_depth
from compiler.sources.text import locate, normalise_text, read_article_text

TESTS = Path(__file__).parent
F51 = TESTS / "corpus" / "federalist" / "federalist-51.md"


# --- The PDF engine's fetcher -----------------------------------------------------------------


@pytest.fixture
def book_with_secret(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "book"
    book.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    return book, secret


def test_fetcher_serves_book_assets_by_their_stable_names(tmp_path):
    picture = tmp_path / "capitol.png"
    picture.write_bytes(b"\x89PNG not checked here")
    fetcher = SandboxedFetcher([styles_dir()], {"images/ab12.png": picture})
    response = fetcher.fetch(BOOK_BASE_URL + "images/ab12.png")
    assert response.headers["Content-Type"] == "image/png"
    with pytest.raises(FileNotFoundError):
        fetcher.fetch(BOOK_BASE_URL + "images/elsewhere.png")


def test_fetcher_serves_our_styles_and_fonts():
    fetcher = SandboxedFetcher([styles_dir()])
    css = (styles_dir() / "base.css").as_uri()
    assert fetcher.fetch(css).headers["Content-Type"] == "text/css"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "https://thesaker.is/wp-content/uploads/capitol.jpg",
        "http://127.0.0.1:9/tracker.gif",
        "ftp://example.org/file.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_fetcher_refuses_every_other_scheme(url):
    fetcher = SandboxedFetcher([styles_dir()])
    with pytest.raises(PermissionError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_files_outside_its_roots_even_through_symlinks(book_with_secret):
    book, secret = book_with_secret
    (book / "innocent.css").symlink_to(secret)
    fetcher = SandboxedFetcher([book])
    for url in (
        secret.as_uri(),
        (book / ".." / "secret.txt").as_uri(),
        (book / "innocent.css").as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_weasyprint_with_the_fetcher_reads_nothing_it_should_not(book_with_secret):
    """Even markup that slipped past every other check cannot pull a file into the PDF."""
    book, secret = book_with_secret
    hostile = (
        f'<p>Federalist No. 51</p><img src="{secret.as_uri()}">'
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="file:///etc/passwd">'
        f'<iframe src="{secret.as_uri()}"></iframe><object data="{secret.as_uri()}"></object>'
    )
    fetcher = SandboxedFetcher([styles_dir()])
    pdf = HTML(string=hostile, base_url=BOOK_BASE_URL, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert b"SECRET" not in pdf
    assert secret.as_uri() in fetcher.refused
    assert "http://127.0.0.1:9/x.png" in fetcher.refused


# --- Images that must get through -----------------------------------------------------------


def _raster(fmt: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (30, 20), 128).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("capitol.png", _raster("PNG")),
        ("capitol.jpg", _raster("JPEG")),
        ("capitol.jpeg", _raster("JPEG")),
        ("capitol.gif", _raster("GIF", "P")),
        ("capitol.webp", _raster("WEBP")),
        (
            "rule.svg",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            b'<style>.a { fill: url(#g) }</style><defs><linearGradient id="g"/></defs>'
            b'<rect class="a" width="10" height="10"/><use xlink:href="#g"/>'
            b'<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>',
        ),
    ],
)
def test_good_images_are_kept_under_a_content_name(tmp_path, name, data):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / name).write_bytes(data)
    article = tmp_path / "essay.md"
    root = lxml_html.fragment_fromstring(f'<p><img src="images/{name}"></p>', create_parent="div")
    diagnostics = Diagnostics()
    found = collect_images(root, article, tmp_path, diagnostics)
    [(key, path)] = found.items()
    assert key.startswith("images/") and key.endswith(Path(name).suffix)
    assert path == (tmp_path / "images" / name).resolve()
    assert root.find(".//img").get("src") == key
    assert diagnostics.warnings == []


_SVG_11_DOCTYPE = (
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
)
_DIAGRAM = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + _SVG_11_DOCTYPE + b"\n",
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- Generator: Adobe Illustrator -->\n"
        + _SVG_11_DOCTYPE,
        b'<!DOCTYPE svg SYSTEM "svg11.dtd">',
        b"<!DOCTYPE svg>",
    ],
)
def test_a_bare_svg_doctype_is_dropped_from_the_books_copy(tmp_path, prolog):
    """Drawing programs still write the SVG 1.1 DOCTYPE; without an internal subset it
    declares nothing, so the picture is kept and no reader is pointed at the DTD."""
    (tmp_path / "diagram.svg").write_bytes(prolog + _DIAGRAM)
    root = lxml_html.fragment_fromstring('<p><img src="diagram.svg"></p>', create_parent="div")
    [(key, path)] = collect_images(root, tmp_path / "essay.md", tmp_path, Diagnostics()).items()
    stored = book_copy(path)
    assert b"DOCTYPE" not in stored and stored.endswith(b"<rect/></svg>")
    fetcher = SandboxedFetcher([styles_dir()], {key: path})
    assert fetcher.fetch(BOOK_BASE_URL + key).read() == stored


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" '
        b'[<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        b"<!DOCTYPE svg []>",
        b'<!DOCTYPE svg>\n<!DOCTYPE svg [<!ENTITY a "b">]>',
    ],
)
def test_an_svg_doctype_with_declarations_is_still_refused(tmp_path, doctype):
    (tmp_path / "diagram.svg").write_bytes(doctype + _DIAGRAM)
    root = lxml_html.fragment_fromstring('<p><img src="diagram.svg"></p>', create_parent="div")
    with pytest.raises(BookError, match="diagram.svg"):
        collect_images(root, tmp_path / "essay.md", tmp_path, Diagnostics())


def test_a_symlink_to_an_image_inside_the_book_is_followed(tmp_path):
    (tmp_path / "capitol.png").write_bytes(_raster("PNG"))
    (tmp_path / "latest.png").symlink_to(tmp_path / "capitol.png")
    root = lxml_html.fragment_fromstring('<p><img src="latest.png"></p>', create_parent="div")
    found = collect_images(root, tmp_path / "essay.md", tmp_path, Diagnostics())
    assert list(found.values()) == [(tmp_path / "capitol.png").resolve()]


def test_truncated_images_are_refused_even_after_weasyprint_relaxed_pillow(tmp_path):
    import PIL.ImageFile

    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(buffer, "PNG")
    (tmp_path / "cut.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert PIL.ImageFile.LOAD_TRUNCATED_IMAGES  # what importing WeasyPrint does
    root = lxml_html.fragment_fromstring('<p><img src="cut.png"></p>', create_parent="div")
    with pytest.raises(BookError, match="not a readable PNG image"):
        collect_images(root, tmp_path / "essay.md", tmp_path, Diagnostics())
    assert PIL.ImageFile.LOAD_TRUNCATED_IMAGES  # and left as WeasyPrint wants it


# --- Part introductions go through the same checks --------------------------------------------


def _volume_with_intro(folder: Path, intro: str) -> Path:
    (folder / "articles").mkdir()
    shutil.copyfile(F51, folder / "articles" / "federalist-51.md")
    (folder / "parts").mkdir()
    (folder / "parts" / "checks.md").write_text(intro, encoding="utf-8")
    volume = folder / "volume.yaml"
    volume.write_text(
        "title: The Federalist Papers\ncontents:\n  - part: Checks and Balances\n"
        "    intro: parts/checks.md\n    articles:\n      - articles/federalist-51.md\n",
        encoding="utf-8",
    )
    return volume


def test_an_image_in_a_part_introduction_reaches_the_book(tmp_path):
    (tmp_path / "seal.png").write_bytes(_raster("PNG"))
    volume = _volume_with_intro(
        tmp_path, "Madison on the separation of powers.\n\n![](../seal.png)\n"
    )
    book = assemble(load_volume(volume), Diagnostics()).book
    [part] = list(book.parts())
    [(key, path)] = book.assets.items()
    assert f'src="{key}"' in part.intro and path == (tmp_path / "seal.png").resolve()


def test_a_part_introduction_cannot_reach_outside_the_book(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "secret.png").write_bytes(_raster("PNG"))
    volume = _volume_with_intro(book, "Madison.\n\n![](../../secret.png)\n")
    with pytest.raises(BookError) as info:
        assemble(load_volume(volume), Diagnostics())
    [problem] = info.value.problems
    assert "lies outside the book folder" in problem.message
    assert (problem.line, problem.col) == (3, 5)


# --- Limits and text ------------------------------------------------------------------------


def test_nesting_depth_counts_without_recursing():
    root = etree.Element("div")
    element = root
    for _ in range(5000):  # deeper than Python's recursion limit
        element = etree.SubElement(element, "div")
    assert nesting_depth(root) == MAX_NESTING + 1  # stops counting past the limit
    assert nesting_depth(root, limit=10_000) == 5000
    assert nesting_depth(lxml_html.fragment_fromstring("<p><em>a</em></p>")) == 1


def test_locate_finds_lines_and_columns():
    text = "---\ntitle: No. 51\n---\n\nAmbition <SCRIPT>x</SCRIPT>\n"
    assert locate(text, "<script") == (5, 10)
    assert locate(text, "<script", first_line=40) == (44, 10)
    assert locate(text, "<iframe") == (0, 0)
    assert locate(text, "") == (0, 0)


def test_characters_xml_cannot_hold_are_dropped_on_reading():
    # NUL, ESC and U+FFFF go; a form feed is a page break, so a paragraph break; DEL is legal.
    assert normalise_text("a\x00b\x1bc\x0cd\r\ne\uffff\x7f") == "abc\n\nd\ne\x7f"


def test_an_unreadable_article_is_a_user_error(tmp_path, monkeypatch):
    article = tmp_path / "federalist-51.md"
    shutil.copyfile(F51, article)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(BookError) as info:
        read_article_text(article)
    [problem] = info.value.problems
    assert problem.message == "cannot read article: Permission denied"
    assert problem.file == article


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root from reading")
def test_an_article_without_read_permission_is_a_user_error(tmp_path):
    article = tmp_path / "federalist-51.md"
    shutil.copyfile(F51, article)
    article.chmod(0)
    with pytest.raises(BookError, match="cannot read article: Permission denied"):
        read_article_text(article)


def test_the_article_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    article = tmp_path / "federalist-51.md"
    with article.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: costs no disk

    def never(self):
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(BookError, match=r"article is too large \(5120 KiB; the limit is 5 MiB\)"):
        read_article_text(article)
