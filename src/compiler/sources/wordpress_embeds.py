"""Videos and other embeds in a WordPress post: a line naming them, as for a saved page.

A post stores an embed as its address, and WordPress puts the player in when it displays
the post: ``[embed]URL[/embed]``, Jetpack's ``[youtube URL]`` (also ``[youtube=URL]``,
``[vimeo …]``, ``[dailymotion …]``, ``[tweet …]``), and a bare address alone on its own line
from a site WordPress knows how to embed (oEmbed). A book cannot play them, so each becomes
the paragraph a saved page's player becomes (:mod:`.embeds`): "Video: URL", in the book's
language, with the address as a link and a report line, rather than vanishing or leaving a
stray ``[youtube …]`` in the text.

This runs on the post as stored, before WordPress's paragraph rules, as WordPress itself
embeds before ``wpautop``. Addresses inside ``<pre>``, ``<code>`` and code shortcodes are
code, and are left alone.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .embeds import Embed, embed_for_address

# Shortcodes whose argument names what WordPress.com and Jetpack show: the address, or an ID
# on the host below.
_BY_ID = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "dailymotion": "https://www.dailymotion.com/video/{}",
    "tweet": "https://twitter.com/i/status/{}",
}
# Sites WordPress embeds from an address alone on its line (its oEmbed providers).
OEMBED_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "dai.ly", "flickr.com",
    "flic.kr", "twitter.com", "x.com", "instagram.com", "soundcloud.com", "spotify.com",
    "slideshare.net", "speakerdeck.com", "ted.com", "tiktok.com", "wordpress.tv",
    "videopress.com", "scribd.com", "reddit.com", "tumblr.com", "imgur.com", "mixcloud.com",
    "issuu.com", "kickstarter.com", "smugmug.com", "cloudup.com", "animoto.com",
)  # fmt: skip
_EMBED = re.compile(r"\[embed(?:\s[^\]]*)?\]\s*(.*?)\s*\[/embed\]", re.IGNORECASE | re.DOTALL)
_SITE = re.compile(
    r"\[(youtube|vimeo|dailymotion|tweet)(?:\s*=\s*|\s+)([^\]\s]+)[^\]]*\](?:\s*\[/\1\])?",
    re.IGNORECASE,
)
# WordPress's two forms: the address alone on its line, or alone in a paragraph of its own.
_BARE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_BARE_PARAGRAPH = re.compile(
    r"^[ \t]*<p>[ \t]*(https?://[^\s<>\"]+)[ \t]*</p>[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_CODE = re.compile(
    r"<(pre|code)\b.*?</\1\s*>|\[(code|sourcecode|source)\b.*?\[/\2\]",
    re.IGNORECASE | re.DOTALL,
)


def replace_wordpress_embeds(text: str, language: str) -> tuple[str, list[tuple[int, Embed]]]:
    """The post with each embed as a link paragraph, and the embeds with the number of
    lines before each (to point messages at it).

    Every replacement keeps the newlines it replaces, so line numbers stay true.
    """
    found: list[tuple[int, Embed]] = []
    pieces: list[str] = []
    position = 0
    for code in _CODE.finditer(text):
        before = text.count("\n", 0, position)
        pieces.append(_replace(text[position : code.start()], before, language, found))
        pieces.append(code[0])
        position = code.end()
    pieces.append(_replace(text[position:], text.count("\n", 0, position), language, found))
    return "".join(pieces), sorted(found, key=lambda pair: pair[0])


def _replace(text: str, lines: int, language: str, found: list[tuple[int, Embed]]) -> str:
    def embed(match: re.Match[str], address: str) -> str:
        address = html.unescape(address.strip())
        if urlsplit(address).scheme not in ("http", "https"):
            return match[0]
        described = embed_for_address(address)
        found.append((lines + match.string.count("\n", 0, match.start()), described))
        return _paragraph(described, language) + "\n" * match[0].count("\n")

    text = _EMBED.sub(lambda m: embed(m, m[1]), text)
    text = _SITE.sub(lambda m: embed(m, _site_address(m[1].lower(), m[2])), text)
    for bare in (_BARE, _BARE_PARAGRAPH):
        text = bare.sub(lambda m: embed(m, m[1]) if _embeddable(m[1]) else m[0], text)
    return text


def _site_address(site: str, argument: str) -> str:
    argument = html.unescape(argument)
    if urlsplit(argument).scheme in ("http", "https"):
        return argument
    identifier = re.match(r"[\w-]+", argument)
    return _BY_ID[site].format(identifier[0]) if identifier else ""


def _embeddable(address: str) -> bool:
    host = (urlsplit(address).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in OEMBED_HOSTS)


def _paragraph(embed: Embed, language: str) -> str:
    line = embed.line(language)
    label = line[: len(line) - len(embed.url)]
    address = html.escape(embed.url, quote=True)
    return f'<p>{html.escape(label)}<a href="{address}">{html.escape(embed.url)}</a></p>'
