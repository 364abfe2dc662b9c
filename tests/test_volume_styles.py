"""``styles:`` in volume.yaml: the volume's own CSS reaches the print interior, the EPUB and
both covers, the typeface it ships is embedded in each, and a bad stylesheet is a located error.

The typeface is DejaVu Serif Bold (Bitstream Vera licence, free to embed and redistribute),
copied from the system's fonts at test time under a family name nothing else uses, so the PDF
can only carry it if the volume's ``@font-face`` was read.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from checks import unembedded_fonts
from compiler import build
from compiler.config import load_volume
from compiler.errors import BookError

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
CORPUS = Path(__file__).parent / "corpus"
BOOK_CSS = """\
@font-face {
  font-family: "Volume Display";
  src: url("fonts/DejaVuSerif-Bold.ttf");
}
.chapter-title, .book-title, .part-title {
  font-family: "Volume Display", "Gentium Book Plus", serif;
}
"""


def font_names(pdf: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(str(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in fonts.get_object().values() if fonts is not None else ():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.fixture(scope="module")
def styled_build(tmp_path_factory: pytest.TempPathFactory):
    if not DEJAVU.exists():
        pytest.skip("DejaVu Serif is not installed on this machine")
    root = tmp_path_factory.mktemp("styled")
    (root / "styles" / "fonts").mkdir(parents=True)
    shutil.copy(DEJAVU, root / "styles" / "fonts" / DEJAVU.name)
    (root / "styles" / "book.css").write_text(BOOK_CSS, encoding="utf-8")
    # Five essays make two layout units, whose subsets of the face are merged into one.
    essays = [f"federalist-{number}.md" for number in range(47, 52)]
    for name in essays:
        shutil.copy(CORPUS / "federalist" / name, root / name)
    (root / "volume.yaml").write_text(
        "title: Checks and Balances\nauthor: James Madison\nlanguage: en\n"
        "blurb: Ambition must be made to counteract ambition.\n"
        f"styles: [styles/book.css]\ncontents: [{', '.join(essays)}]\n",
        encoding="utf-8",
    )
    return build(root / "volume.yaml", use_cache=False)


def test_the_typeface_reaches_the_print_interior(styled_build) -> None:
    pdf = styled_build.outputs["pdf"]
    # WeasyPrint names an embedded face after the @font-face family that loaded it.
    assert any(name.startswith("Volume-Display") for name in font_names(pdf))
    assert unembedded_fonts(pdf) == []
    # A short book may be below the service's page minimum (P005); nothing else is wrong.
    assert [w.message for w in styled_build.warnings if "P005" not in w.message] == []
    assert styled_build.layout.units == 2


def test_the_typeface_reaches_both_covers(styled_build) -> None:
    from compiler.covers.draw import ebook_cover_jpeg

    cover = styled_build.outputs["cover"]
    assert any(name.startswith("Volume-Display") for name in font_names(cover))
    assert unembedded_fonts(cover) == []
    plain = ebook_cover_jpeg(styled_build.book.meta)
    assert styled_build.outputs["ebook-cover"].read_bytes() != plain


def test_the_epub_carries_the_stylesheet_and_its_font(styled_build) -> None:
    with zipfile.ZipFile(styled_build.outputs["epub"]) as epub:
        names = epub.namelist()
        opf = epub.read("EPUB/content.opf").decode()
        chapter = next(n for n in names if n.startswith("EPUB/ch0"))
        page = epub.read(chapter).decode()
        css = epub.read("EPUB/styles/volume-1.css").decode()
    assert "EPUB/volume-styles/styles/fonts/DejaVuSerif-Bold.ttf" in names
    assert 'media-type="font/ttf"' in opf and "volume-styles/styles/fonts/" in opf
    assert 'url("../volume-styles/styles/fonts/DejaVuSerif-Bold.ttf")' in css
    # Linked after the shipped stylesheets, so its rules win.
    assert page.index("styles/epub.css") < page.index("styles/volume-1.css")


@pytest.mark.parametrize(
    ("css", "message", "line"),
    [
        (".title { color: red; }\n}\n", "CSS syntax error", 2),
        ('@font-face { src: url("../outside.ttf"); }\n', "leads outside the volume folder", 1),
        ('@font-face { src: url("missing.ttf"); }\n', "file not found", 1),
        ('@import url("https://example.org/a.css");\n', "not a file in the volume folder", 1),
        ('body { background: url("a.txt"); }\n', "neither a font nor an image", 1),
    ],
)
def test_a_bad_stylesheet_is_a_located_error(
    make_volume, css: str, message: str, line: int
) -> None:
    volume = make_volume(
        "title: Checks and Balances\nstyles: book.css\ncontents: [a.md]\n",
        {
            "a.md": "Ambition must be made to counteract ambition.\n",
            "book.css": css,
            "a.txt": "",
        },
    )
    with pytest.raises(BookError) as caught:
        load_volume(volume)
    (problem,) = caught.value.problems
    assert message in problem.message
    assert str(problem.file).endswith("book.css") and problem.line == line


def test_styles_must_be_css_files_in_the_volume(make_volume) -> None:
    volume = make_volume(
        "title: Checks and Balances\nstyles: [a.md]\ncontents: [a.md]\n",
        {"a.md": "Ambition must be made to counteract ambition.\n"},
    )
    with pytest.raises(BookError, match="not a CSS file"):
        load_volume(volume)
