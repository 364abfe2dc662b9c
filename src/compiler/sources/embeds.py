"""Embedded players and frames as a line of text: "Video: TITLE — URL".

A book cannot play a video or show a live page, but the reader should know one was there and
where to find it; dropping the embed silently loses part of what the author showed. Each
``<iframe>`` and ``<video>`` of a page is replaced, before the article is chosen, by a short
plain-text paragraph naming it in the book's language; once the article is chosen the
address becomes a link. Plain text while readability scores the page, because a paragraph
that is mostly a link looks like navigation to it and would be thrown away.

Frames that show nothing (tracking pixels: zero size or hidden) are left to the sanitiser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html as lxml_html

MARK = "data-compile-book-embed"

# What each kind of embed is called, by the primary subtag of the book's language.
LABELS: dict[str, dict[str, str]] = {
    "en": {"video": "Video", "frame": "Embedded content"},
    "fr": {"video": "Vidéo", "frame": "Contenu intégré"},
    "de": {"video": "Video", "frame": "Eingebetteter Inhalt"},
    "es": {"video": "Vídeo", "frame": "Contenido insertado"},
    "it": {"video": "Video", "frame": "Contenuto incorporato"},
    "ru": {"video": "Видео", "frame": "Встроенный материал"},
}

_VIDEO_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com",
                "dailymotion.com", "twitch.tv", "ted.com", "wistia", "brightcove",
                "jwplayer", "archive.org/embed")  # fmt: skip
_TRACKERS = ("googletagmanager.com", "doubleclick.net", "facebook.com/tr")
_YOUTUBE_EMBED = re.compile(r"/embed/([\w-]{6,})")
_VIMEO_EMBED = re.compile(r"/video/(\d+)")
_DASH = " \u2014 "


@dataclass(frozen=True)
class Embed:
    """One embed that became a line of text."""

    kind: str  # "video" or "frame"
    title: str
    url: str
    needle: str = ""  # the address as written in the page, to find its line for messages

    def message(self, language: str) -> str:
        what = "an embedded video" if self.kind == "video" else "an embedded page (<iframe>)"
        return f"{what} is kept as a line with its address (a book cannot show it): " + (
            self.line(language)
        )

    def line(self, language: str) -> str:
        labels = LABELS.get(language.split("-")[0].lower(), LABELS["en"])
        label = labels[self.kind]
        return f"{label}: {self.title}{_DASH}{self.url}" if self.title else f"{label}: {self.url}"


def replace_embeds(
    document: lxml_html.HtmlElement, language: str, page_url: str | None = None
) -> list[Embed]:
    """Replace every visible ``<iframe>``/``<video>`` by a marked paragraph of plain text."""
    found = []
    for element in list(document.iter("iframe", "video")):
        embed = _describe(element, page_url)
        if embed is None or element.getparent() is None:
            continue
        replacement = lxml_html.Element("span", {MARK: embed.kind})
        replacement.text = embed.line(language)
        replacement.tail = element.tail
        element.getparent().replace(element, replacement)
        found.append(embed)
    return found


def link_embeds(fragment: lxml_html.HtmlElement) -> list[str]:
    """Turn the marked lines of the chosen article into paragraphs ending in a link.

    Returns the lines, for the report. A line alone in its paragraph stays in it; anywhere
    else it becomes a paragraph of its own.
    """
    lines = []
    for span in list(fragment.xpath(f".//span[@{MARK}]")):
        text = span.text or ""
        lines.append(text)
        head, separator, url = text.rpartition(" ")
        span.text = head + separator if separator else ""
        link = lxml_html.Element("a", {"href": url})
        link.text = url
        span.append(link)
        del span.attrib[MARK]
        parent = span.getparent()
        alone = (
            parent is not None
            and parent.tag == "p"
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (span.tail or "").strip()
        )
        if alone:
            span.drop_tag()  # the paragraph it stood in is its paragraph
        else:
            span.tag = "p"
    return lines


def _describe(element: lxml_html.HtmlElement, page_url: str | None) -> Embed | None:
    source = element.get("src") or element.get("data-src") or ""
    if not source and element.tag == "video":
        sources = element.xpath(".//source/@src")
        source = sources[0] if sources else ""
    source = source.strip()
    if source.startswith("//"):
        source = "https:" + source
    elif page_url and not urlsplit(source).scheme:
        source = urljoin(page_url, source)
    if urlsplit(source).scheme not in ("http", "https") or _hidden(element):
        return None
    if any(tracker in source for tracker in _TRACKERS):
        return None
    kind = "video" if element.tag == "video" or any(h in source for h in _VIDEO_HOSTS) else "frame"
    title = " ".join((element.get("title") or element.get("aria-label") or "").split())
    title = re.sub(r"^(embedded (video|content) for|youtube video player)\s*:?\s*", "", title,
                   flags=re.IGNORECASE)  # fmt: skip
    return Embed(kind, title, _watch_url(source), needle=element.get("src") or "")


def embed_for_address(address: str) -> Embed:
    """The embed an address alone stands for (a WordPress ``[embed]`` or oEmbed line)."""
    kind = "video" if any(host in address for host in _VIDEO_HOSTS) else "frame"
    return Embed(kind, "", _watch_url(address), needle=address)


def _hidden(element: lxml_html.HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return element.get("width") in ("0", "1") or element.get("height") in ("0", "1")


def _watch_url(source: str) -> str:
    """The address a reader can open: the video's page rather than its bare player."""
    parts = urlsplit(source)
    host = parts.hostname or ""
    if "youtube" in host and (match := _YOUTUBE_EMBED.search(parts.path)):
        return f"https://www.youtube.com/watch?v={match[1]}"
    if host == "player.vimeo.com" and (match := _VIMEO_EMBED.search(parts.path)):
        return f"https://vimeo.com/{match[1]}"
    if "youtube" in host and parts.path == "/watch":
        video = parse_qs(parts.query).get("v")
        # Old embeds glue options on with a second "?" (``watch?v=ID?html5=1``).
        identifier = re.match(r"[\w-]+", video[0]) if video else None
        if identifier:
            return f"https://www.youtube.com/watch?v={identifier[0]}"
    return source
