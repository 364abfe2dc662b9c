"""Reading article files as text, whatever encoding the scraper left them in.

Scraped files arrive as UTF-8 with or without a BOM, and now and then as Windows-1252 or
Latin-1 from older tools. We accept those with a warning rather than failing, but refuse files
that are clearly not text (binary, empty) with a message naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BookError, Diagnostics
from .inputs import read_input
from .limits import MAX_ARTICLE_BYTES


def decode_article(data: bytes, path: str | Path, diagnostics: Diagnostics | None = None) -> str:
    """Decode an article's bytes, warning when it was not UTF-8."""
    if not data.strip():
        raise BookError("article is empty", path)
    if b"\x00" in data[:8192]:
        raise BookError("article is not a text file (it contains binary data)", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, path, exc, diagnostics)
    return normalise_text(text)


# Characters XML cannot hold (C0 controls other than tab and newlines, and the two
# non-characters): one of them in an article would make every later XHTML step fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")


def normalise_text(text: str) -> str:
    """Unix newlines, and no characters that XML cannot represent.

    A form feed (a page break in old text files) becomes a paragraph break; the other
    control characters are debris from copying and pasting and are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    return _NOT_XML.sub("", text)


def _decode_legacy(
    data: bytes, path: str | Path, exc: UnicodeDecodeError, diagnostics: Diagnostics | None
) -> str:
    # cp1252 is a superset of Latin-1's printable range and is what Windows tools write; it
    # leaves five bytes undefined, so fall back to Latin-1 (which decodes anything) for those.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if diagnostics is not None:
            line = data[: exc.start].count(b"\n") + 1
            diagnostics.warn(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); read as {encoding}. "
                "Save the file as UTF-8 to silence this warning.",
                path,
                line,
            )
        return text
    raise BookError(
        "article is not valid UTF-8 text", path
    )  # pragma: no cover - latin-1 never fails


def read_article_text(path: Path, diagnostics: Diagnostics | None = None) -> str:
    """Read and decode one article file, with clear errors for unreadable files."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise BookError(
                f"article is too large ({size // 1024} KiB; the limit is "
                f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MiB)",
                path,
            )
        data = read_input(path)
    except OSError as exc:
        raise BookError(f"cannot read article: {exc.strerror or exc}", path) from exc
    return decode_article(data, path, diagnostics)


def locate(text: str, needle: str, first_line: int = 1) -> tuple[int, int]:
    """The 1-based line and column of ``needle``'s first occurrence (case-insensitive).

    Trees built from Markdown or sanitised HTML no longer know their source lines, so a
    message about an element finds it again in the text it came from. ``first_line`` is the
    line of the file where ``text`` starts (a post inside a WordPress export). (0, 0) when
    the needle is not there, which prints as a message about the whole file.
    """
    if not needle:
        return 0, 0
    at = text.lower().find(needle.lower())
    if at < 0:
        return 0, 0
    line_start = text.rfind("\n", 0, at) + 1
    return first_line + text.count("\n", 0, at), at - line_start + 1
