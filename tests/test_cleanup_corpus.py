"""Cleanup on real articles: the scraped seed essay, and essays that have no junk at all.

The seed essay (tests/corpus/thesaker) carries every kind of junk the rules exist for; the
Federalist, MacDowell and Whitehead essays carry none, so cleanup must give them back word for
word, but for Project Gutenberg's notes where MacDowell's musical examples stood ("[Figure
43]") and the lines printed with them, listed in PICTURES_NOT_IN_THE_TEXT, and for two
paragraphs the extraction cut after "No." and "Mr." (CUT_AFTER_ABBREVIATIONS). The one thing
wrong with them otherwise is the Federalist papers' words broken by the PDF extraction ("the
peopl e"): split-words must join exactly those listed in tests/corpus/split-words.txt, each
read by hand, and nothing else in any essay.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from compiler.cleanup import RULE_NAMES, CleanupReport, clean
from compiler.cleanup.tree import remove
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta

CORPUS = Path(__file__).resolve().parent / "corpus"
SEED = CORPUS / "thesaker" / "might-belarus-become-the-next-syria.md"
CLEAN_ESSAYS = (
    sorted((CORPUS / "federalist").glob("*.md"))
    + sorted((CORPUS / "macdowell").glob("*.md"))
    + sorted((CORPUS / "whitehead").glob("*.md"))
)
SPLIT_WORDS = "split-words"
# Its removals are listed in test_cleanup_page_numbers.py.
EXTRACTION = (SPLIT_WORDS, "split-words-dictionary", "page-numbers")
# orphan-captions' removals from the Gutenberg text, read by hand: each picture's note and the
# caption lines above it or beside it.
PICTURES_NOT_IN_THE_TEXT = {
    "lecture-12": [
        "Arabian Melody [Figure 39]",
        "Pons de Capdeuil [Figure 40]",
        "PASTORELLA BY THIBAUT II, KING OF NAVARRE, 1254.",
        "[Figure 41] [W: L'Autrier par la matinée Entre sen bos et un Vergier Une pastore ai "
        "trouneé chantant pour soi en voisier.]",
        "Example from NITHART",
        "[Figure 42]",
    ],
    "lecture-16": [
        "EURYDICE--PERI.",
        "Orpheus bewailing his fate.",
        "[Figure 43] [W: I weep not, I am not sighing, tho' thou art from me taken. What use to "
        "sigh]",
        "Orpheus' joy in bringing back Eurydice.",
        "[Figure 44] [W: Gioi-te al canto mio serve frondo di che in su l'au rora]",
    ],
}
# run-in-subtitle's moves: the subtitle the PDF extraction ran into the text of three papers
# goes to the title (tests/test_cleanup_run_in_subtitle.py).
SUBTITLES_RUN_IN = {
    "federalist-48": "The Same Subject Continued with a View to the Means of Giving Efficacy in "
    "Practice to That Maxim",
    "federalist-54": "The Same Subject Continued with a View to the Ratio of Representation",
    "federalist-68": "The View of the Constitution of the President Continued in Relation to the "
    "Mode of Appointment",
}
# broken-paragraphs' joins: paragraphs the PDF extraction cut after an abbreviation that
# refers to what follows (the end of one, the start of the next).
CUT_AFTER_ABBREVIATIONS = {
    "federalist-67": [("…naturally have 34 See Cato, No.", "V. 35 Article 1, section 3,…")],
    "federalist-72": [("…the case with respect to Mr.", "Fox's India bill, which was carried…")],
}
EXTENSIONS = ["footnotes", "tables", "attr_list", "sane_lists"]


def without_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return text[end + 4 :]
    return text


def read(path: Path, text: str | None = None) -> RawArticle:
    source = without_front_matter(text if text is not None else path.read_text("utf-8"))
    html = markdown.markdown(source, extensions=EXTENSIONS)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return RawArticle(path, root, SourceMeta(), text=source)


def words(text: str) -> list[str]:
    """Words for comparison: curly and straight quotes, dashes and apostrophes all equal."""
    text = re.sub(r"[“”«»„\"]", '"', text)
    text = re.sub(r"[‘’‚′']", "'", text)
    return re.findall(r"[^\W_]+", text)


def paragraphs(raw: RawArticle) -> list[str]:
    return [" ".join(p.text_content().split()) for p in raw.root.iter("p")]


# --- the seed essay -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[RawArticle, CleanupReport, list[str]]:
    raw = read(SEED)
    original = words(raw.root.text_content())
    report = clean(raw, None, "en")
    return raw, report, original


def test_seed_site_header_byline_and_signature(seed):
    raw, report, _ = seed
    texts = paragraphs(raw)
    assert "thesaker.is" not in texts
    assert raw.meta.author == "The Saker"
    assert "The Saker" not in texts  # neither the byline nor the signature is left
    assert raw.root[0].tag == "h2"  # the title heading now opens the body
    assert texts[-1].startswith("Still, while Lukashenko might be part of the solution")
    assert report.warnings == []


def test_seed_ads_and_caption_are_gone(seed):
    raw, _, _ = seed
    text = raw.root.text_content()
    assert "Order Now" not in text
    assert "The Essential Saker" not in text
    assert "Lukashenko and son" not in text


def test_seed_emphasis_links_and_broken_paragraphs(seed):
    raw, _, _ = seed
    assert "legally" in [em.text for em in raw.root.iter("em")]
    assert "*legally*" not in raw.root.text_content()
    assert not [a for a in raw.root.iter("a") if a.get("href") in ("#", "")]
    texts = paragraphs(raw)
    assert any("But in the context of the Belarusian crisis" in t for t in texts)
    assert any("the vast majority of the people of Belarus" in t for t in texts)
    assert any("a safe bet to say that the armed forces are loyal" in t for t in texts)
    assert not [t for t in texts if not t.strip("\u00a0\u202f ")]


def test_seed_keeps_every_other_word(seed):
    raw, report, original = seed
    removed = sum(len(words(text)) for text in report.removed_text())
    assert len(words(raw.root.text_content())) == len(original) - removed
    # What was removed is exactly the junk: nothing else is reported as removed.
    assert report.removed_text() == [
        "thesaker.is",
        "The Saker",
        "Lukashenko and son",
        "The Saker",
        "The Essential Saker IV: Messianic Narcissism's Agony by a Thousand Cuts",
        "Order Now",
        "The Essential Saker III: Chronicling The Tragedy, Farce And Collapse of the Empire in "
        "the Era of Mr MAGA",
        "Order Now",
    ]


def test_seed_with_nbsp_spacer_paragraphs_as_an_html_scraper_leaves_them():
    # Saved as HTML, the blog's spacer lines are paragraphs of &nbsp; between every block.
    # They must neither survive nor stop the other rules from seeing neighbours.
    html = markdown.markdown(without_front_matter(SEED.read_text("utf-8")), extensions=EXTENSIONS)
    spaced = re.sub(r"</(p|h2|h3|ul|ol)>\n", "</\\1>\n<p>&nbsp;</p>\n", html)
    # Where the photograph was, the scraper kept a spacer for each of the three blank lines.
    caption = "<p><strong><em>Lukashenko and son</em></strong></p>"
    assert spaced.count(caption) == 1
    spaced = spaced.replace(caption, "<p>&nbsp;</p>\n<p>&nbsp;</p>\n" + caption)
    assert spaced.count("&nbsp;") > 20
    root = lxml_html.fragment_fromstring(spaced, create_parent="div")
    raw = RawArticle(SEED, root, SourceMeta(), text=spaced)
    report = clean(raw, None, "en")
    reference = read(SEED)
    clean(reference, None, "en")
    assert paragraphs(raw) == paragraphs(reference)
    assert report.count("blank-lines") == spaced.count("&nbsp;")


# --- essays without junk --------------------------------------------------------------------


@pytest.mark.parametrize("path", CLEAN_ESSAYS, ids=lambda p: p.stem)
def test_clean_essays_come_out_word_for_word(path: Path):
    raw = read(path)
    pictures = PICTURES_NOT_IN_THE_TEXT.get(path.stem, [])
    expected = read(path)
    for p in [p for p in expected.root.iter("p") if p.text_content() in pictures]:
        remove(p)
    subtitle = SUBTITLES_RUN_IN.get(path.stem)
    if subtitle:
        first = expected.root.find("p")
        assert first.text.startswith(subtitle + " ")
        first.text = first.text[len(subtitle) + 1 :]
    moved = [subtitle] if subtitle else []
    cuts = CUT_AFTER_ABBREVIATIONS.get(path.stem, [])
    for end, start in cuts:
        first = next(p for p in expected.root.iter("p") if p.text.endswith(end.strip("…")))
        second = first.getnext()
        assert second.text.startswith(start.strip("…"))
        first.text += " " + second.text
        first.tail = second.tail
        second.getparent().remove(second)
    joined = [f"{end} / {start}" for end, start in cuts]
    before_html = lxml_html.tostring(expected.root, encoding="unicode")
    before = words(expected.root.text_content())
    # The rules for the PDF extraction's leftovers are checked against reviewed lists.
    structural = tuple(name for name in RULE_NAMES if name not in ("typography", *EXTRACTION))
    report = clean(raw, CleanupSettings(rules=structural), "en")
    assert words(raw.root.text_content()) == before
    assert [c.text for c in report.changes] == moved + joined + pictures
    assert report.warnings == []
    assert {c.rule for c in report.changes} <= {
        "run-in-subtitle",
        "broken-paragraphs",
        "orphan-captions",
    }
    assert lxml_html.tostring(raw.root, encoding="unicode") == before_html

    typeset = read(path)
    report = clean(typeset, CleanupSettings(rules=(*structural, "typography")), "en")
    assert words(typeset.root.text_content()) == before
    assert {c.rule for c in report.changes} <= {
        "typography",
        "run-in-subtitle",
        "broken-paragraphs",
        "orphan-captions",
    }


def reviewed_splits() -> dict[str, list[str]]:
    listed = {}
    for line in (CORPUS / "split-words.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, splits = line.split(": ", 1)
            listed[name] = splits.split(" | ")
    return listed


@pytest.mark.parametrize("path", [SEED, *CLEAN_ESSAYS], ids=lambda p: p.stem)
def test_split_words_joins_only_the_reviewed_splits(path: Path):
    raw = read(path)
    before = raw.root.text_content()
    report = clean(raw, CleanupSettings(rules=(SPLIT_WORDS,)), "en")
    expected = reviewed_splits().get(path.relative_to(CORPUS).as_posix(), [])
    assert [c.text.split(" → ")[0] for c in report.changes] == expected
    assert {c.action for c in report.changes} <= {"joined"} and report.warnings == []
    # Joining takes out one space per split and touches nothing else.
    after = raw.root.text_content()
    assert "".join(after.split()) == "".join(before.split())
    assert len(words(after)) == len(words(before)) - len(expected)


def test_the_reviewed_splits_are_all_in_the_federalist_papers():
    listed = reviewed_splits()
    assert len(listed) == 39 and sum(len(s) for s in listed.values()) == 327
    assert all(name.startswith("federalist/") for name in listed)
