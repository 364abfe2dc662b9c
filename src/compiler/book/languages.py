"""Which language each passage is in: explicit tags kept, other scripts tagged by guess.

A screen reader speaks a passage with the voice of its ``lang``, and hyphenation (the EPUB
reader's, WeasyPrint's in print) follows it too. Authors rarely tag a Russian quotation in
an English essay, but its script gives it away: a run of Cyrillic in a Latin-script book is
not English. Such runs get a ``<span lang>`` with the language guessed from the script; an
element that already says its language is never second-guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from html import escape

from lxml import etree
from lxml import html as lxml_html

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The language a run of each script is guessed to be when the volume says nothing better.
SCRIPT_LANGUAGES = {"Cyrillic": "ru", "Greek": "el", "Latin": "en"}
# Languages written in each script, so that a volume with Ukrainian articles tags its
# Cyrillic runs as Ukrainian rather than Russian.
_SCRIPT_OF = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"), "Cyrillic"),
    "el": "Greek",
    "grc": "Greek",
}
_SKIPPED = ("code", "pre", "kbd", "samp", "var")
_WORD = re.compile(r"\w+", re.UNICODE)


def script_of_language(tag: str) -> str:
    """The script a BCP 47 tag is written in: an explicit script subtag, else the usual one."""
    subtags = tag.split("-")
    for sub in subtags[1:]:
        if len(sub) == 4 and sub.isalpha():
            return {"cyrl": "Cyrillic", "latn": "Latin", "grek": "Greek"}.get(sub.lower(), sub)
    return _SCRIPT_OF.get(subtags[0].lower(), "Latin")


def script_languages(languages: Iterable[str]) -> dict[str, str]:
    """The guess for each script, preferring a language the volume's articles are written in."""
    guesses = dict(SCRIPT_LANGUAGES)
    for tag in languages:
        script = script_of_language(tag)
        if script in guesses and guesses[script] == SCRIPT_LANGUAGES[script]:
            guesses[script] = tag
    return guesses


@cache
def _script(char: str) -> str | None:
    """The script of a letter, by its Unicode name; kept per character, because a book has
    a few hundred distinct letters and a million of them to look at."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in SCRIPT_LANGUAGES:
        if name.startswith(script.upper()):
            return script
    return None


def has_foreign_letters(text: str, home: str) -> bool:
    """Whether ``text`` holds a letter of a script other than ``home``: without one there is
    no foreign run, and the text's distinct characters are few to look at."""
    return any(_script(char) not in (None, home) for char in set(text))


def foreign_runs(text: str, home: str) -> list[tuple[int, int, str]]:
    """(start, end, script) of each stretch of words in a script other than ``home``.

    A stretch runs from its first to its last foreign letter; spaces and punctuation between
    foreign words belong to it, a word in the home script ends it.
    """
    runs: list[tuple[int, int, str]] = []
    for word in _WORD.finditer(text):
        scripts = {s for s in map(_script, word.group()) if s is not None}
        if len(scripts) != 1:
            continue  # digits, or a mixed word: leave it alone
        script = scripts.pop()
        if script == home:
            runs.append((word.start(), word.end(), home))
            continue
        last = runs[-1] if runs else None
        if last is not None and last[2] == script:
            runs[-1] = (last[0], word.end(), script)
        else:
            runs.append((word.start(), word.end(), script))
    return [run for run in runs if run[2] != home]


def tag_languages(root: lxml_html.HtmlElement, language: str, guesses: dict[str, str]) -> None:
    """Wrap runs of another script in ``<span lang>``; mirror every ``lang`` as ``xml:lang``.

    ``language`` is the language of the text under ``root``; elements with their own
    ``lang`` set the language (and the home script) for what they hold.
    """
    _walk(root, script_of_language(language), guesses)
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("lang"):
            element.set(XML_LANG, element.get("lang"))


def _walk(element: lxml_html.HtmlElement, home: str, guesses: dict[str, str]) -> None:
    own = element.get("lang")
    if own:
        home = script_of_language(own)
    if element.tag in _SKIPPED:
        return
    for child in list(element):
        if isinstance(child.tag, str):
            _walk(child, home, guesses)
        _split(child, "tail", home, guesses)
    _split(element, "text", home, guesses)


def _split(element: etree._Element, where: str, home: str, guesses: dict[str, str]) -> None:
    """Cut ``element.text`` (or ``.tail``) around each foreign run, wrapping the runs."""
    text = getattr(element, where)
    if not text or (home == "Latin" and text.isascii()) or not has_foreign_letters(text, home):
        return  # the common case, decided without looking at each word
    runs = foreign_runs(text, home)
    if not runs:
        return
    if where == "text" and len(element) == 0 and len(runs) == 1 and not element.get("lang"):
        start, end, script = runs[0]
        if not _WORD.search(text[:start]) and not _WORD.search(text[end:]):
            # The whole element is foreign (an <em> holding a Russian phrase): tag it.
            element.set("lang", guesses.get(script, SCRIPT_LANGUAGES[script]))
            return
    spans = []
    for _, _, script in runs:
        span = lxml_html.Element("span", {"lang": guesses.get(script, SCRIPT_LANGUAGES[script])})
        spans.append(span)
    # Text before the first run stays where it was; each span carries the text up to the
    # next run as its tail.
    setattr(element, where, text[: runs[0][0]])
    for index, span in enumerate(spans):
        start, end = runs[index][0], runs[index][1]
        span.text = text[start:end]
        next_start = runs[index + 1][0] if index + 1 < len(runs) else len(text)
        span.tail = text[end:next_start]
    if where == "text":
        for offset, span in enumerate(spans):
            element.insert(offset, span)
    else:
        parent = element.getparent()
        position = parent.index(element) + 1
        for offset, span in enumerate(spans):
            parent.insert(position + offset, span)


def tag_fragment(html: str, language: str, guesses: dict[str, str]) -> str:
    """:func:`tag_languages` on an XHTML fragment (a chapter body, a note, a foreword)."""
    if not html.strip():
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    tag_languages(root, language, guesses)
    out = [escape(root.text, quote=False)] if root.text else []
    out.extend(etree.tostring(child, method="xml", encoding="unicode") for child in root)
    return "".join(out)
