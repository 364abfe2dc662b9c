"""What a saved page says about its article: title, author, date, address, summary, subjects.

The body rarely repeats these, so they are read from what the page declares about itself.
Declarations differ in how far they can be trusted, and the order below follows that:

- authors: JSON-LD (``Article``, ``BlogPosting``, ``NewsArticle``, also inside ``@graph``),
  then ``rel=author`` links, then ``.byline``/``.author`` elements, then a "By NAME" line at
  the top of the article, then the ``article:author`` meta tag (often a profile URL, which
  is not a name), then the generic ``author`` meta tags;
- dates: JSON-LD ``datePublished``, then ``article:published_time``, then ``<time datetime>``
  (the post's own first), then the generic date meta tags. A page that declares only a year
  or a month (``<meta name="DC.date" content="1911">`` in an archive's scan) gives that,
  when no declaration names a day; an undeclared ``<time>`` in the text never does, since
  an essay on history is full of them.

Commenters' names and dates sit in the same page; anything inside a comment area is ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from ..machinery.partial_dates import from_w3cdtf
from .base import SourceMeta

_TITLE_SEPARATORS = (" \u2013 ", " \u2014 ", " | ", " - ", " :: ", " \u00bb ", " \u00b7 ", " : ")
_ISO_DATE_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_YEAR_OR_MONTH_RE = re.compile(r"\d{4}(?:-\d{2})?")
ARTICLE_TYPES = frozenset(
    {"Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle", "TechArticle",
     "OpinionNewsArticle", "AnalysisNewsArticle", "ReportageNewsArticle", "SocialMediaPosting"}
)  # fmt: skip
# "By Jane Doe", "By Jane Doe and John Roe", "Von Erika Mustermann", "Par Jean Dupont".
_BY_LINE_RE = re.compile(
    r"^(?:by|von|par|por|di|door)\s+"
    r"(?P<name>[^\W\d_][\w.'’-]*(?:\s+(?:[^\W\d_][\w.'’-]*|and|und|et|y|e|&)){0,5})"
    r"(?:\s*[,|·•–—-]\s*.*|\s+\d.*)?$",
    re.IGNORECASE,
)
# "Posted on 11.09.2011, 16:20 von jovelstefan", "March 3, 2020 by Jane Doe": a post-meta
# line with a date, then the author.
_DATED_BY_RE = re.compile(
    r"\d.*?\b(?:by|von|par|por)\s+(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4})\s*$",
    re.IGNORECASE,
)
_MAX_NAME = 100


def _has_token(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Commenters' names and dates must not be taken for the article's author and date.
_NOT_IN_COMMENTS = (
    "[not(ancestor::*[@id='comments' or @id='respond' or starts-with(@id, 'comment-')"
    f" or {_has_token('comment')} or {_has_token('comment-body')}"
    f" or {_has_token('comments-area')} or {_has_token('comment-list')}])]"
)


def page_metadata(document: lxml_html.HtmlElement, base_url: str | None = None) -> SourceMeta:
    """What the page says about the article: title, author, date, URL, summary, categories."""
    metas = meta_tags(document)
    articles = list(json_ld_articles(document))
    url = _http_url(_first_attribute(document, "//link[@rel='canonical']/@href"), base_url)
    url = url or _http_url(metas.get("og:url"), base_url)
    site_names = [
        name
        for name in (
            metas.get("og:site_name"),
            metas.get("application-name"),
            _text(document, f"//*[{_has_token('site-title')} or @id='site-title']"),
        )
        if name
    ]
    host = urlsplit(url or base_url or "").hostname or ""
    return SourceMeta(
        title=_title(document, metas, site_names, host),
        author=page_author(document, metas, articles),
        date=page_date(document, metas, articles),
        url=url,
        summary=_clean(
            metas.get("og:description")
            or metas.get("description")
            or metas.get("twitter:description")
        ),
        categories=_categories(document),
        language=(document.get("lang") or "").strip() or None,
    )


def meta_tags(document: lxml_html.HtmlElement) -> dict[str, str]:
    """``<meta>`` tags by lower-cased property/name/itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for meta in document.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key.lower(), content)
    return found


# ---------------------------------------------------------------------------------------------
# JSON-LD


def json_ld_articles(document: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of an article type in the page, ``@graph`` entries included.

    Broken JSON is common (trailing commas, HTML comments, several objects pasted together);
    a block that does not parse is skipped rather than guessed at.
    """
    for script in document.xpath("//script[@type='application/ld+json']"):
        text = (script.text or "").strip()
        text = re.sub(r"^\s*<!--|-->\s*$", "", text)
        try:
            data = json.loads(text)
        except ValueError:
            continue
        yield from _article_objects(data, depth=0)


def _article_objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _article_objects(item, depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t in ARTICLE_TYPES for t in types):
            yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _article_objects(data[key], depth + 1)


def _json_ld_names(value: Any, graph_names: dict[str, str]) -> list[str]:
    """Names from a JSON-LD ``author``: a string, a Person, a list, or an ``@id`` reference."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _json_ld_names(item, graph_names)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        reference = value.get("@id")
        if isinstance(reference, str) and reference in graph_names:
            return [graph_names[reference]]
    return []


def _graph_names(document: lxml_html.HtmlElement) -> dict[str, str]:
    """``@id`` -> ``name`` of every named node, for authors given as a reference."""
    names: dict[str, str] = {}
    for script in document.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads((script.text or "").strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str) and isinstance(item.get("name"), str):
                    names[item["@id"]] = item["name"]
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return names


# ---------------------------------------------------------------------------------------------
# Authors and dates


def page_author(
    document: lxml_html.HtmlElement,
    metas: dict[str, str],
    articles: list[dict[str, Any]] | None = None,
) -> str | None:
    """The article's author (several joined with commas), by the order of trust above."""
    articles = list(json_ld_articles(document)) if articles is None else articles
    graph_names = _graph_names(document) if articles else {}
    for article in articles:
        names = [_person(name) for name in _json_ld_names(article.get("author"), graph_names)]
        names = list(dict.fromkeys(name for name in names if name))
        if names:
            return ", ".join(names)
    candidates = [
        _text(document, "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
              + _NOT_IN_COMMENTS),
        _text(document, f"//*[{_has_token('byline')}]//*[{_has_token('fn')}]" + _NOT_IN_COMMENTS),
        _text(document, f"//*[{_has_token('author')} or {_has_token('byline')}"
              " or @itemprop='author' or @rel='author']" + _NOT_IN_COMMENTS),
        _by_line(document),
        metas.get("article:author"),
        metas.get("author"),
        metas.get("dc.creator"),
        metas.get("dcterms.creator"),
    ]  # fmt: skip
    if metas.get("twitter:label1", "").lower() in ("written by", "author"):
        candidates.append(metas.get("twitter:data1"))
    for candidate in candidates:
        name = _person(candidate)
        if name:
            return name
    return None


def _person(candidate: str | None) -> str | None:
    """A display name, or None for what is not one (a URL, a handle, a whole sentence)."""
    name = _clean(candidate)
    if not name:
        return None
    match = _BY_LINE_RE.match(name)
    if match:
        name = match["name"]
    # "Jane Doe | 3 March 2020", "Jane Doe · 5 min read": the name is the first part.
    name = re.split(r"\s[|·•—–]\s", name, maxsplit=1)[0].strip(" ,·|")
    if not name or "://" in name or name.startswith("@") or len(name) > _MAX_NAME:
        return None
    return name


def _by_line(document: lxml_html.HtmlElement) -> str | None:
    """A short "By NAME" paragraph near the top of the main text."""
    for element in document.xpath(
        "(//article|//main|//body)[1]//*[self::p or self::div or self::span or self::address"
        " or self::small]" + _NOT_IN_COMMENTS
    )[:60]:
        if len(element) > 3 or element.xpath(".//p|.//div|.//li"):
            continue
        text = _clean(element.text_content()) or ""
        if len(text) > 80:
            continue
        match = _BY_LINE_RE.match(text) or _DATED_BY_RE.search(text)
        if match:
            return match["name"]
    return None


def page_date(
    document: lxml_html.HtmlElement,
    metas: dict[str, str],
    articles: list[dict[str, Any]] | None = None,
) -> dt.date | None:
    """The publication date, by the order of trust above."""
    articles = list(json_ld_articles(document)) if articles is None else articles
    candidates: list[Any] = [article.get("datePublished") for article in articles]
    candidates.append(metas.get("article:published_time"))
    candidates += document.xpath(
        f"//time[{_has_token('published')} or {_has_token('entry-date')}"
        " or @itemprop='datePublished']" + _NOT_IN_COMMENTS + "/@datetime"
    )
    any_time: list[Any] = document.xpath("//time" + _NOT_IN_COMMENTS + "/@datetime")
    declared = [
        metas.get(key)
        for key in (
            "datepublished",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "dcterms.date",
            "pubdate",
        )
    ]
    for candidate in [*candidates, *any_time, *declared]:
        match = _ISO_DATE_RE.match(candidate if isinstance(candidate, str) else "")
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    for candidate in [*candidates, *declared]:
        text = candidate.strip() if isinstance(candidate, str) else ""
        if _YEAR_OR_MONTH_RE.fullmatch(text):
            try:
                return from_w3cdtf(text)
            except ValueError:
                continue
    return None


# ---------------------------------------------------------------------------------------------
# Title and subjects


def _title(
    document: lxml_html.HtmlElement, metas: dict[str, str], site_names: list[str], host: str
) -> str | None:
    candidates = (
        metas.get("og:title"),
        _text(document, f"//h1[{_has_token('entry-title')} or {_has_token('post-title')}]"),
        metas.get("twitter:title"),
        _text(document, "//title"),
    )
    for candidate in candidates:
        title = _clean(candidate)
        if title:
            return strip_site_name(title, site_names, host)
    return None


def strip_site_name(title: str, site_names: list[str], host: str = "") -> str:
    """Remove a " – Site name" suffix (or "Site name | " prefix) that themes add to titles.

    Only a part that matches the site's declared name or its domain is removed, so a title
    that merely contains a dash keeps its second half.
    """
    known = {_letters(name) for name in site_names if _letters(name)}
    if host:
        bare = host.lower().removeprefix("www.")
        known |= {_letters(bare), _letters(bare.rsplit(".", 1)[0])}
    known.discard("")
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if _letters(tail) in known and head.strip():
            return head.strip()
        head, _, tail = title.partition(separator)
        if _letters(head) in known and tail.strip():
            return tail.strip()
    return title


def _categories(document: lxml_html.HtmlElement) -> list[str]:
    names = document.xpath("//meta[@property='article:section']/@content")
    names += [
        link.text_content()
        for link in document.xpath(
            "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
        )
    ]
    cleaned = [_clean(name) for name in names]
    return list(dict.fromkeys(name for name in cleaned if name))


# ---------------------------------------------------------------------------------------------
# Helpers


def _first_attribute(document: lxml_html.HtmlElement, xpath: str) -> str | None:
    values = document.xpath(xpath)
    return str(values[0]).strip() if values else None


def _text(document: lxml_html.HtmlElement, xpath: str) -> str | None:
    for element in document.xpath(xpath):
        text = _clean(element.text_content())
        if text:
            return text
    return None


def _http_url(value: str | None, base_url: str | None) -> str | None:
    if not value:
        return None
    url = urljoin(base_url, value.strip()) if base_url else value.strip()
    return url if urlsplit(url).scheme in ("http", "https") else None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.split()) or None


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())
