"""Footnotes: from whatever the reader produced to the one form the writers understand.

Python-Markdown's footnotes arrive as ``<sup><a class="footnote-ref" href="#fn:KEY">``
references and a trailing ``<div class="footnote">`` list. We lift the note texts out into
:class:`Note` records and leave ``<a class="noteref" href="#note-KEY">N</a>`` in the body, so
the EPUB writer can make pop-up notes and the print writer foot-of-page notes from the same data.
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree
from lxml import html as lxml_html

from .base import Note

_TRAILING_NBSP = re.compile(r"[\u00a0 ]+(</p>)?$")
_UNRESOLVED = re.compile(r"\[\^([^\]\s]+)\]")


def extract_notes(root: lxml_html.HtmlElement) -> tuple[list[Note], list[str]]:
    """Move footnotes out of ``root``; return the notes and any unresolved markers.

    Notes are renumbered 1..n in order of first reference, which is what readers expect even
    when the source used names (``[^lukashenko]``) or skipped numbers.
    """
    bodies: dict[str, lxml_html.HtmlElement] = {}
    for container in root.xpath('.//div[contains(concat(" ", @class, " "), " footnote ")]'):
        for li in container.xpath("./ol/li[@id]"):
            key = li.get("id").split(":", 1)[-1]
            for back in li.xpath('.//a[contains(@class, "footnote-backref")]'):
                _drop_keep_tail(back)
            bodies[key] = li
        container.getparent().remove(container)

    notes: list[Note] = []
    numbers: dict[str, int] = {}
    for ref in root.xpath('.//a[contains(concat(" ", @class, " "), " footnote-ref ")]'):
        key = (ref.get("href") or "").split(":", 1)[-1]
        holder = ref.getparent() if ref.getparent().tag == "sup" else ref
        if key not in bodies:
            _drop_keep_tail(holder)
            continue
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            notes.append(Note(key=str(numbers[key]), html=_inner_xhtml(bodies[key])))
        marker = lxml_html.Element("a", {"class": "noteref", "href": f"#note-{numbers[key]}"})
        marker.text = str(numbers[key])
        marker.tail = holder.tail
        holder.getparent().replace(holder, marker)

    unresolved = sorted(set(_UNRESOLVED.findall(root.text_content())))
    return notes, unresolved


def _inner_xhtml(element: lxml_html.HtmlElement) -> str:
    parts = [escape(element.text, quote=False)] if element.text else []
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in element)
    # Python-Markdown leaves a non-breaking space where the back link was.
    return _TRAILING_NBSP.sub(r"\1", "".join(parts).strip())


def _drop_keep_tail(element: lxml_html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    previous = element.getprevious()
    tail = element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
