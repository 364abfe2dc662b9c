"""Words set in full capitals for emphasis in running text, marked for small capitals.

Old editions and plain-text sources stress a phrase in capitals: "ONE WHOLE", "COMMON LAW",
"A BILL OF RIGHTS", "POLITICAL". At full size they shout from the page; a typesetter sets
them in small capitals, slightly letter-spaced. Each such run is wrapped in
``<span class="caps">`` for the stylesheets (base.css, print.css) to set, in the EPUB and on
paper alike; the text itself keeps its capitals.

Acronyms ("NATO", "KGB", "U.S.", "AKSU-74") must stay as they are, and they look the same.
What tells them apart is the volume: a short word standing alone in capitals that the volume
writes that way more than once, and never in lower case, is a name ("KGB" six times, "PSYOP"
twice; not "WHOLE", which is "whole" elsewhere), and so is a word in the list of acronyms
below, a roman numeral ("Charles II") or a word with a full stop or a digit in it. Emphasis
is a run of two capitalised words or more that is not all acronyms, or a single word of six
letters or more, or a shorter one that is no such name. An acronym next to emphasis is not
part of it: "MUST KGB" is the word "MUST" in small capitals, then a space and "KGB" as it
was; only an acronym that is also an English word ("US", "WHO") reads as the word inside a
run ("GOD SAVE US"). The
capitals a chapter opens with have their own treatment (:mod:`compiler.book.opening_caps`)
and are left to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from lxml import etree
from lxml import html as lxml_html

from .opening_caps import CLASS as OPENING_CLASS
from .opening_caps import leading_capitals

CLASS = "caps"

# Acronyms common in essays of politics, history and the arts that a volume may use once.
KNOWN_ACRONYMS = frozenset(
    (
        "AI",
        "AIDS",
        "BBC",
        "CEO",
        "CIA",
        "CNN",
        "CO2",
        "DNA",
        "EEC",
        "EU",
        "FAQ",
        "FBI",
        "FSB",
        "GDP",
        "GMT",
        "GOP",
        "GPS",
        "GRU",
        "HIV",
        "HTML",
        "ID",
        "IMF",
        "IQ",
        "IRA",
        "ISIS",
        "KGB",
        "LGBT",
        "MAGA",
        "MI5",
        "MI6",
        "MP",
        "NASA",
        "NATO",
        "NBC",
        "NGO",
        "NHS",
        "NKVD",
        "NSA",
        "OECD",
        "OK",
        "OPEC",
        "OSCE",
        "PC",
        "PDF",
        "PhD",
        "PSYOP",
        "RAF",
        "RAM",
        "SS",
        "SWIFT",
        "TV",
        "UFO",
        "UK",
        "UN",
        "UNESCO",
        "UNICEF",
        "URL",
        "US",
        "USA",
        "USSR",
        "VAT",
        "WHO",
        "WTO",
        "WWI",
        "WWII",
    )
)
# Acronyms of the list that are English words too: inside a run of emphasis, they are the word.
_ALSO_WORDS = frozenset({"AIDS", "ID", "OK", "RAM", "SWIFT", "US", "VAT", "WHO"})
# A word of capitals: inner apostrophes and hyphens allowed ("EX-OFFICIO", "IT'S"), or a
# single capital ("A", "I") inside a run.
_WORD = r"[A-Z][A-Z'’\-]*[A-Z]|[A-Z]"
_RUN = re.compile(rf"(?<![\w.\-])(?:{_WORD})(?:[ \u00a0]+(?:{_WORD}))*(?!\w|[.\-]\w)")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_LOWER = re.compile(r"(?<![^\W\d_])[a-z]+(?![^\W\d_])")
_RUN_WORD = re.compile(r"\S+")
# A single word this long is never taken for an acronym unless it is a known one.
_LONG = 6
# Where capitals are not running text: headings, code, and abbreviations already marked.
_SKIPPED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "abbr"})
_SKIPPED_CLASSES = frozenset({CLASS, OPENING_CLASS, "signature"})


def volume_capitals(bodies: Iterable[str]) -> Counter[str]:
    """How often the volume writes each word standing alone in capitals (not in a run), for
    the words it never writes in lower case: "WHOLE" twice is still the word "whole"."""
    counts = Counter[str]()
    lower: set[str] = set()
    for body in bodies:
        text = lxml_html.fromstring(f"<div>{body or ''}</div>").text_content()
        lower.update(_LOWER.findall(text))
        for run in _RUN.finditer(text):
            words = run.group().split()
            if len(words) == 1:
                counts[words[0]] += 1
    return Counter({word: n for word, n in counts.items() if word.lower() not in lower})


def mark_capitals(root: lxml_html.HtmlElement, standalone: Counter[str]) -> None:
    """Wrap the runs of capitals used for emphasis in ``root`` (a chapter body's container)
    in ``<span class="caps">``. ``standalone``: :func:`volume_capitals` of the volume."""
    first = next((child for child in root if isinstance(child.tag, str)), None)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or _skipped(element):
            continue
        if element is not root and element.text:
            skip = len(leading_capitals(element.text)) if element is first else 0
            _wrap(element, element.text, skip, standalone, at_text=True)
        for child in list(element):
            if child.tail and not _skipped_tail(child):
                _wrap(child, child.tail, 0, standalone, at_text=False)


def is_emphasis(run: str, standalone: Counter[str]) -> bool:
    words = run.split()
    if sum(any(c.isalpha() for c in word) and len(word) > 1 for word in words) == 0:
        return False
    if len(words) == 1:
        word = words[0]
        return not _acronym(word) and (len(word) >= _LONG or standalone[word] <= 1)
    return not all(_acronym(word) or len(word) == 1 for word in words)


def emphasis_in(run: str, standalone: Counter[str]) -> list[tuple[int, int]]:
    """Where emphasis is in a run of capitals, as (start, end) offsets into ``run``: the run
    cut at its acronyms, each piece between them judged by :func:`is_emphasis`."""
    pieces: list[list[re.Match[str]]] = [[]]
    for word in _RUN_WORD.finditer(run):
        if _name(word.group(), standalone):
            pieces.append([])
        else:
            pieces[-1].append(word)
    spans = [(piece[0].start(), piece[-1].end()) for piece in pieces if piece]
    return [(start, end) for start, end in spans if is_emphasis(run[start:end], standalone)]


def _name(word: str, standalone: Counter[str]) -> bool:
    """Whether a word of a run is an acronym that stays apart from the emphasis around it. A
    roman numeral goes with the name it numbers ("THIBAUT II")."""
    if word in _ALSO_WORDS:
        return False
    return word in KNOWN_ACRONYMS or (len(word) > 1 and len(word) < _LONG and standalone[word] > 1)


def _acronym(word: str) -> bool:
    return word in KNOWN_ACRONYMS or bool(_ROMAN.fullmatch(word))


def _skipped(element: etree._Element) -> bool:
    return any(
        node.tag in _SKIPPED or _SKIPPED_CLASSES & set((node.get("class") or "").split())
        for node in (element, *element.iterancestors())
        if isinstance(node.tag, str)
    )


def _skipped_tail(child: etree._Element) -> bool:
    parent = child.getparent()
    return parent is None or _skipped(parent)


def _wrap(
    node: etree._Element, text: str, skip: int, standalone: Counter[str], at_text: bool
) -> None:
    """Wrap the emphatic runs in ``text`` (``node``'s text, or its tail), from ``skip`` on."""
    runs = [
        (run.start() + start, run.start() + end)
        for run in _RUN.finditer(text, skip)
        for start, end in emphasis_in(run.group(), standalone)
    ]
    parent = node if at_text else node.getparent()
    if not runs or parent is None:
        return
    at = 0 if at_text else parent.index(node) + 1
    position = 0
    previous: etree._Element | None = None
    for index, (start, end) in enumerate(runs):
        before = text[position:start]
        if previous is not None:
            previous.tail = before
        elif at_text:
            node.text = before
        else:
            node.tail = before
        span = lxml_html.Element("span", {"class": CLASS})
        span.text = text[start:end]
        parent.insert(at + index, span)
        previous, position = span, end
    if previous is not None:
        previous.tail = text[position:]
