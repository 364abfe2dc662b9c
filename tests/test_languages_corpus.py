"""Language tagging on real essays gives the same tags with and without its quick check.

The quick check skips a text with no letter of another script without looking at its words.
Essays are full of curly quotes and dashes (not ASCII), and of French, German and Latin in
Latin script (not another script): the check must pass over all of them and still find a
Russian or Greek quotation set among them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.book import languages
from compiler.book.articles import load_article
from compiler.book.languages import script_languages, tag_fragment
from compiler.config import load_volume
from compiler.errors import Diagnostics

CORPUS = Path(__file__).resolve().parent / "corpus"
ESSAYS = [
    "thesaker/might-belarus-become-the-next-syria.md",
    "macdowell/lecture-01.md",  # German in a footnote: "So pocht das Schicksal an die Pforte"
    "macdowell/lecture-04.md",  # "Die Denkmäler aus Aegypten und Aethiopen"
    "macdowell/lecture-12.md",  # the minnesingers, names and verse in German
    "whitehead/the-symbolism-of-mathematics.md",
]
# Public-domain verse, quoted as an essay quotes it: Pushkin, "К ***" (1825), first lines;
# Homer, Iliad 1.1, in the Greek of the Oxford Classical Text (Monro and Allen, 1902).
QUOTATIONS = (
    "Pushkin's lines «Я помню чудное мгновенье: Передо мной явилась ты» open the poem; "
    "the Iliad begins _μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος_."
)


def _quoted(text: str) -> str:
    """The essay with the quotations as a paragraph of its own half-way through."""
    paragraphs = text.split("\n\n")
    middle = len(paragraphs) // 2
    return "\n\n".join([*paragraphs[:middle], QUOTATIONS, *paragraphs[middle:]])


def _bodies(tmp_path: Path, text_for: dict[str, str]) -> list[str]:
    """Each essay as the book reads and cleans it, body and notes, before tagging."""
    (tmp_path / "articles").mkdir()
    lines = ["title: Essays", "authors: [Edward MacDowell]", "language: en", "contents:"]
    for name, text in text_for.items():
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
        lines.append(f"  - articles/{name}")
    (tmp_path / "volume.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    volume = load_volume(tmp_path / "volume.yaml")
    bodies = []
    for entry in volume.articles:
        article, _ = load_article(entry, volume, Diagnostics())
        bodies.extend([article.body, *(note.html for note in article.notes)])
    return bodies


def _tagged_both_ways(
    bodies: list[str], language: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], list[str]]:
    guesses = script_languages(["en"])
    quick = [tag_fragment(body, language, guesses) for body in bodies]
    with monkeypatch.context() as patched:
        # Every text looked at word by word, as before the quick check existed.
        patched.setattr(languages, "has_foreign_letters", lambda text, home: True)
        thorough = [tag_fragment(body, language, guesses) for body in bodies]
    return quick, thorough


@pytest.fixture(scope="module")
def essays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    texts = {Path(name).name: (CORPUS / name).read_text(encoding="utf-8") for name in ESSAYS}
    quoted = {name: _quoted(text) for name, text in texts.items()}
    return {
        "as written": _bodies(tmp_path_factory.mktemp("plain"), texts),
        "with quotations": _bodies(tmp_path_factory.mktemp("quoted"), quoted),
    }


@pytest.mark.parametrize("kind", ["as written", "with quotations"])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_quick_check_changes_no_tag(essays, kind, language, monkeypatch):
    quick, thorough = _tagged_both_ways(essays[kind], language, monkeypatch)
    assert quick == thorough


def test_latin_script_essays_get_no_tag_and_quotations_get_theirs(essays, monkeypatch):
    plain, _ = _tagged_both_ways(essays["as written"], "en", monkeypatch)
    assert not any("lang=" in body for body in plain)
    quoted, _ = _tagged_both_ways(essays["with quotations"], "en", monkeypatch)
    russian = '<span lang="ru" xml:lang="ru">Я помню чудное мгновенье: Передо мной явилась ты<'
    greek = '<em lang="el" xml:lang="el">μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος</em>'
    assert sum(russian in body for body in quoted) == len(ESSAYS)
    assert sum(greek in body for body in quoted) == len(ESSAYS)


def test_a_russian_essay_tags_its_english_the_other_way(essays, monkeypatch):
    tagged, _ = _tagged_both_ways(essays["with quotations"], "ru", monkeypatch)
    assert any('lang="en"' in body for body in tagged)
    assert not any('lang="ru"' in body for body in tagged)


def test_the_quick_check_sees_one_foreign_letter_among_many():
    text = "“Quoted” — and then one word, «мир», among typographic marks"
    assert languages.has_foreign_letters(text, "Latin")
    assert not languages.has_foreign_letters(text.replace("мир", "peace"), "Latin")
    assert languages.has_foreign_letters("Ἀχιλῆος", "Latin")
    assert languages.has_foreign_letters("peace", "Cyrillic")
