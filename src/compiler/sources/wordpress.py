"""WordPress exports (WXR): one post or page of the export becomes one article.

An export holds the post body as the editor saved it, not as the site showed it: paragraphs
are blank lines (WordPress adds the ``<p>``s when it displays a post, with ``wpautop``),
images with captions are ``[caption]`` shortcodes, and plugins leave shortcodes such as
``[gallery]`` or ``[contact-form-7 id="..."]`` whose output lives in the plugin, not in the
export. We redo what WordPress does at display time for paragraphs and captions, name
embedded videos in a line of text (:mod:`.wordpress_embeds`), and remove the other
shortcodes with a warning, so the editor knows something the site showed is missing from
the book.

Exports are untrusted XML of up to tens of megabytes: they are parsed with defusedxml
(entity declarations refused, so neither "billion laughs" nor external entities can run) and
parsed once per process, however many posts a volume takes from the same file.

Every WXR version (1.0 to 1.2) and both spellings of its namespace (``http://`` and
``https://wordpress.org/export/1.2/``) are read: namespaces are matched by what they mean to
WordPress, not by exact address. WordPress.com has shipped exports that use a prefix
(``atom:``) they never declare, which no XML parser accepts; such an export is read again with
the missing declarations added to its root element, still through defusedxml.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl

import defusedxml.sax
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from ..errors import BookError, Diagnostics, Problem
from .base import RawArticle, SourceChange, SourceMeta
from .dates import DateError, parse_date
from .inputs import read_input
from .limits import MAX_ARTICLE_BYTES, MAX_EXPORT_BYTES
from .sanitize import html_to_tree, sanitize_html, warn_removed
from .wordpress_embeds import replace_wordpress_embeds

ARTICLE_TYPES = ("post", "page")
# A channel's author records: <wp:author>, and <wp:wp_author> in WordPress.com exports.
AUTHOR_TAGS = ("wp:author", "wp:wp_author")

# Namespaces by meaning: the address without scheme and trailing slash, in lower case. The
# WordPress one is followed by the WXR version (1.0, 1.1, 1.2) and, for excerpts, /excerpt.
_WP_NAMESPACE = re.compile(r"wordpress\.org/export/\d+(?:\.\d+)*(/excerpt)?")
_CONTENT_NAMESPACE = "purl.org/rss/1.0/modules/content"
_DC_NAMESPACE = "purl.org/dc/elements/1.1"
# What the prefixes WordPress and WordPress.com exports use stand for, to declare the ones an
# export forgot. An unknown prefix gets an address of its own, so its elements are ignored.
_KNOWN_PREFIXES = {
    b"wp": b"http://wordpress.org/export/1.2/",
    b"excerpt": b"http://wordpress.org/export/1.2/excerpt/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
    b"atom": b"http://www.w3.org/2005/Atom",
    b"media": b"http://search.yahoo.com/mrss/",
    b"georss": b"http://www.georss.org/georss",
    b"geo": b"http://www.w3.org/2003/01/geo/wgs84_pos#",
    b"itunes": b"http://www.itunes.com/dtds/podcast-1.0.dtd",
    b"sy": b"http://purl.org/rss/1.0/modules/syndication/",
    b"slash": b"http://purl.org/rss/1.0/modules/slash/",
}
_PREFIX_USE = re.compile(rb"<(?:/)?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[\w.-]+\s*=")
_ROOT_TAG = re.compile(rb"<rss\b[^>]*>")
_DECLARED = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")


class PostSummary(NamedTuple):
    """One entry of an export, as listed in error hints and by ``list_posts``."""

    id: str
    slug: str
    title: str
    type: str
    status: str


@dataclass(frozen=True)
class WxrItem:
    """An ``<item>`` of the export: a post, page, attachment or other WordPress object."""

    post_id: str
    slug: str
    title: str
    post_type: str
    status: str
    post_date: str
    link: str
    creator: str
    content: str
    excerpt: str = ""
    attachment_url: str = ""
    categories: tuple[str, ...] = ()
    pub_date: str = ""  # RSS <pubDate> (RFC 2822), for exports without wp:post_date
    line: int = 0  # of <item>
    content_line: int = 0  # of <content:encoded>, where the body starts


@dataclass(frozen=True)
class WxrExport:
    items: tuple[WxrItem, ...]
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name


# ---------------------------------------------------------------------------------------------
# Public API


def read_wordpress(
    path: Path, post: str, diagnostics: Diagnostics, language: str = "en"
) -> RawArticle:
    """Read one post or page, by slug or numeric ID, from a WordPress export.

    ``language`` is the book's: embedded videos are named in it ("Video: …").
    """
    export = load_export(path)
    item = _find_item(export, str(post).strip(), path)
    if item.status != "publish":
        diagnostics.warn(
            f"post {item.post_id} ({_plain(item.title) or 'untitled'}) is not published "
            f"(status {item.status!r}); it is included as it stands in the export",
            path,
            item.line,
        )
    if len(item.content) > MAX_ARTICLE_BYTES:
        raise BookError(
            Problem(
                f"post {item.post_id} is too large ({len(item.content) // 1024} KiB of text; "
                f"the limit is {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB)",
                path,
                item.content_line or item.line,
            )
        )
    content, embeds = replace_wordpress_embeds(item.content, language)
    for lines, embed in embeds:
        diagnostics.warn(embed.message(language), path, (item.content_line or 1) + lines)
    body = render_post_content(content, path, item.content_line, diagnostics)
    meta = SourceMeta(
        title=_plain(item.title) or None,
        author=export.authors.get(item.creator, item.creator) or None,
        date=_post_date(item.post_date) or _post_date(item.pub_date),
        url=item.link if item.status == "publish" and item.link else None,
        summary=_plain(re.sub(r"<[^>]+>", " ", item.excerpt)) or None,
        categories=list(item.categories),
    )
    warn_removed(body, path, diagnostics, item.content, item.content_line or 1)
    markup = sanitize_html(body)
    return RawArticle(
        source=path,
        root=html_to_tree(markup),
        meta=meta,
        body_line=item.content_line or 1,
        text=item.content,
        text_line=item.content_line or 1,
        changes=[
            SourceChange("changed", embed.line(language), "embedded player kept as a link")
            for _, embed in embeds
        ],
        markup=markup,
    )


def post_id(path: Path, post: str) -> str:
    """The ID of the post that ``post`` (a slug or an ID) names, so the same post chosen
    twice, once by slug and once by ID, is recognised as one."""
    return _find_item(load_export(path), str(post).strip(), path).post_id


def list_posts(path: Path) -> list[PostSummary]:
    """Every item of the export in file order (posts, pages and the rest, with their type)."""
    return [
        PostSummary(item.post_id, item.slug, _plain(item.title), item.post_type, item.status)
        for item in load_export(path).items
    ]


def load_export(path: Path) -> WxrExport:
    """Parse an export, or reuse the parse of the same unchanged file from earlier."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise BookError(f"cannot read WordPress export: {exc.strerror or exc}", path) from exc
    if stat.st_size > MAX_EXPORT_BYTES:
        raise BookError(
            f"WordPress export is too large ({stat.st_size // (1024 * 1024)} MiB; the limit is "
            f"{MAX_EXPORT_BYTES // (1024 * 1024)} MiB): export only the posts the book needs",
            path,
        )
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> WxrExport:
    # mtime and size are part of the key so an export edited during a long session (or a
    # watch-mode rebuild) is parsed again rather than served stale.
    return _parse_export(Path(path))


# ---------------------------------------------------------------------------------------------
# Finding the post


def _find_item(export: WxrExport, post: str, path: Path) -> WxrItem:
    matches: list[WxrItem] = []
    if post.isdigit():
        matches = [item for item in export.items if item.post_id == post]
    if not matches:
        matches = [item for item in export.items if post in (item.slug, unquote(item.slug))]
    if not matches:
        raise BookError(_not_found_message(export, post), path)
    articles = [item for item in matches if item.post_type in ARTICLE_TYPES]
    if len(articles) > 1:
        ids = ", ".join(f"{item.post_id} ({item.post_type})" for item in articles)
        raise BookError(
            f"{post!r} names more than one post in this export ({ids}); use the ID instead",
            path,
        )
    if articles:
        return articles[0]
    item = matches[0]
    if item.post_type == "attachment":
        where = f": {item.attachment_url}" if item.attachment_url else ""
        raise BookError(
            Problem(
                f"{post!r} is an attachment (an uploaded file{where}), not a post or page",
                path,
                item.line,
            )
        )
    raise BookError(
        Problem(
            f"{post!r} is a WordPress {item.post_type!r} item, not a post or page",
            path,
            item.line,
        )
    )


def _not_found_message(export: WxrExport, post: str) -> str:
    candidates = [item for item in export.items if item.post_type in ARTICLE_TYPES]
    if not candidates:
        return f"no post or page {post!r}: this WordPress export contains no posts or pages"
    slugs = [item.slug for item in candidates if item.slug]
    message = f"no post or page {post!r} in this WordPress export"
    suggestion = _suggest(post, candidates)
    if suggestion:
        message += f"; did you mean {suggestion!r}?"
    shown = ", ".join(slugs[:5]) + (", ..." if len(slugs) > 5 else "")
    unnamed = len(candidates) - len(slugs)
    message += f" (it has {len(candidates)} posts and pages"
    if shown:
        message += f": {shown}"
    if unnamed:
        message += f"; {unnamed} without a slug, such as drafts, can be chosen by ID"
    return message + ")"


def _suggest(post: str, candidates: list[WxrItem]) -> str | None:
    """The slug (or ID) the user most likely meant: a shortened slug, a title, or a typo."""
    wanted = _slug_like(post)
    if not wanted:
        return None
    keyed = [
        (item.slug or item.post_id, _slug_like(item.slug), _slug_like(item.title))
        for item in candidates
    ]
    for name, slug, title in keyed:
        if wanted in (slug, title):
            return name
    for name, slug, title in keyed:
        if len(wanted) >= 4 and (wanted in slug or wanted in title):
            return name
    close = difflib.get_close_matches(
        wanted, [slug for _, slug, _ in keyed if slug], n=1, cutoff=0.6
    )
    return close[0] if close else None


def _slug_like(text: str) -> str:
    return "-".join(re.findall(r"\w+", unquote(html.unescape(text)).lower()))


def _post_date(value: str) -> dt.date | None:
    # Drafts that were never scheduled carry "0000-00-00 00:00:00" (and a pubDate in the
    # year -1): no date rather than an error, since WordPress itself writes them.
    try:
        return parse_date(value.strip())
    except DateError:
        return None


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).split())


# ---------------------------------------------------------------------------------------------
# Parsing the export


class _NotAnExport(Exception):
    pass


class _WxrHandler(ContentHandler):
    """Collects items and authors from the SAX stream, with the line each item starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[WxrItem] = []
        self.authors: dict[str, str] = {}
        self.is_wxr = False
        self._locator: object | None = None
        self._stack: list[str] = []
        self._item: dict[str, str] | None = None
        self._item_line = 0
        self._content_line = 0
        self._categories: list[str] = []
        self._category_nicename = ""
        self._author: dict[str, str] | None = None
        self._text: list[str] | None = None
        self._text_depth = 0

    def setDocumentLocator(self, locator: object) -> None:  # noqa: N802 - SAX API
        self._locator = locator

    def _line(self) -> int:
        get_line: Callable[[], int] | None = getattr(self._locator, "getLineNumber", None)
        return get_line() if get_line is not None else 0

    def startElementNS(  # noqa: N802 - SAX API
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        key = _key(name)
        depth = len(self._stack)
        self._stack.append(key)
        if depth == 0 and key != "rss":
            raise _NotAnExport(f"the document is <{key}>, not an RSS export")
        if key.startswith("wp:"):
            self.is_wxr = True
        parent = self._stack[-2] if depth else ""
        if parent == "channel" and key == "item":
            self._item, self._item_line, self._content_line = {}, self._line(), 0
            self._categories = []
        elif parent == "channel" and key in AUTHOR_TAGS:
            self._author = {}
        elif parent == "item" and self._item is not None:
            if key == "content:encoded":
                self._content_line = self._line()
            if key == "category":
                domain = attrs.get((None, "domain"), "")
                self._category_nicename = attrs.get((None, "nicename"), "")
                if domain != "category":
                    return
            self._start_text(depth)
        elif parent in AUTHOR_TAGS and self._author is not None:
            self._start_text(depth)

    def _start_text(self, depth: int) -> None:
        self._text, self._text_depth = [], depth

    def characters(self, content: str) -> None:
        if self._text is not None and len(self._stack) == self._text_depth + 1:
            self._text.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802
        key = self._stack.pop()
        depth = len(self._stack)
        if self._text is not None and depth == self._text_depth:
            value = "".join(self._text)
            self._text = None
            if self._item is not None and key == "category":
                # "Uncategorized" is WordPress's placeholder for "no category", not a subject.
                if self._category_nicename != "uncategorized" and value.strip():
                    self._categories.append(value.strip())
            elif self._item is not None:
                self._item[key] = value
            elif self._author is not None:
                self._author[key] = value
            return
        if key == "item" and self._item is not None:
            self.items.append(self._finish_item(self._item))
            self._item = None
        elif key in AUTHOR_TAGS and self._author is not None:
            login = self._author.get("wp:author_login", "").strip()
            display = _author_name(self._author, login)
            if login and display and login not in self.authors:
                self.authors[login] = display
            self._author = None

    def _finish_item(self, fields: dict[str, str]) -> WxrItem:
        return WxrItem(
            post_id=fields.get("wp:post_id", "").strip(),
            slug=fields.get("wp:post_name", "").strip(),
            title=fields.get("title", "").strip(),
            post_type=fields.get("wp:post_type", "").strip() or "post",
            status=fields.get("wp:status", "").strip() or "publish",
            post_date=fields.get("wp:post_date", "").strip(),
            link=fields.get("link", "").strip(),
            creator=fields.get("dc:creator", "").strip(),
            content=fields.get("content:encoded", ""),
            excerpt=fields.get("excerpt:encoded", ""),
            attachment_url=fields.get("wp:attachment_url", "").strip(),
            pub_date=fields.get("pubDate", "").strip(),
            categories=tuple(dict.fromkeys(self._categories)),
            line=self._item_line,
            content_line=self._content_line or self._item_line,
        )


def _author_name(fields: dict[str, str], login: str) -> str:
    """The name an author's posts are signed with: the display name, unless it is only the
    login (WordPress's default, which few change), when first and last names are better."""
    display = _plain(fields.get("wp:author_display_name", ""))
    full = " ".join(_plain(fields.get(f"wp:author_{part}_name", "")) for part in ("first", "last"))
    if display and (display != login or not full.strip()):
        return display
    return full.strip() or display


def _key(name: tuple[str | None, str]) -> str:
    uri, local = name
    if not uri:
        return local
    meaning = re.sub(r"^[a-z]+://(?:www\.)?", "", uri.strip().lower()).rstrip("/")
    if meaning == _CONTENT_NAMESPACE:
        return "content:" + local
    if meaning == _DC_NAMESPACE:
        return "dc:" + local
    wordpress = _WP_NAMESPACE.fullmatch(meaning)
    if wordpress:
        return ("excerpt:" if wordpress[1] else "wp:") + local
    return f"{{{uri}}}{local}"


def _parse_export(path: Path) -> WxrExport:
    try:
        data = read_input(path)
    except OSError as exc:
        raise BookError(f"cannot read WordPress export: {exc.strerror or exc}", path) from exc
    try:
        return _parse_export_bytes(data, path)
    except BookError as error:
        repaired = _declare_missing_prefixes(data)
        if repaired is None or "unbound prefix" not in str(error):
            raise
        return _parse_export_bytes(repaired, path)


def _declare_missing_prefixes(data: bytes) -> bytes | None:
    """The export with the prefixes it uses but never declares declared on its root element.

    Only the root's start tag changes, on its own line, so every line number stays the same.
    ``None`` when there is nothing to declare (the export is broken some other way).
    """
    root = _ROOT_TAG.search(data)
    if root is None:
        return None
    declared = set(_DECLARED.findall(root[0])) | {b"xml", b"xmlns"}
    used = {a or b for a, b in _PREFIX_USE.findall(data)}
    missing = sorted(used - declared)
    if not missing:
        return None
    declarations = b"".join(
        b' xmlns:%s="%s"'
        % (prefix, _KNOWN_PREFIXES.get(prefix, b"urn:x-undeclared-prefix:" + prefix))
        for prefix in missing
    )
    return data[: root.start() + 4] + declarations + data[root.start() + 4 :]


def _parse_export_bytes(data: bytes, path: Path) -> WxrExport:
    handler = _WxrHandler()
    parser = defusedxml.sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    refused = (
        "WordPress exports never declare entities, and entity declarations are how XML "
        "files are made to read local files or exhaust memory; the file was not read"
    )
    try:
        parser.parse(io.BytesIO(data))
    except OSError as exc:
        raise BookError(f"cannot read WordPress export: {exc.strerror or exc}", path) from exc
    except EntitiesForbidden as exc:
        raise BookError(
            Problem(
                f"the export declares the XML entity {exc.name!r}: {refused}",
                path,
                _parser_line(parser),
            )
        ) from None
    except ExternalReferenceForbidden as exc:
        raise BookError(
            Problem(
                f"the export refers to an external resource ({exc.sysid}): {refused}",
                path,
                _parser_line(parser),
            )
        ) from None
    except DTDForbidden as exc:  # pragma: no cover - defusedxml only raises it when asked to
        raise BookError(Problem(f"the export declares a DTD: {refused}", path)) from exc
    except ValueError as exc:
        # After the defusedxml errors, which are ValueErrors too: expat refuses a declared
        # UTF-7 or other multi-byte encoding this way.
        raise BookError(
            Problem(
                f"the export's XML declaration names an encoding the XML reader cannot read "
                f"({exc}); WordPress writes UTF-8: save the file as UTF-8 and declare "
                'encoding="UTF-8"',
                path,
                1,
            )
        ) from None
    except SAXParseException as exc:
        raise BookError(
            Problem(
                f"not a well-formed WordPress export (XML error: {exc.getMessage()})",
                path,
                exc.getLineNumber() or 0,
                (exc.getColumnNumber() or 0) + 1,
            )
        ) from None
    except _NotAnExport as exc:
        raise BookError(f"not a WordPress export: {exc}", path) from None
    if not handler.is_wxr:
        raise BookError(
            "not a WordPress export: an RSS feed without WordPress fields (export the site "
            "with Tools > Export in the WordPress dashboard)",
            path,
        )
    return WxrExport(items=tuple(handler.items), authors=dict(handler.authors))


def _parser_line(parser: object) -> int:
    get_line: Callable[[], int] | None = getattr(parser, "getLineNumber", None)
    try:
        return int(get_line()) if get_line is not None else 0
    except (AttributeError, TypeError, ValueError):
        return 0


# ---------------------------------------------------------------------------------------------
# The post body: what WordPress does between the database and the page


def render_post_content(
    content: str, source: Path, line: int = 0, diagnostics: Diagnostics | None = None
) -> str:
    """Turn a stored post body into the HTML WordPress would display.

    Block-editor posts (``<!-- wp:... -->``) already carry their ``<p>`` tags, so, as in
    WordPress, they skip ``wpautop``.
    """
    text = _drop_comments(content, _MORE_TAG, across_lines=False)
    text = expand_shortcodes(text, source, line, diagnostics)
    if "<!-- wp:" in text:
        return _drop_comments(text, _BLOCK_COMMENT, across_lines=True)
    return wpautop(text)


_MORE_TAG = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:")


def _drop_comments(text: str, opening: re.Pattern[str], across_lines: bool) -> str:
    """``text`` without each comment ``opening`` starts, through the next ``-->`` (on the same
    line unless ``across_lines``): ``re.sub(opening + ".*?-->", "")`` in one pass.

    The regular expression looks for the end of every opening afresh, so a post of thousands
    of openings never closed took minutes; here a line (or text) found to hold no ``-->`` is
    not searched again.
    """
    pieces: list[str] = []
    kept = 0  # text[:kept] is decided
    open_until = -1  # no "-->" starts between an opening's end and here
    for match in opening.finditer(text):
        if match.start() < kept or match.end() <= open_until:
            continue
        limit = len(text)
        if not across_lines:
            newline = text.find("\n", match.end())
            limit = limit if newline == -1 else newline
        close = text.find("-->", match.end(), limit)
        if close == -1:
            open_until = limit
            continue
        pieces.append(text[kept : match.start()])
        kept = close + 3
    pieces.append(text[kept:])
    return "".join(pieces)


# Shortcodes WordPress itself registers, and common plugin ones that take no attributes (with
# attributes or a closing tag, any [name ...] is recognised). Bracketed prose such as "[sic]"
# or "[Figure 43]" is neither, so it is left alone.
KNOWN_SHORTCODES = frozenset(
    {
        "caption", "wp_caption", "gallery", "playlist", "audio", "video", "embed",
        "contact-form", "toc", "ez-toc", "adsense", "ad", "addtoany", "ssba", "sharethis",
        "jetpack_subscription_form", "subscribe", "related_posts", "yarpp", "ratings",
    }
)  # fmt: skip
# Shortcodes whose enclosed content is the address of what WordPress shows in their place (a
# video, a tweet), not text: the address goes with the shortcode, just as the player itself is
# left out of a saved page, so the post reads the same from either.
ADDRESS_SHORTCODES = frozenset({"embed"})
_NAME = r"[A-Za-z][\w-]*"
_ATTRIBUTE_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
MAX_SHORTCODE_NESTING = 50  # shortcodes enclosing one another: real posts nest two or three


def expand_shortcodes(
    text: str, source: Path, line: int = 0, diagnostics: Diagnostics | None = None
) -> str:
    """Replace ``[caption]`` by a ``<figure>``; remove other shortcodes, keeping enclosed text.

    ``line`` is the source line where ``text`` starts, so warnings point at the shortcode.
    ``[[name]]`` is WordPress's escape for a literal ``[name]`` and comes out as that.
    """
    names = _shortcode_names(text)
    if not names:
        return text
    seen: dict[str, list[int]] = {}
    result = _replace_shortcodes(text, names, line, seen, source)
    if diagnostics is not None:
        for name, lines in seen.items():
            times = f" ({len(lines)} times)" if len(lines) > 1 else ""
            diagnostics.warn(
                f"removed WordPress shortcode [{name}]{times}: its output comes from a plugin "
                "or the site's media library, which the export does not contain",
                source,
                lines[0],
            )
    return result


# WordPress finds shortcodes with one regular expression (get_shortcode_regex()); Python's
# engine looks for the closing "]" and "[/name]" of every opening afresh, which made a post of
# "[toc] " repeated take minutes. The scanner below reads the same shortcodes in one pass: each
# "]" and "[/name]" is found once and looked up by position.
_OPENING = re.compile(r"\[(/?)(" + _NAME + r")(?![\w-])")
_CLOSING = re.compile(r"\[/(" + _NAME + r")\]")


@dataclass(frozen=True)
class _Shortcode:
    start: int  # of its "[", or of the "[" before it
    end: int  # after its last "]"
    name: str
    attributes: str
    inner: tuple[int, int] | None  # the enclosed text's span, for [name]...[/name]
    opened_twice: bool  # "[[name": one "[" more before it
    closed_twice: bool  # one "]" more after it; both: an escaped, literal [name]


class _Scanner:
    """Positions in one text, each found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._from, self._bracket = 0, self.text.find("]")
        self.closings: dict[str, list[int]] = {}
        for match in _CLOSING.finditer(text):
            self.closings.setdefault(match[1], []).append(match.start())

    def next_bracket(self, start: int) -> int:
        """The first "]" at or after ``start``, or -1."""
        known = self._from <= start and (self._bracket == -1 or start <= self._bracket)
        if not known:
            self._from, self._bracket = start, self.text.find("]", start)
        return self._bracket

    def next_closing(self, name: str, start: int) -> int:
        """Where the first "[/name]" at or after ``start`` begins, or -1."""
        places = self.closings.get(name, [])
        index = bisect.bisect_left(places, start)
        return places[index] if index < len(places) else -1


def _candidates(scanner: _Scanner) -> Iterator[tuple[re.Match[str], int]]:
    r"""Each "[name ...]" or "[/name ...]" with the position of its "]", left to right and not
    overlapping, as ``re.finditer(r"\[(/?)(NAME)(?![\w-])([^\]]*)\]")`` finds them."""
    position = 0
    while match := _OPENING.search(scanner.text, position):
        bracket = scanner.next_bracket(match.end())
        if bracket == -1:
            return  # no "]" after here: no later opening is closed either
        yield match, bracket
        position = bracket + 1


def _shortcode_names(text: str) -> list[str]:
    found = list(_candidates(_Scanner(text)))
    closed = {match[2] for match, _ in found if match[1]}
    names: set[str] = set()
    for match, bracket in found:
        name = match[2]
        if match[1]:
            continue
        if name in KNOWN_SHORTCODES or name in closed or "=" in text[match.end() : bracket]:
            names.add(name)
    return sorted(names, key=len, reverse=True)


def _shortcodes(scanner: _Scanner, names: set[str]) -> Iterator[_Shortcode]:
    """The shortcodes named ``names``, left to right, as WordPress's get_shortcode_regex()
    matches them: self-closing ``[name /]``, enclosing ``[name]...[/name]``, escaped
    ``[[name]]``."""
    text = scanner.text
    position = 0
    while match := _OPENING.search(text, position):
        name = match[2]
        if match[1] or name not in names:
            position = match.start() + 1
            continue
        bracket = scanner.next_bracket(match.end())
        if bracket == -1:
            return  # this opening is never closed, and none after it is
        opened_twice = match.start() > position and text[match.start() - 1] == "["
        end, attributes_end, inner = bracket + 1, bracket, None
        if bracket > match.end() and text[bracket - 1] == "/":
            attributes_end = bracket - 1
        else:
            closing = scanner.next_closing(name, end)
            if closing != -1:
                inner = (end, closing)
                end = closing + len(name) + 3
        closed_twice = text.startswith("]", end)
        yield _Shortcode(
            start=match.start() - opened_twice,
            end=end + closed_twice,
            name=name,
            attributes=text[match.end() : attributes_end],
            inner=inner,
            opened_twice=opened_twice,
            closed_twice=closed_twice,
        )
        position = end + closed_twice


def _replace_shortcodes(
    text: str,
    names: list[str],
    line: int,
    seen: dict[str, list[int]],
    source: Path,
    depth: int = 0,
) -> str:
    if depth > MAX_SHORTCODE_NESTING:
        raise BookError(
            Problem(
                f"shortcodes are nested more than {MAX_SHORTCODE_NESTING} deep; no post needs "
                "that, so the export is probably broken",
                source,
                line or None,
            )
        )
    pieces: list[str] = []
    kept = 0
    newlines, counted = 0, 0  # newlines in text[:counted], counted on as the scan goes

    def line_at(position: int) -> int:
        nonlocal newlines, counted
        newlines += text.count("\n", counted, position)
        counted = position
        return line + newlines

    for code in _shortcodes(_Scanner(text), set(names)):
        pieces.append(text[kept : code.start])
        kept = code.end
        if code.opened_twice and code.closed_twice:
            pieces.append(text[code.start + 1 : code.end - 1])  # [[name]] is a literal [name]
            continue
        lead, trail = "[" * code.opened_twice, "]" * code.closed_twice
        at = line_at(code.start) if line else 0
        inner = text[code.inner[0] : code.inner[1]] if code.inner else None
        if code.name in ("caption", "wp_caption"):
            inner_line = line_at(code.inner[0]) if line and inner else 0
            body = _replace_shortcodes(inner or "", names, inner_line, seen, source, depth + 1)
            figure = _caption_figure(_shortcode_attributes(code.attributes), body)
            pieces.append(lead + figure + trail)
            continue
        seen.setdefault(code.name, []).append(at)
        if inner is None or code.name in ADDRESS_SHORTCODES:
            pieces.append(lead + trail)
            continue
        inner_line = line_at(code.inner[0]) if line else 0
        body = _replace_shortcodes(inner, names, inner_line, seen, source, depth + 1)
        pieces.append(lead + body + trail)
    pieces.append(text[kept:])
    return "".join(pieces)


def _shortcode_attributes(text: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE_RE.finditer(text.replace("\u00a0", " ")):
        for name_group, value_group in ((1, 2), (3, 4), (5, 6)):
            if match[name_group]:
                attributes[match[name_group].lower()] = match[value_group]
                break
    return attributes


_CAPTIONED_IMAGE_RE = re.compile(
    r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL
)


def _caption_figure(attributes: dict[str, str], content: str) -> str:
    """WordPress's img_caption_shortcode(), producing HTML5 ``<figure>`` as current themes do.

    The caption is either the ``caption`` attribute (WordPress before 3.4) or the text after
    the image inside the shortcode.
    """
    caption = attributes.get("caption", "")
    match = _CAPTIONED_IMAGE_RE.match(content.strip())
    if match:
        image = match[1]
        caption = caption or match[2].strip()
    else:
        image = content.strip()
    if not caption:
        return image
    classes = " ".join(part for part in ("wp-caption", attributes.get("align", "")) if part)
    figure_id = html.escape(attributes.get("id", ""), quote=True)
    id_attribute = f' id="{figure_id}"' if figure_id else ""
    return (
        f'<figure{id_attribute} class="{html.escape(classes, quote=True)}">{image}'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
    )


# WordPress's wpautop() (wp-includes/formatting.php), statement for statement, so that posts
# come out with the paragraphs their site showed.
_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_NEWLINE_IN_TAG = "\ue000"  # stands for a newline inside a tag while paragraphs are made
_PRESERVED_NEWLINE = "\ue001"  # stands for a newline inside <script>/<style>/<svg>/<math>


def wpautop(text: str, br: bool = True) -> str:
    """Make paragraphs from blank lines and ``<br />`` from single newlines, as WordPress does.

    Block-level elements are not wrapped in ``<p>``; ``<pre>`` content is left untouched.

    Two changes to WordPress's expressions keep the time linear in the length of the post
    (PHP's engine gives up on such input; Python's ran for minutes): a tag's attributes end at
    the next ``<`` as well as at ``>`` (``[^<>]*``), so a thousand ``<li`` never closed are
    not each scanned to the end; and leading whitespace (``\\s*``) is tried at the start of a run of
    spaces only, not again from each space inside it. Well-formed markup comes out the same.
    """
    if not text.strip():
        return ""
    text += "\n"

    pre_tags: dict[str, str] = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        for index, part in enumerate(parts):
            start = part.find("<pre")
            if start == -1:  # malformed HTML
                text += part
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last

    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + _ALLBLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + _ALLBLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<[^<>]*>", lambda m: m[0].replace("\n", f" {_NEWLINE_IN_TAG} "), text)

    if "<option" in text:
        text = re.sub(r"(?:(?<!\s)\s+)?<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^<>]*>)\s*", r"\1", text)
        text = re.sub(r"(?:(?<!\s)\s+)?</object>", "</object>", text)
        text = re.sub(r"(?:(?<!\s)\s+)?(</?(?:param|embed)[^<>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^<>\[\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"(?:(?<!\s)\s+)?([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"(?:(?<!\s)\s+)?(<(?:source|track)[^<>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"(?:(?<!\s)\s+)?(<figcaption[^<>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)

    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join("<p>" + part.strip("\n") + "</p>\n" for part in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^<>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^<>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^<>]*>)", r"\1", text)
    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^<>]*>)\s*</p>", r"\1", text)

    if br:
        text = _preserve_newlines(text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        # Tried at the start of a run of spaces (or just after a <br />'s first one) only.
        text = re.sub(r"(?<!<br />)(?:(?<!\s)|(?<=<br />\s))\s*\n", "<br />\n", text)
        text = text.replace(_PRESERVED_NEWLINE, "\n")

    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^<>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^<>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(f" {_NEWLINE_IN_TAG} ", "\n").replace(_NEWLINE_IN_TAG, "\n")


_RAW_OPENING = re.compile(r"<(script|style|svg|math)")


def _preserve_newlines(text: str) -> str:
    """Newlines inside ``<script>``, ``<style>``, ``<svg>`` and ``<math>`` elements hidden from
    the ``<br />`` step: ``re.sub(r"<(script|style|svg|math).*?</\1>", ...)`` in one pass.

    The regular expression searched to the end for the closing tag of every opening, so a
    post of thousands of ``<math `` took minutes; an element found never closed is not
    searched for again.
    """
    pieces: list[str] = []
    kept = 0
    unclosed: set[str] = set()
    for match in _RAW_OPENING.finditer(text):
        name = match[1]
        if match.start() < kept or name in unclosed:
            continue
        close = text.find(f"</{name}>", match.end())
        if close == -1:
            unclosed.add(name)
            continue
        end = close + len(name) + 3
        pieces.append(text[kept : match.start()])
        pieces.append(text[match.start() : end].replace("\n", _PRESERVED_NEWLINE))
        kept = end
    pieces.append(text[kept:])
    return "".join(pieces)
