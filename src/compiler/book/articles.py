"""From a raw source to a finished :class:`Article`: cleanup, title, notes, overrides.

This is the one place where every input format meets: whatever a reader produced, the same
cleanup rules run on the same tree, the title is found the same way, and the per-article
overrides from volume.yaml win over what the source says about itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from pathlib import Path

import markdown
from lxml import html as lxml_html

from ..cleanup import Change, CleanupReport, VolumeWords, clean
from ..cleanup.repair import repair, settle, settle_note
from ..cleanup.report import EXTRACTION
from ..cleanup.titles import heading_markup, split_title
from ..cleanup.tree import BLOCKS
from ..errors import BookError, Diagnostics, Problem
from ..sources.base import Article, Note, RawArticle, SourceMeta
from ..sources.html import read_html
from ..sources.images import LeftOut, collect_images
from ..sources.limits import (
    MAX_BLOCKS,
    MAX_NESTING,
    MAX_TITLE,
    nesting_depth,
    too_deep_message,
    too_many_blocks,
)
from ..sources.long_words import break_long_words
from ..sources.markdown import EXTENSIONS as MARKDOWN_EXTENSIONS
from ..sources.markdown import read_markdown
from ..sources.notes import extract_notes, mark_stray_calls
from ..sources.sanitize import drop_keep_tail, html_to_tree, sanitize_html
from ..sources.wordpress import read_wordpress
from ..sources.xhtml import to_xhtml
from ..volume.model import ArticleEntry, CleanupSettings, Volume
from .headings import normalise_headings
from .tables import scope_headers

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
HEADINGS = ("h1", "h2", "h3")


class EmptyArticle(BookError):
    """Nothing of the article is left to print (an image-only post whose image is missing).

    The book is still whole without it, so the build leaves it out with a warning (an error
    under ``--strict``) instead of stopping. ``missing_images`` are the files it lacked, so a
    rebuild notices when they arrive; ``report`` goes in the cleanup report all the same.
    """

    def __init__(
        self, problem: Problem, missing_images: list[Path], report: CleanupReport | None = None
    ) -> None:
        super().__init__(problem)
        self.missing_images = missing_images
        self.report = report  # what was done to it before nothing was left


def read_raw(
    path: Path, diagnostics: Diagnostics, post: str | None = None, language: str = "en"
) -> RawArticle:
    """Pick the reader for a source by what it is: a WordPress post, HTML page or Markdown.

    ``language`` is the book's, for the few words a reader writes itself ("Video: …").
    """
    if post is not None:
        raw = read_wordpress(path, post, diagnostics, language)
    elif path.suffix.lower() in HTML_SUFFIXES:
        raw = read_html(path, diagnostics, language)
    elif path.suffix.lower() in MARKDOWN_SUFFIXES:
        raw = read_markdown(path, diagnostics)
    else:
        raise BookError(
            f"unsupported article type {path.suffix or '(no extension)'!r}: use Markdown "
            "(.md), HTML (.html) or a WordPress export with 'post:'",
            path,
        )
    # Cleanup rules, rendering and page layout all walk the tree; a tree deeper than any
    # real text is refused here rather than overflowing one of them later.
    if nesting_depth(raw.root) > MAX_NESTING:
        raise BookError(too_deep_message(), path)
    # Cleanup and layout work per block; past a novel's worth, the file is a flood.
    blocks = sum(1 for el in raw.root.iter() if el.tag in BLOCKS)
    if blocks > MAX_BLOCKS:
        raise BookError(too_many_blocks(blocks), path)
    return raw


def load_article(
    entry: ArticleEntry,
    volume: Volume,
    diagnostics: Diagnostics,
    volume_words: VolumeWords | None = None,
    raw: RawArticle | None = None,
) -> tuple[Article, CleanupReport]:
    """Read, clean and finish one article of the volume (``volume_words``: the other
    articles' words, as evidence for cleanup; see :mod:`.vocabulary`; ``raw``: the article
    as read already, see :mod:`.reads`)."""
    if raw is None:
        raw = read_raw(entry.path, diagnostics, entry.post, volume.language)
    repairs = repair(raw.root, entry.url or raw.meta.url)
    settings = entry.cleanup if entry.cleanup is not None else volume.cleanup
    # Quotes and spacing follow the article's own language when it has one.
    language = entry.language or raw.meta.language or volume.language
    report = clean(raw, settings, language, volume_words)
    report.changes[:0] = [*extraction_changes(raw), *repairs]
    break_long_words(raw)
    for message in report.warnings:
        diagnostics.warn(message, raw.source)
    if raw.unused_keys:
        keys = raw.unused_keys
        report.changes.append(
            Change(
                rule="front matter",
                action="ignored",
                count=len(keys),
                note=f"{'key' if len(keys) == 1 else 'keys'} the book does not use: "
                + ", ".join(keys),
            )
        )
    article = finish_article(raw, entry, diagnostics, volume.root, volume.site_root, report)
    return article, report


def load_section(
    path: Path, volume: Volume, diagnostics: Diagnostics, assets: dict[str, Path] | None = None
) -> tuple[str | None, str]:
    """Read an editor's own text (part introduction, foreword, preface...): title and body.

    These are the editor's own texts, so only typography runs on them, never junk removal.
    The title is the front matter's ``title`` or a leading heading (which then leaves the body
    so it does not print twice); the caller falls back to the section's usual name. Images
    pass the same checks as an article's and are added to ``assets``; without ``assets``
    they are left out, since nothing would carry them into the book.
    """
    raw = read_raw(path, diagnostics, language=volume.language)
    repair(raw.root, raw.meta.url)
    clean(raw, CleanupSettings(rules=("blank-lines", "typography")), volume.language)
    break_long_words(raw)
    title = raw.meta.title
    heading = _leading_heading(raw.root)
    if heading is not None and (title is None or _same_title(title, heading.text_content())):
        title = title or _squash(heading.text_content())
        drop_keep_tail(heading)
    images = collect_images(
        raw.root, raw.source, volume.root, diagnostics, raw.locate, volume.site_root
    )
    if assets is not None:
        assets.update(images)
    else:
        for img in raw.root.xpath(".//img"):
            drop_keep_tail(img)
    if not _has_text(raw.root):
        raise BookError("the file has no text", path)
    settle(raw.root)
    return title, serialize_children(raw.root)


def extraction_changes(raw: RawArticle) -> list[Change]:
    """What the reader did to the source's text, as report entries under "extraction"."""
    return [Change(EXTRACTION, c.action, c.text, note=c.note) for c in raw.changes]


def render_text(text: str, volume: Volume, diagnostics: Diagnostics) -> str:
    """Inline Markdown from volume.yaml (a dedication, an epigraph) as typeset XHTML."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="xhtml")
    raw = RawArticle(source=volume.path, root=html_to_tree(sanitize_html(html)), meta=SourceMeta())
    repair(raw.root)
    clean(raw, CleanupSettings(rules=("typography",)), volume.language)
    settle(raw.root)
    return serialize_children(raw.root)


def finish_article(
    raw: RawArticle,
    entry: ArticleEntry,
    diagnostics: Diagnostics,
    book_root: Path,
    site_root: Path | None = None,
    report: CleanupReport | None = None,
) -> Article:
    """Settle the title, lift out footnotes and apply volume.yaml's overrides.

    Images that cannot be had are left out and, with their captions, added to ``report``,
    with the last repairs (what cleanup, notes and images left behind).
    """
    meta = raw.meta
    heading = _leading_heading(raw.root)
    title, title_html = split_title(meta.title) if meta.title else (None, None)
    if heading is not None:
        heading_text = _squash(heading.text_content())
        if title is None or _same_title(title, heading_text):
            # The heading *is* the title: keep it out of the body so it does not repeat.
            if title is None:
                title = heading_text
            title_html = title_html or heading_markup(heading)
            drop_keep_tail(heading)
    if entry.title:
        title, title_html = entry.title, None
    untitled = not title
    if not title:
        title = _title_from_filename(raw.source)
    for text in (title, entry.short_title or meta.short_title or ""):
        if len(text) > MAX_TITLE:
            # Titles are measured against the head line to fit running heads: bounded here.
            # Typography may have changed its quotes and spaces: find it by its first word.
            line, col = raw.locate(text[:60])
            if not line and text.split():
                line, col = raw.locate(text.split()[0])
            raise BookError(
                Problem(
                    f"a title of {len(text)} characters (the limit is {MAX_TITLE}); give the "
                    "article a shorter title, or 'short_title' for the running heads",
                    raw.source,
                    line,
                    col,
                )
            )
    normalise_headings(raw.root)
    scope_headers(raw.root)
    spare: list[Note] = []
    notes, _ = extract_notes(raw.root, spare)
    settled: list[Change] = []
    body_ids = {str(el.get("id")) for el in raw.root.iter() if el.get("id")}
    for index, note in enumerate(notes):
        html, changes = settle_note(note.html, body_ids)
        notes[index] = replace(note, html=html)
        settled += changes
    # A note printed here for another article's call leads nowhere in this one.
    spare = [replace(note, html=settle_note(note.html)[0]) for note in spare]
    sources = {img: img.get("src") or "" for img in raw.root.iter("img")}
    left_out: list[LeftOut] = []
    images = collect_images(
        raw.root, raw.source, book_root, diagnostics, raw.locate, site_root, left_out
    )
    _warn_missing_alt(raw, sources, title, diagnostics)
    settled += settle(raw.root)
    mark_stray_calls(raw.root)  # after settle(), which takes links without an address out
    if report is not None:
        report.changes += [_left_out_change(image) for image in left_out]
        report.changes += settled
    body = serialize_children(raw.root)
    missing = [image.missing for image in left_out if image.missing is not None]
    if not _has_text(raw.root):
        raise EmptyArticle(_empty_message(raw, entry, left_out), missing, report)
    if untitled:  # said only of an article that is in the book
        diagnostics.warn(
            f"no title in front matter or a leading heading; using {title!r} from the file name",
            raw.source,
        )
    return Article(
        source=raw.source,
        title=title,
        title_html=title_html,
        body=body,
        notes=notes,
        author=entry.author or meta.author,
        date=entry.date or meta.date,
        url=entry.url or meta.url,
        summary=meta.summary,
        short_title=entry.short_title or meta.short_title,
        images=images,
        missing_images=missing,
        language=entry.language or meta.language,
        subjects=tuple(dict.fromkeys(meta.categories)),
        spare_notes=spare,
    )


def _left_out_change(image: LeftOut) -> Change:
    if image.caption:
        return Change(
            "images", "removed", image.caption, note=f"caption of {image.src!r}: {image.reason}"
        )
    return Change("images", "removed", note=f"image {image.src!r}: {image.reason}")


def _empty_message(raw: RawArticle, entry: ArticleEntry, left_out: list[LeftOut]) -> Problem:
    """Name the post (a WordPress export holds many) and say what its text was."""
    what = f"post {entry.post!r}" if entry.post is not None else "article"
    why = "it has no text left after cleanup"
    if left_out:
        names = ", ".join(repr(image.src) for image in left_out)
        noun, verb = ("image", "was") if len(left_out) == 1 else ("images", "were")
        why = f"it has no text, and its {noun} {names} {verb} left out"
    line = raw.body_line if entry.post is not None else 0
    return Problem(f"{what} left out of the book: {why}", raw.source, line)


def _warn_missing_alt(
    raw: RawArticle, sources: dict[lxml_html.HtmlElement, str], title: str, diagnostics: Diagnostics
) -> None:
    """An image without alt text is silent to a screen reader, and the EPUB cannot then
    claim alternative text among its accessibility features.

    ``sources`` holds each image's address as written, for the message and its line; images
    that were left out of the book meanwhile are not mentioned.
    """
    for img in raw.root.iter("img"):
        if not (img.get("alt") or "").strip():
            src = sources.get(img) or img.get("src") or ""
            line, col = raw.locate(src) if src else (0, 0)
            diagnostics.warn(
                f"an image in {title!r} ({src or 'no source'}) has no alt text; "
                "describe it for readers who cannot see it",
                raw.source,
                line,
                col,
            )


def serialize_children(root: lxml_html.HtmlElement) -> str:
    """The XHTML of everything inside ``root`` (the reader's wrapper ``<div>``)."""
    parts = []
    if root.text and root.text.strip():
        parts.append(f"<p>{_escape(root.text.strip())}</p>")
    parts.extend(to_xhtml(child) for child in root)
    return "\n".join(part.strip() for part in parts if part.strip())


def _leading_heading(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The first block if it is a heading: a title further down is a section heading."""
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag in HEADINGS:
            return child
        if child.tag in ("h4", "h5", "h6") or _squash(child.text_content()) or len(child):
            return None
    return None


def _same_title(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return norm(a) == norm(b)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_text(root: lxml_html.HtmlElement) -> bool:
    return bool(_squash(root.text_content())) or bool(root.xpath(".//img"))


def _title_from_filename(path: Path) -> str:
    # A Jekyll post's name starts with its date, which is no part of its title.
    stem = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", path.stem)
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else path.name


def _escape(text: str) -> str:
    return escape(text, quote=False)
