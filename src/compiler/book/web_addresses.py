"""Web and e-mail addresses written out in running text, kept whole by the hyphenator.

An essay or the rights text may name a site in plain words ("first published at
thesaker.is"). Set with ``hyphens: auto`` the layout breaks it like any word ("the-" /
"saker.is"), and the reader types the hyphen into the address. Chicago (7.47) adds no hyphen
to an address: it breaks only at its punctuation. Here, on the print rendering of a page, such
addresses are wrapped as the addresses spelled out for links are
(:func:`compiler.book.paper_links.url_element`): a ``url`` span, as the copyright page marks
the licence's address, never hyphenated (print.css), with a break opportunity after each
slash, dot and hyphen.

Only text is looked at: never markup, attribute values or comments, nor code, preformatted
text, or an address already marked.
"""

from __future__ import annotations

import re

from lxml import etree

from .paper_links import url_element

# Top-level domains an address without a scheme or "www." may end in: every two-letter
# country code, and the generic ones people write out in prose. A file name ("notes.txt")
# or an abbreviation ("e.g.") is left alone.
_GENERIC = (
    "com|org|net|edu|gov|mil|int|info|biz|name|pro|museum|coop|aero|app|dev|blog|news|online|site"
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# What may follow a host in an address: a path, a query, a fragment.
_REST = r"[^\s<>\"“”‘’«»]*"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_SCHEMED = rf"(?:https?|ftp)://{_REST}|www\.{_REST}"
_BARE = rf"{_LABEL}(?:\.{_LABEL})*\.(?:{_GENERIC}|[a-z]{{2}})(?:/{_REST})?"
ADDRESS = re.compile(rf"(?<![\w@./:-])(?:{_EMAIL}|{_SCHEMED}|{_BARE})(?![\w@-])")
# Punctuation closing the sentence around an address, not part of it.
_TRAILING = ".,;:!?'’\"”)]}"
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_OPENING = re.compile(r"<([A-Za-z][\w:-]*)([^>]*?)(/?)>", re.DOTALL)
_CLOSING = re.compile(r"</([A-Za-z][\w:-]*)\s*>")
_KEPT = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "svg", "math"})
_MARKED_CLASS = re.compile(r"""\bclass\s*=\s*["'][^"']*\b(?:link-url|url)\b""")
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")
    + ("source", "track", "wbr")
)


def mark(html: str) -> str:
    """``html`` with each address in its text wrapped in a ``url`` span."""
    if "." not in html:
        return html
    out: list[str] = []
    open_tags: list[bool] = []  # per open element: whether its text is left as it is
    for index, piece in enumerate(_MARKUP.split(html)):
        if index % 2:
            out.append(piece)
            closing = _CLOSING.match(piece)
            if closing and open_tags:
                open_tags.pop()
                continue
            opening = _OPENING.match(piece)
            if opening and not opening.group(3) and opening.group(1).lower() not in _VOID:
                kept = opening.group(1).lower() in _KEPT or bool(
                    _MARKED_CLASS.search(opening.group(2))
                )
                open_tags.append(kept or (bool(open_tags) and open_tags[-1]))
            continue
        out.append(piece if open_tags and open_tags[-1] else _marked_text(piece))
    return "".join(out)


def _marked_text(text: str) -> str:
    def wrap(match: re.Match[str]) -> str:
        found = match.group(0)
        address = found.rstrip(_TRAILING)
        if found[len(address) :].startswith(")") and address.count("(") > address.count(")"):
            address += ")"  # the parenthesis closes one in the address (a Wikipedia page's)
        return _markup(address) + found[len(address) :]

    return ADDRESS.sub(wrap, text)


def _markup(address: str) -> str:
    """The address as ``url_element`` marks it, as an address of the text (``url``) rather
    than one spelled out for a link; its text is already escaped markup."""
    span = url_element(address)
    span.set("class", "url")
    return etree.tostring(span, method="xml", encoding="unicode").replace("&amp;", "&")
