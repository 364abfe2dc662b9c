"""The schema: every key volume.yaml accepts, in one place.

``CONFIG_KEYS`` and the mappings it refers to declare each key once, as an option object
(:mod:`compiler.config.options`); the ``cleanup`` and ``contents`` options are defined here
because their own keys, declared here, refer back to them. :func:`schema_reference` renders
the same declarations as the README's table, so the documentation cannot drift from what the
loader accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from ..cleanup import RULE_NAMES
from ..sources.limits import MAX_ARTICLES, MAX_TITLE
from ..volume.model import (
    ArticleEntry,
    BackMatter,
    Certification,
    CleanupSettings,
    Epigraph,
    EpubSettings,
    FrontMatter,
    IndexSettings,
    Isbn,
    License,
    MatterText,
    PartEntry,
    PrintSettings,
    Series,
)
from .index_terms import Terms
from .options import (
    CROSS_REFERENCE_FIELDS,
    LINE_HEIGHT_LIMITS,
    PAPERS,
    POD_SERVICES,
    PRINT_LINKS,
    PROVENANCE_FIELDS,
    TRIM_LIMITS_IN,
    TRIM_SIZES,
    Choice,
    Date,
    Epigraphs,
    Flag,
    FontSize,
    Image,
    Invalid,
    Isbn13,
    Language,
    Matter,
    Number,
    Option,
    Patterns,
    Pos,
    PositiveInt,
    PostId,
    Price,
    RuleNames,
    RuleSelection,
    SeriesVolumes,
    Stylesheets,
    SubConfig,
    Template,
    Text,
    TextList,
    Trim,
    Url,
    VolumeFolder,
    VolumePath,
    _check_mapping,
    _Checked,
    _closest,
    _Context,
    _describe,
    _did_you_mean,
    _Field,
    _in_rule_order,
    _isbn_digits,
    _line_col,
    _make_cleanup,
    _Reported,
    _rule_names,
    _text,
    _volume_file,
    _wrong_type,
)


class SortNames(TextList):
    """``author_sort``: a list like ``authors``, or one string for a single author."""

    kind = "string or list of strings"

    def check(self, f: _Field, ctx: _Context) -> tuple[str, ...]:
        if isinstance(f.value, str):
            return (_text(f.value, f.name),)
        return super().check(f, ctx)


class Cleanup(Option):
    """``auto`` | list of rule names | mapping {rules, exclude, drop}.

    At the volume level ``auto`` is stored as None (the dataclass contract); on an article it
    is stored as every rule, because there it must override a narrower volume setting.
    """

    kind = "`auto`, list of rule names, or mapping"

    def __init__(self, doc: str, *, volume_level: bool, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.volume_level = volume_level

    def check(self, f: _Field, ctx: _Context) -> CleanupSettings | None:
        value = f.value
        if isinstance(value, str) and value.strip().lower() == "auto":
            return None if self.volume_level else CleanupSettings(rules=RULE_NAMES)
        if isinstance(value, list):
            return CleanupSettings(rules=_in_rule_order(_rule_names(f, ctx, list_form=True)))
        if isinstance(value, dict):
            checked = _check_mapping(value, CLEANUP_KEYS, f.name + ".", ctx, f.pos)
            if not checked.ok:
                raise _Reported
            return _make_cleanup(checked)
        message = f"'{f.name}' must be 'auto', a list of rule names or a mapping"
        if isinstance(value, str) and value.strip() in RULE_NAMES:
            message += f"; for one rule write a list: [{value.strip()}]"
        else:
            message += f", not {_describe(value)}; for no cleanup at all write []"
        raise Invalid(message)

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        if self.volume_level:
            for key, option in CLEANUP_KEYS.items():
                yield from option.reference_rows(f"{name}.{key}")


# --- cover ----------------------------------------------------------------------------------

COVER_STYLES = ("classic", "typographic", "photo")


@dataclass(frozen=True)
class _CoverSettings:
    image: Path | None = None
    style: str = "classic"
    bio: MatterText | None = None
    quotes: tuple[Epigraph, ...] = ()


COVER_KEYS: dict[str, Option] = {
    "image": Image(
        "The front cover image (JPEG or PNG). Without `style` it is the finished front of the "
        "ebook; with `style: photo` it is the picture set into the designed covers."
    ),
    "style": Choice(
        "The design of the covers the compiler draws: `classic` (a dark ground, the title "
        "centred in a ruled frame), `typographic` (a light ground, large type ranged left) "
        "or `photo` (the `image` over the top of the front, the type on a band below it).",
        COVER_STYLES,
        default="classic",
    ),
    "bio": Matter("A few lines about the author for the back cover, under the blurb."),
    "quotes": Epigraphs(
        "Review quotes for the back cover, over the blurb: one `{text, source}` or a list "
        "(`source`: who said it, and where)."
    ),
}


class Cover(Option):
    """``cover``: an image path (the editor's finished front cover, as before) or a mapping."""

    kind = "path or mapping"

    def check(self, f: _Field, ctx: _Context) -> _CoverSettings:
        if isinstance(f.value, str):
            return _CoverSettings(image=COVER_KEYS["image"].check(f, ctx))
        if not isinstance(f.value, dict):
            raise _wrong_type(f.name, "an image path or a mapping", f.value)
        checked = _check_mapping(f.value, COVER_KEYS, f.name + ".", ctx, f.pos)
        if not checked.ok:
            raise _Reported
        v = checked.values
        if v["style"] == "photo" and v["image"] is None:
            raise Invalid(
                f"'{f.name}.style' is photo but there is no '{f.name}.image' to set on it",
                checked.key_pos["style"],
            )
        return _CoverSettings(**{**v, "quotes": v["quotes"] or ()})

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        for key, option in COVER_KEYS.items():
            yield from option.reference_rows(f"{name}.{key}")


# --- contents -------------------------------------------------------------------------------

_ENTRY_KINDS = ("file", "wordpress", "part")


def _count_articles(items: list[Any]) -> int:
    """Articles listed, parts counted by their own lists; checked before any file is looked at."""
    count = 0
    for item in items:
        articles = item.get("articles") if isinstance(item, dict) and "part" in item else None
        count += len(articles) if isinstance(articles, list) else 1
    return count


class Contents(Option):
    """The reading order: article entries, and (at the top level only) parts holding them."""

    kind = "list of entries"

    def __init__(self, doc: str, *, parts: bool, **kw: Any) -> None:
        super().__init__(doc, **kw)
        self.parts = parts

    def check(self, f: _Field, ctx: _Context) -> tuple[ArticleEntry | PartEntry, ...]:
        if not isinstance(f.value, list):
            raise _wrong_type(f.name, "a list of articles", f.value)
        if not f.value:
            raise Invalid(f"'{f.name}' is empty: list at least one article")
        if self.parts:
            count = _count_articles(f.value)
            if count > MAX_ARTICLES:
                raise Invalid(
                    f"'{f.name}' lists {count} articles; a volume may hold at most "
                    f"{MAX_ARTICLES} (split it into several volumes)"
                )
        entries: list[ArticleEntry | PartEntry] = []
        ok = True
        for i, item in enumerate(f.value):
            pos = _line_col(f.value, f.pos, "item", i)
            try:
                entries.append(self._entry(item, f.name, pos, ctx))
            except Invalid as e:
                ctx.error(str(e), e.pos or pos)
                ok = False
            except _Reported:
                ok = False
        if not ok:
            raise _Reported
        return tuple(entries)

    def _entry(self, item: Any, name: str, pos: Pos, ctx: _Context) -> ArticleEntry | PartEntry:
        if item is None or (isinstance(item, str) and not item.strip()):
            raise Invalid(f"empty entry in '{name}'; give a file path or a mapping")
        if isinstance(item, str):
            path = _volume_file(_text(item, name), ctx)
            return self._article(path, None, {}, item.strip(), pos, ctx)
        if not isinstance(item, dict):
            raise Invalid(
                f"an entry in '{name}' must be a file path or a mapping, not {_describe(item)}"
            )
        kinds = [k for k in _ENTRY_KINDS if k in item]
        if len(kinds) > 1:
            raise Invalid(
                f"an entry takes one of 'file', 'wordpress' or 'part', not both "
                f"'{kinds[0]}' and '{kinds[1]}'",
                _line_col(item, pos, "key", kinds[1]),
            )
        if not kinds:
            self._no_kind(item, pos, ctx)
        kind = kinds[0]
        if kind == "part" and not self.parts:
            raise Invalid(
                "parts cannot be nested: a part's 'articles' holds only articles",
                _line_col(item, pos, "key", "part"),
            )
        label = " in this part" if kind == "part" else f" in this '{kind}' entry"
        checked = _check_mapping(item, ENTRY_KEYS[kind], "", ctx, pos, label)
        if not checked.ok:
            raise _Reported
        v = checked.values
        if kind == "part":
            return PartEntry(
                title=v["part"], where=ctx.location(pos), articles=v["articles"], intro=v["intro"]
            )
        shown = str(item[kind]).strip()
        return self._article(v[kind], v.get("post"), v, shown, pos, ctx)

    @staticmethod
    def _no_kind(item: dict[Any, Any], pos: Pos, ctx: _Context) -> NoReturn:
        """Explain an entry without file/wordpress/part, preferring a likely misspelling."""
        known = {k for keys in ENTRY_KEYS.values() for k in keys}
        misspelt = [
            k for k in item if isinstance(k, str) and k not in known and _closest(k, _ENTRY_KINDS)
        ]
        for key in misspelt:
            ctx.error(
                f"unknown key '{key}'" + _did_you_mean(key, _ENTRY_KINDS),
                _line_col(item, pos, "key", key),
            )
        if misspelt:
            raise _Reported
        raise Invalid("an entry mapping needs 'file', 'wordpress' or 'part'")

    @staticmethod
    def _article(
        path: Path, post: str | None, v: dict[str, Any], shown: str, pos: Pos, ctx: _Context
    ) -> ArticleEntry:
        first = ctx.seen_articles.get((path, post))
        if first is not None:
            what = f"post '{post}' of '{shown}'" if post else f"'{shown}'"
            raise Invalid(
                f"{what} is already in the contents at line {first[0]}; "
                "an article can appear only once"
            )
        ctx.seen_articles[(path, post)] = pos
        return ArticleEntry(
            path=path,
            where=ctx.location(pos),
            post=post,
            title=v.get("title"),
            short_title=v.get("short_title"),
            author=v.get("author"),
            date=v.get("date"),
            url=v.get("url"),
            cleanup=v.get("cleanup"),
            language=v.get("language"),
        )

    def reference_rows(self, name: str) -> Iterator[tuple[str, str, str, str]]:
        yield from super().reference_rows(name)
        if not self.parts:
            return
        done: set[str] = set()
        for keys in ENTRY_KEYS.values():
            for key, option in keys.items():
                if key not in done:
                    done.add(key)
                    yield from option.reference_rows(f"{name}[].{key}")


# --- The schema -----------------------------------------------------------------------------
# Everything volume.yaml accepts, in one place. The README's reference table is generated
# from these declarations by schema_reference().

CLEANUP_KEYS: dict[str, Option] = {
    "rules": RuleSelection(
        "Which built-in rules run: `auto` (all of them) or a list of rule names.",
        default_doc="`auto`",
    ),
    "exclude": RuleNames("Rules to leave out of `auto`."),
    "drop": Patterns(
        "Regular expressions (Python syntax, case-insensitive) for boilerplate no rule knows, "
        "such as a blog's sign-off: a paragraph, heading or list item they match is removed."
    ),
}

ARTICLE_OVERRIDE_KEYS: dict[str, Option] = {
    "title": Text(
        "Chapter title, instead of the one in the article's own metadata.", limit=MAX_TITLE
    ),
    "short_title": Text(
        "Shorter title for running heads and the EPUB table of contents. Without it, a title "
        "too long for the running head is shortened there (to its part before a colon or dash, "
        "else to its first words, with a warning naming the words chosen).",
        limit=MAX_TITLE,
    ),
    "author": Text(
        "Author of this article, when it differs from its own metadata.", limit=MAX_TITLE
    ),
    "date": Date(
        "Original publication date, instead of the article's own: a year (1911) or a month "
        "(1911-03) when no more is known."
    ),
    "url": Url("Where the article was first published, for the provenance line."),
    "language": Language(
        "Language of this article when it differs from the volume's (BCP 47); sets its "
        "quotes, hyphenation and the language a screen reader speaks it in.",
        default_doc="the article's own, else the volume's",
    ),
    "cleanup": Cleanup(
        "Cleanup for this article only, in any form the volume's `cleanup` takes.",
        volume_level=False,
        default_doc="the volume's",
    ),
}

FILE_ENTRY_KEYS: dict[str, Option] = {
    "file": VolumePath(
        "An article (Markdown or saved HTML page). A bare string entry is short for "
        "`{file: path}`.",
        required=True,
        default_doc="—",
    ),
    **ARTICLE_OVERRIDE_KEYS,
}

WORDPRESS_ENTRY_KEYS: dict[str, Option] = {
    "wordpress": VolumePath(
        "A WordPress export (WXR) holding the article.", required=True, default_doc="—"
    ),
    "post": PostId(
        "The post's slug or numeric ID in that export.",
        required=True,
        default_doc="required with `wordpress`",
    ),
    **ARTICLE_OVERRIDE_KEYS,
}

PART_KEYS: dict[str, Option] = {
    "part": Text(
        "Title of a part grouping the articles under it.",
        required=True,
        default_doc="—",
        limit=MAX_TITLE,
    ),
    "intro": VolumePath("Introduction printed on or after the part title page."),
    "articles": Contents(
        "The part's articles, in the same forms as top-level entries (parts do not nest).",
        parts=False,
        required=True,
        default_doc="required with `part`",
    ),
}

ENTRY_KEYS: dict[str, dict[str, Option]] = {
    "file": FILE_ENTRY_KEYS,
    "wordpress": WORDPRESS_ENTRY_KEYS,
    "part": PART_KEYS,
}


def _make_isbn(c: _Checked) -> Isbn:
    epub, print_ = c.values["epub"], c.values["print"]
    if epub and print_ and _isbn_digits(epub) == _isbn_digits(print_):
        raise Invalid(
            "'isbn.print' is the same as 'isbn.epub'; each edition needs its own ISBN",
            c.key_pos["print"],
        )
    return Isbn(epub=epub, print=print_)


_PRINT_DEFAULTS = PrintSettings()  # the dataclass holds the defaults; the schema shows them

CONFIG_KEYS: dict[str, Option] = {
    "title": Text(
        "The book's title. Markdown emphasis (`*The Federalist*`) marks another book's title "
        "in it: set in italic on the title page, half-title, covers and copyright page, plain "
        "text in the EPUB and PDF metadata and the running heads; any other markup is printed "
        "as written.",
        required=True,
        limit=MAX_TITLE,
    ),
    "subtitle": Text(
        "Subtitle, printed in italic under the title; its emphasis, as in `title`, turns roman "
        '(`"Essays from *The Federalist*"`).',
        limit=MAX_TITLE,
    ),
    "author": Text(
        "The author, for a book by one person. Use `authors` for several.", limit=MAX_TITLE
    ),
    "authors": TextList("The authors, in the order the title page lists them.", limit=MAX_TITLE),
    "author_sort": SortNames(
        "How each author is filed in catalogues and ebook libraries, in the order of "
        "`author`/`authors`: `Tolstoy, Leo`. One name may be written as a string.",
        default_doc="`Surname, Given names` from each name",
    ),
    "language": Language(
        "Language of the text (BCP 47: `en`, `en-GB`, `de-CH`, `sr-Latn-RS`); sets EPUB "
        "metadata and print hyphenation.",
        default="en",
    ),
    "publisher": Text(
        "Publisher's name, for the title and copyright pages, the spine, the back and the "
        "foot of the classic and typographic fronts."
    ),
    "date": Date("Publication date of this edition; a year alone (2026) is enough."),
    "isbn": SubConfig(
        "ISBNs, one per edition.",
        {
            "epub": Isbn13("ISBN-13 of the EPUB edition (hyphens optional, check digit verified)."),
            "print": Isbn13("ISBN-13 of the print edition."),
        },
        _make_isbn,
        default=Isbn(),
    ),
    "series": SubConfig(
        "The series the book belongs to.",
        {
            "name": Text("Name of the series.", required=True, limit=MAX_TITLE),
            "number": PositiveInt("Number of this volume in the series."),
            "volumes": SeriesVolumes(
                "The volumes of the series, for the series page facing the title and the "
                '"Also in this series" page at the back. The entry with this volume\'s number '
                "(or title) is this book.",
                default=(),
            ),
        },
        lambda c: Series(**c.values),
    ),
    "edition": Text("Edition statement for the copyright page: `First edition`."),
    "publisher_address": Text(
        "Publisher's address for the copyright page; each line of a block (`|`) stays a line."
    ),
    "rights": Text(
        "Copyright notice and rights for the copyright page, one paragraph per line: "
        "`Introduction © 2026 the editors`, `The essays are in the public domain.`",
        default_doc="`All rights reserved.` unless `license` is given",
    ),
    "license": SubConfig(
        "The licence the book is published under, for the copyright page.",
        {
            "name": Text(
                "Its name: `Creative Commons Attribution 4.0 International`.", required=True
            ),
            "url": Url("Where the licence text is."),
        },
        lambda c: License(**c.values),
    ),
    "front": SubConfig(
        "Front matter written by the editor, printed in the conventional order: half-title, "
        "series page or `also_by`, title page, copyright page, `dedication`, `epigraph`, "
        "contents, `foreword`, `preface`, `introduction`. Each is optional. Text or a file "
        "path (Markdown or HTML), or a mapping with `text` or `file` plus `title` and `author`.",
        {
            "also_by": Matter(
                "Other books by the author, facing the title page (instead of the series list)."
            ),
            "dedication": Matter("The dedication."),
            "epigraph": Epigraphs(
                "One `{text, source}` epigraph, or a list of them, on a page of its own."
            ),
            "foreword": Matter(
                "A foreword, usually by someone other than the author.", "title", "author"
            ),
            "preface": Matter("The preface.", "title", "author"),
            "introduction": Matter("The introduction.", "title", "author"),
        },
        lambda c: FrontMatter(epigraphs=c.values.pop("epigraph") or (), **c.values),
        default=FrontMatter(),
    ),
    "back": SubConfig(
        "Back matter, after the last chapter: `afterword`, `acknowledgements`, "
        '`about_author`, the "Also in this series" page, `colophon`.',
        {
            "afterword": Matter("An afterword.", "title", "author"),
            "acknowledgements": Matter("Acknowledgements.", "title"),
            "about_author": Matter("About the author, with an optional `photo`.", "title", "photo"),
            "also_in_series": Flag(
                "Whether to print the other volumes of `series.volumes` after the text.",
                default=True,
            ),
            "colophon": Matter(
                "The colophon (typeface, production), on the last page of the book."
            ),
        },
        lambda c: BackMatter(**c.values),
        default=BackMatter(),
    ),
    "blurb": Matter("Back-cover copy (Markdown, or a file)."),
    "cover": Cover(
        "The covers: the path of the editor's own front cover image (JPEG or PNG), used "
        "instead of the drawn ebook cover, or a mapping with `image`, `style` and `bio`.",
        default=_CoverSettings(),
        default_doc="the `classic` style",
    ),
    "styles": Stylesheets(
        "The volume's own CSS files (in the volume folder), applied after the shipped "
        "stylesheets to the print interior, the EPUB and the covers: another typeface "
        "(`@font-face` with a font file in the folder), other colours or sizes.",
        default=(),
        default_doc="none",
    ),
    "site_root": VolumeFolder(
        "The folder (inside the volume folder) holding a site's files, where image paths "
        "from the site's root (`/wp-content/uploads/…`, `{{ site.url }}/assets/…`) are "
        "looked up.",
        default_doc="the volume folder",
    ),
    "cleanup": Cleanup(
        "Cleanup of scraped articles: `auto` (every rule), a list of rule names, or a mapping "
        "with `rules`, `exclude` and `drop`. Rules: " + ", ".join(RULE_NAMES) + ".",
        volume_level=True,
        default_doc="`auto`",
    ),
    "provenance": Template(
        "The line under each chapter title saying where it first appeared. Placeholders: "
        "`{date}` (in the book's language), `{site}` (host name of the article's URL), `{url}`. "
        "Chapters lacking a date or URL fall back to the built-in wording without it.",
        PROVENANCE_FIELDS,
        default_doc="`First published {date} at {site}`",
    ),
    "print": SubConfig(
        "Print interior settings.",
        {
            "trim": Trim(
                "Page size: " + ", ".join(TRIM_SIZES) + ", or a custom `WxH` in `in` or `mm` "
                f"(each side {TRIM_LIMITS_IN[0]:g} to {TRIM_LIMITS_IN[1]:g} in).",
                default=_PRINT_DEFAULTS.trim,
            ),
            "pod": Choice(
                "Print-on-demand service whose interior rules (margins, gutter) apply.",
                POD_SERVICES,
                default=_PRINT_DEFAULTS.pod,
            ),
            "paper": Choice(
                "Paper colour, which sets the page-count-to-spine ratio.",
                PAPERS,
                default=_PRINT_DEFAULTS.paper,
            ),
            "bleed": Flag(
                "Whether pages carry 0.125 in bleed (for images to the edge).",
                default=_PRINT_DEFAULTS.bleed,
            ),
            "font_size": FontSize(
                "Body text size in points (8pt to 16pt).", default_doc="the stylesheet's"
            ),
            "line_height": Number(
                "Body line height as a multiple of the font size.",
                *LINE_HEIGHT_LIMITS,
                default_doc="the stylesheet's",
            ),
            "price": Price(
                "List price in US dollars (`14.99`), encoded in the barcode's add-on; "
                "without it the add-on says 90000 (no suggested price).",
            ),
            "links": Choice(
                "How a link to the web shows on paper: `footnotes` (its address as a footnote, "
                "numbered with the chapter's notes), `endnotes` (a list of links at the end of "
                "each chapter), `inline` (the address in parentheses after the text) or "
                "`none` (the text alone). A link whose text is its address is not repeated; "
                "the EPUB keeps every link clickable.",
                PRINT_LINKS,
                default=_PRINT_DEFAULTS.links,
            ),
            "cross_references": Template(
                "What follows a link to another essay of the book on paper, with `{page}` for "
                "the page it leads to. In the EPUB the link alone leads there.",
                CROSS_REFERENCE_FIELDS,
                default_doc="`(see p. {page})` in the book's language",
            ),
        },
        lambda c: PrintSettings(**c.values),
        default=_PRINT_DEFAULTS,
    ),
    "epub": SubConfig(
        "EPUB settings.",
        {
            "embed_fonts": Flag(
                "Whether the EPUB carries the book's typeface (subset to the characters the "
                "book uses, with its licence). Turn it off for stores that strip fonts.",
                default=True,
            ),
        },
        lambda c: EpubSettings(**c.values),
        default=EpubSettings(),
    ),
    "a11y": SubConfig(
        "Who evaluated the EPUB's accessibility, for its accessibility metadata "
        "(`a11y:certifiedBy` and the keys below). Give it only when someone did.",
        {
            "certified_by": Text(
                "The person or organisation that evaluated the book: `Benetech`.",
                required=True,
            ),
            "credential": Text(
                "The evaluator's accreditation, if any: `Global Certified Accessible`."
            ),
            "report": Url("Where the evaluation report can be read."),
        },
        lambda c: Certification(**c.values),
    ),
    "index": SubConfig(
        "The back-of-book index, printed after the essays and the editor's closing matter "
        "(before the page about the author): every place a term occurs in the essays, with "
        "page numbers in print and links in the EPUB. Terms can also be marked in the text: "
        '`[Montesquieu]{.index}` in Markdown, `<span data-index="Montesquieu">` in HTML '
        "(`data-index-sub` names a sub-entry).",
        {
            "terms": Terms(
                "The headings: a term (looked for as written, case-insensitive, whole words) "
                "or a mapping with `term`, `aliases`, `see`, `see_also` and `subentries`.",
                nested=False,
                default=(),
                default_doc="none",
            ),
            "notes": Flag("Whether terms are also looked for in the essays' notes.", default=False),
        },
        lambda c: IndexSettings(**c.values),
    ),
    "contents": Contents(
        "The articles in reading order: file paths, `{file: ...}` or `{wordpress: ..., post: "
        "...}` mappings with overrides, and parts. Paths are relative to the volume file and "
        "must stay inside its folder.",
        parts=True,
        required=True,
    ),
}


def schema_reference() -> str:
    """Every volume.yaml key as a Markdown table, for the README (generated, never edited)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |"]
    for key, option in CONFIG_KEYS.items():
        for name, kind, default, doc in option.reference_rows(key):
            lines.append(f"| `{name}` | {cell(kind)} | {cell(default)} | {cell(doc)} |")
    return "\n".join(lines) + "\n"
