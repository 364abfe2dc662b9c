"""Passages in other languages and an article's own headings, on fragments as sources give them."""

from __future__ import annotations

import io
import zipfile

import markdown
import pytest
from fontTools.ttLib import TTFont
from lxml import html as lxml_html

from compiler.book.headings import normalise_headings
from compiler.book.languages import script_languages, script_of_language, tag_fragment
from compiler.epub.fonts import subset_fonts
from compiler.sources.markdown import EXTENSIONS

GUESSES = script_languages(["en"])


def _headings(html: str) -> list[tuple[str, str]]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    normalise_headings(root)
    return [(h.tag, lxml_html.tostring(h, encoding="unicode")) for h in root.iter("h2", "h3", "h4")]


def test_top_heading_becomes_h2_and_levels_do_not_skip():
    found = _headings("<h3>a</h3><p>x</p><h5>b</h5><h4>c</h4><h3>d</h3><h6>e</h6>")
    assert [tag for tag, _ in found] == ["h2", "h3", "h3", "h2", "h3"]


def test_bold_only_heading_is_unwrapped_and_empty_ones_go():
    found = _headings("<h2> </h2><h3><strong>Bold</strong></h3><h3><b>Half</b> bold</h3>")
    assert found == [("h2", "<h2>Bold</h2>"), ("h2", "<h2><b>Half</b> bold</h2>")]


def test_runs_of_another_script_are_tagged_with_a_guess():
    out = tag_fragment(
        "<p>Pushkin wrote «Я вас любил: любовь ещё, быть может», and Sappho ἔρος δηὖτέ.</p>",
        "en",
        GUESSES,
    )
    assert '<span lang="ru" xml:lang="ru">Я вас любил: любовь ещё, быть может</span>' in out
    assert '<span lang="el" xml:lang="el">ἔρος δηὖτέ</span>' in out


def test_an_explicit_tag_is_never_overridden():
    out = tag_fragment('<p><span lang="uk">Борітеся — поборете!</span></p>', "en", GUESSES)
    assert out == '<p><span lang="uk" xml:lang="uk">Борітеся — поборете!</span></p>'


def test_cyrillic_follows_the_volume_s_cyrillic_language():
    guesses = script_languages(["en", "uk"])
    out = tag_fragment("<p>Shevchenko: <em>Борітеся — поборете!</em></p>", "en", guesses)
    assert '<em lang="uk" xml:lang="uk">Борітеся — поборете!</em>' in out


def test_latin_in_a_russian_text_is_tagged_the_other_way():
    assert script_of_language("ru") == "Cyrillic"
    assert script_of_language("sr-Latn") == "Latin"
    out = tag_fragment("<p>Как сказал Шекспир, <q>to be or not to be</q>.</p>", "ru", GUESSES)
    assert '<q lang="en" xml:lang="en">to be or not to be</q>' in out


def test_code_is_left_alone():
    out = tag_fragment("<p><code>print('Привет')</code></p>", "en", GUESSES)
    assert "lang" not in out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[Mehr Licht!]{lang=de}", '<span lang="de">Mehr Licht!</span>'),
        ("*Mehr Licht!*{lang=de}", '<em lang="de">Mehr Licht!</em>'),
        ("[a note]{.aside}", '<span class="aside">a note</span>'),
        ("[plain brackets] {not attributes}", "[plain brackets] {not attributes}"),
        ("[a link](https://example.org/)", '<a href="https://example.org/">a link</a>'),
    ],
)
def test_markdown_attribute_lists_on_words(source, expected):
    assert expected in markdown.markdown(source, extensions=EXTENSIONS, output_format="xhtml")


def test_fonts_are_subset_to_the_characters_used():
    fonts = subset_fonts(["<p>Все счастливые семьи <em>Mehr Licht</em></p>"])
    names = [font.file_name for font in fonts]
    assert names == ["fonts/GentiumBookPlus-Italic.ttf", "fonts/GentiumBookPlus-Regular.ttf"]
    regular = TTFont(io.BytesIO(fonts[-1].data))
    cmap = regular.getBestCmap()
    assert ord("Щ") not in cmap and ord("В") in cmap and ord("с") in cmap
    assert len(fonts[-1].data) < 100_000  # the full face is about 800 KB
    features = {r.FeatureTag for r in regular["GSUB"].table.FeatureList.FeatureRecord}
    assert "smcp" in features  # small capitals survive subsetting


def test_bold_faces_come_only_with_bold_text():
    fonts = subset_fonts(["<p>Some <strong>bold</strong> words</p>"])
    assert len(fonts) == 4


def test_epub_carries_its_fonts_and_licence(make_volume):
    from compiler import build

    volume = make_volume(
        "title: Letters\nauthor: Edward MacDowell\ncontents: [a.md]\n",
        {"a.md": "# A Letter\n\nThe *drum* came first.\n"},
    )
    result = build(volume, formats=["epub"])
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        names = z.namelist()
        css = z.read("EPUB/styles/fonts.css").decode()
        page = z.read("EPUB/ch001.xhtml").decode()
    assert "EPUB/font-licence.xhtml" in names and "EPUB/fonts/GentiumBookPlus-Regular.ttf" in names
    assert 'src: url("../fonts/GentiumBookPlus-Regular.ttf")' in css
    assert "styles/fonts.css" in page

    volume.write_text(volume.read_text() + "epub:\n  embed_fonts: false\n")
    result = build(volume, formats=["epub"])
    with zipfile.ZipFile(result.outputs["epub"]) as z:
        assert not [n for n in z.namelist() if "font" in n]


def test_no_embed_fonts_flag_leaves_the_typeface_out_for_one_build(make_volume, tmp_path):
    from click.testing import CliRunner

    from compiler.cli import main

    volume = make_volume(
        "title: Letters\nauthor: Edward MacDowell\ncontents: [a.md]\n",
        {"a.md": "# A Letter\n\nThe *drum* came first.\n"},
    )
    out = tmp_path / "out"
    epub = out / "letters.epub"

    def fonts(*flags: str) -> list[str]:
        command = [str(volume), "--format", "epub", "--out", str(out), *flags]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(epub) as z:
            return [n for n in z.namelist() if "font" in n]

    assert fonts("--no-embed-fonts") == []
    # The flag is part of what a build is: the next build without it is not the cached one.
    assert "EPUB/font-licence.xhtml" in fonts()
    assert fonts("--no-embed-fonts") == []


def test_a_tagged_passage_is_set_in_its_language_in_both_formats(make_volume):
    from compiler.book.assemble import assemble
    from compiler.book.render import Renderer, Target
    from compiler.config import load_volume
    from compiler.errors import Diagnostics

    # Alexis de Tocqueville, *De la démocratie en Amérique* (1835), quoted in an English essay.
    volume = make_volume(
        "title: Democracy\nauthor: Alexis de Tocqueville\ncontents: [a.md]\n",
        {
            "a.md": '# Equality\n\nTocqueville asked ["qu\'est-ce que la démocratie?"]{lang=fr} '
            'and answered "equality of conditions."\n'
        },
    )
    book = assemble(load_volume(volume), Diagnostics()).book
    nnbsp = "\u202f"
    french = f"«{nnbsp}qu’est-ce que la démocratie{nnbsp}?{nnbsp}»"
    for target in (Target.EPUB, Target.PRINT):
        (page,) = [p for p in Renderer(book, target).pages() if p.id == "ch001"]
        assert french in page.html, target
        assert "“equality of conditions.”" in page.html, target
