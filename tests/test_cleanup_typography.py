"""Typography by language: strings through ``typeset``, and trees through the rule.

The string cases are the conventions themselves (one line each, before -> after); the tree
cases check what only the tree can get wrong: quotes that pair across inline elements, and
code, addresses and attributes that must come out untouched.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from compiler.cleanup import clean, typeset
from compiler.config import CleanupSettings
from compiler.sources.base import RawArticle, SourceMeta

NBSP, NNBSP = "\u00a0", "\u202f"

ENGLISH = [
    ('"Hello," she said.', "“Hello,” she said."),
    ("She said 'no' to them.", "She said ‘no’ to them."),
    ("\"She said 'no' to them.\"", "“She said ‘no’ to them.”"),
    ("I don't call these people demonstrators", "I don’t call these people demonstrators"),
    ("the Empire's PSYOP", "the Empire’s PSYOP"),
    ("in the '90s and the class of '99", "in the ’90s and the class of ’99"),
    ("rock 'n' roll", "rock ’n’ roll"),
    ("'Tis fear that constitutes the god-like", "’Tis fear that constitutes the god-like"),
    ("the Smiths' house", "the Smiths’ house"),
    ('("siloviki")', "(“siloviki”)"),
    ('a real "wall" of riot cops', "a real “wall” of riot cops"),
    ("emotions--emotions that", "emotions—emotions that"),
    ("a guest -- perchance a virtuoso -- at", "a guest—perchance a virtuoso—at"),
    ("We feared---we knew not what.", "We feared—we knew not what."),
    ("80% - nobody believes it", "80%—nobody believes it"),
    ("from 1914--1918", "from 1914–1918"),
    ("5 - 3 = 2", "5 - 3 = 2"),
    ("AKSU-74 and well-born", "AKSU-74 and well-born"),
    ("Wait... what?", "Wait… what?"),
    ("He was 6'2\" tall", "He was 6′2″ tall"),
    ('It\'s in "Arabian Nights" fame', "It’s in “Arabian Nights” fame"),
    ('Virginia," p. 195.', f"Virginia,” p.{NBSP}195."),
    ("See Nos. 46 and 47, pp. 12-14", f"See Nos.{NBSP}46 and 47, pp.{NBSP}12-14"),
    ("vol. II, chap. 6, § 4", f"vol.{NBSP}II, chap.{NBSP}6, §{NBSP}4"),
    ("Commentaries, vol. iv., p. 438.", f"Commentaries, vol.{NBSP}iv., p.{NBSP}438."),
    ("ed. civil law", "ed. civil law"),
    ("No. I said no.", "No. I said no."),
    ("by Ezra P. 12 times", "by Ezra P. 12 times"),
    ("the top. 12 men came", "the top. 12 men came"),
]

FRENCH = [
    ('Il a dit "bonjour" !', f"Il a dit «{NNBSP}bonjour{NNBSP}»{NNBSP}!"),
    ("Pourquoi?", f"Pourquoi{NNBSP}?"),
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("Voici la liste: un, deux", f"Voici la liste{NBSP}: un, deux"),
    ("Un point; un autre", f"Un point{NNBSP}; un autre"),
    ("à 12:30 précises", "à 12:30 précises"),
    ("l'homme et l'État", "l’homme et l’État"),
    ("« mot »", f"«{NNBSP}mot{NNBSP}»"),
    ("la Biélorussie -- et la Russie", f"la Biélorussie{NBSP}– et la Russie"),
    ("Et alors...", "Et alors…"),
    ("t. 2, p. 35, n° 4", f"t.{NBSP}2, p.{NBSP}35, n°{NBSP}4"),
]

GERMAN = [
    ("Er sagte \"Hallo\" und 'ja'.", "Er sagte „Hallo“ und ‚ja‘."),
    ("Wie geht's?", "Wie geht’s?"),
    ("Minsk -- und Moskau", f"Minsk{NBSP}– und Moskau"),
    ("Minsk – und Moskau", f"Minsk{NBSP}– und Moskau"),
    ("Bd. 3, S. 12, Nr. 5", f"Bd.{NBSP}3, S.{NBSP}12, Nr.{NBSP}5"),
]

RUSSIAN = [
    ('Он сказал "да".', "Он сказал «да»."),
    ("\"Он сказал 'да'\"", "«Он сказал „да“»"),
    ("Минск -- столица", f"Минск{NBSP}— столица"),
    ("т. 2, с. 195, № 5", f"т.{NBSP}2, с.{NBSP}195, №{NBSP}5"),
]


@pytest.mark.parametrize(("before", "after"), ENGLISH)
def test_english(before: str, after: str):
    assert typeset(before, "en") == after
    assert typeset(before, "en-GB") == after


@pytest.mark.parametrize(("before", "after"), FRENCH)
def test_french(before: str, after: str):
    assert typeset(before, "fr") == after


@pytest.mark.parametrize(("before", "after"), GERMAN)
def test_german(before: str, after: str):
    assert typeset(before, "de") == after


@pytest.mark.parametrize(("before", "after"), RUSSIAN)
def test_russian(before: str, after: str):
    assert typeset(before, "ru") == after


def test_other_languages_get_only_universal_typography():
    # Swedish quotes are ”…”; rather than guess, quotes and dashes stay as typed.
    assert typeset('Han sa "hej" -- och gick... Det är Annas bok.', "sv") == (
        'Han sa "hej" -- och gick… Det är Annas bok.'
    )
    assert typeset("Karl's", "sv") == "Karl’s"
    assert typeset("enligt § 4 och p. 5", "sv") == f"enligt §{NBSP}4 och p. 5"


def test_references_of_the_corpus_are_bound_to_their_numbers():
    """Every "No. 71", "p. 195", "chap. 6" the Federalist papers cite keeps its number on
    its line, and the report counts them with the other spaces."""
    from test_cleanup_corpus import CORPUS, read

    reference = r"\b(?:No|Nos|p|pp|chap|[Vv]ol)\.{space}(?:[0-9]|[ivx]+\b)"
    written = bound = spaces = 0
    for path in sorted((CORPUS / "federalist").glob("*.md")):
        article = read(path)
        written += len(re.findall(reference.format(space=" "), article.root.text_content()))
        report = clean(article, CleanupSettings(("typography",)))
        text = article.root.text_content()
        assert not re.search(reference.format(space=" "), text), path.name
        bound += len(re.findall(reference.format(space=NBSP), text))
        spaces += sum(c.count for c in report.changes if c.note == "spaces")
    # No. 48: p. 195; No. 69: Vol. i., chap. 6, vol. i, p. 257; No. 84: No. 71, vol. 1,
    # p. 136, vol. iv., p. 438, vol. ii
    assert bound == written == 11
    assert spaces == bound


def test_a_lone_quote_between_spaces_is_left_straight():
    assert typeset('the " mark', "en") == 'the " mark'


@pytest.mark.parametrize("language", ["en", "fr", "de", "ru"])
@pytest.mark.parametrize("text", [before for before, _ in ENGLISH + FRENCH + GERMAN + RUSSIAN])
def test_typeset_is_idempotent(text: str, language: str):
    once = typeset(text, language)
    assert typeset(once, language) == once


# A space the scanned edition of the Federalist papers (tests/corpus/federalist) left before a
# mark, in its own lines, and what each becomes.
STRAY_SPACES = [
    # No. 67
    (
        "it is impossible not to treat with seriousness , the devices",
        "it is impossible not to treat with seriousness, the devices",
    ),
    (
        "the vacancies in the Senates of the individual States . I mean the power",
        "the vacancies in the Senates of the individual States. I mean the power",
    ),
    # No. 61: a question; No. 62: a semicolon; No. 70: before the closing quote.
    (
        "the people of the United States ? If they cannot",
        "the people of the United States? If they cannot",
    ),
    ("no respect by her friends ; that she is", "no respect by her friends; that she is"),
    (
        'a greater resolution on the point ." These and similar',
        "a greater resolution on the point.” These and similar",
    ),
    # No. 81, in a Latin gloss.
    ("juris dictio , or a speaking", "juris dictio, or a speaking"),
]
# Spaces that are meant: an emoticon (the seed essay's "hyperbolic :-)"), a number, an
# address, a parenthesis spaced inside on both sides, a row of dots, a mark after a mark.
MEANT_SPACES = [
    "the title is rather hyperbolic :-). But here is",
    "it was :) said",
    "a rate of .5 per cent and ,000",
    "see www.example.com and the .NET runtime",
    "the powers ( as enumerated ) of the Senate",
    "and then . . . nothing",
    "e.g. , the Senate",
]


@pytest.mark.parametrize(("before", "after"), STRAY_SPACES)
def test_a_stray_space_before_a_mark_goes(before: str, after: str):
    assert typeset(before, "en") == after
    assert typeset(before, "de").replace("„", "“") == after.replace("”", "“")


@pytest.mark.parametrize("text", MEANT_SPACES)
def test_a_meant_space_before_a_mark_stays(text: str):
    assert typeset(text, "en").replace("…", ". . .") == text


def test_french_keeps_its_spaces_before_high_marks_and_closes_up_the_rest():
    assert typeset("les États , ce qui ; et quoi ?", "fr") == (
        f"les États, ce qui{NNBSP}; et quoi{NNBSP}?"
    )
    # A language the compiler does not know: only the comma, full stop and parenthesis.
    assert typeset("Sverige , Norge ; och ?", "sv") == "Sverige, Norge ; och ?"


def test_stray_spaces_are_counted_in_the_report():
    root = lxml_html.fragment_fromstring(
        "<p>with <em>seriousness</em> , the devices of the States .</p>", create_parent="div"
    )
    report = clean(RawArticle(Path("a.md"), root, SourceMeta()), CleanupSettings(("typography",)))
    assert {c.note: c.count for c in report.changes} == {"spaces before punctuation": 2}
    assert root.text_content() == "with seriousness, the devices of the States."


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


TEXT = st.text(alphabet=st.sampled_from(list("aB1 '\"-.:;!?«»“”‘’—–…(\u00a0\u202f\n")), max_size=40)


@given(TEXT)
def test_typography_never_changes_the_words(text: str):
    for language in ("en", "fr", "de", "ru"):
        assert _words(typeset(text, language)) == _words(text)


@given(TEXT)
def test_typography_run_twice_changes_nothing_more(text: str):
    for language in ("en", "fr", "de", "ru"):
        once = typeset(text, language)
        assert typeset(once, language) == once


# --- on the tree ----------------------------------------------------------------------------


def run(html: str, language: str = "en") -> str:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(Path("article.md"), root, SourceMeta())
    clean(raw, CleanupSettings(rules=("typography",)), language)
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def test_quotes_pair_across_inline_elements():
    assert run('<p>as "<em>the next Maduro</em>", it is</p>') == (
        "<p>as “<em>the next Maduro</em>”, it is</p>"
    )
    assert run('<p>clear: <strong>"I am no Ianukovich</strong> and I will die".</p>') == (
        "<p>clear: <strong>“I am no Ianukovich</strong> and I will die”.</p>"
    )
    assert run("<p>'<a href=\"https://thesaker.is/\">Saker</a>'s' view</p>") == (
        '<p>‘<a href="https://thesaker.is/">Saker</a>’s’ view</p>'
    )


def test_french_spacing_across_elements():
    assert run("<p>C'est <em>vraiment</em>?</p>", "fr") == (
        f"<p>C’est <em>vraiment</em>{NNBSP}?</p>"
    )


def test_code_addresses_and_attributes_are_untouched():
    html = (
        '<p>Run <code>"x" -- y...</code> then "go" to '
        "http://example.org/a--b...c?q='x' or "
        '<a href="https://example.org/it\'s--here" title="it\'s">it\'s...</a></p>'
        '<pre>"quoted" -- code...</pre>'
    )
    assert run(html) == (
        '<p>Run <code>"x" -- y...</code> then “go” to '
        "http://example.org/a--b...c?q='x' or "
        '<a href="https://example.org/it\'s--here" title="it\'s">it’s…</a></p>'
        '<pre>"quoted" -- code...</pre>'
    )


def test_quote_after_code_closes():
    assert run('<p>the "<code>clean</code>" function</p>') == (
        "<p>the “<code>clean</code>” function</p>"
    )


def test_each_paragraph_pairs_its_own_quotes():
    # Multi-paragraph quotations open every paragraph and close only the last.
    assert run('<p>"It was a dark night.</p><p>"And it rained."</p>') == (
        "<p>“It was a dark night.</p><p>“And it rained.”</p>"
    )


def test_a_tagged_passage_takes_its_own_languages_quotes_and_spaces():
    # Alexis de Tocqueville, *De la démocratie en Amérique* (1835), quoted in an English essay.
    html = (
        '<p>Tocqueville asked <span lang="fr">"qu\'est-ce que la démocratie?"</span> '
        'and answered "equality of conditions."</p>'
    )
    assert run(html) == (
        f'<p>Tocqueville asked <span lang="fr">«{NNBSP}qu’est-ce que la démocratie{NNBSP}?'
        f"{NNBSP}»</span> and answered “equality of conditions.”</p>"
    )


def test_quotes_around_a_tagged_passage_are_the_surrounding_languages():
    assert run('<p>Goethe asked for "<em lang="de">Mehr Licht!</em>" at the last.</p>') == (
        '<p>Goethe asked for “<em lang="de">Mehr Licht!</em>” at the last.</p>'
    )
    # And the reverse: a French essay quoting English keeps English marks inside.
    assert run('<p>Il écrit <span lang="en">"the \'wall\' of cops"</span>: voilà.</p>', "fr") == (
        f'<p>Il écrit <span lang="en">“the ‘wall’ of cops”</span>{NBSP}: voilà.</p>'
    )


def test_a_tagged_block_and_what_it_holds_follow_its_language():
    html = (
        '<blockquote lang="de"><p>"Weh mir, wo nehm\' ich, wenn es Winter ist, die Blumen" '
        '-- <span lang="en">"Ah, where shall I find"</span></p></blockquote>'
        '<p>"Hölderlin," she said.</p>'
    )
    assert run(html) == (
        '<blockquote lang="de"><p>„Weh mir, wo nehm’ ich, wenn es Winter ist, die Blumen“'
        f'{NBSP}– <span lang="en">“Ah, where shall I find”</span></p></blockquote>'
        "<p>“Hölderlin,” she said.</p>"
    )


def test_a_passage_in_a_language_set_alike_is_set_with_its_text():
    assert run('<p>"He said <span lang="en-GB">"colour"</span> twice."</p>') == (
        '<p>“He said <span lang="en-GB">“colour”</span> twice.”</p>'
    )


def test_typography_report_counts_by_kind():
    root = lxml_html.fragment_fromstring(
        "<p>\"Don't\" -- he said... 'no'.</p>", create_parent="div"
    )
    report = clean(RawArticle(Path("a.md"), root, SourceMeta()), CleanupSettings(("typography",)))
    counts = {c.note: c.count for c in report.changes}
    assert counts == {"ellipses": 1, "dashes": 1, "quotes and apostrophes": 5}
    assert all(c.action == "changed" and c.text == "" for c in report.changes)


def test_the_corpus_stray_spaces_are_the_scanned_editions_only():
    from test_cleanup_corpus import CORPUS, read

    found = Counter[str]()
    for path in sorted(CORPUS.rglob("*.md")):
        if path.name == "SOURCES.md":
            continue
        report = clean(read(path), CleanupSettings(("typography",)))
        kept = [c for c in report.changes if c.note == "spaces before punctuation"]
        found[path.parent.name] += sum(c.count for c in kept)
    assert +found == {"federalist": 34}
