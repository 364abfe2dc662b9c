"""The book's typeface inside the EPUB, cut down to the characters the book uses.

The styles ask for small capitals and old-style figures, which only the book's own face has;
a reading system's default font would show plain capitals and lining figures instead, and
the colophon would name a face the reader never sees. Gentium Book Plus is under the SIL
Open Font License, which allows embedding and subsetting as long as the licence travels with
the font, so the text of ``OFL.txt`` goes into the EPUB as a page of its own
(``font-licence.xhtml``, outside the reading order, linked from the copyright page).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from ..machinery.cache import Cache, digest, file_digest
from ..machinery.styles import font_files, styles_dir

FONT_FOLDER = "fonts"
CACHE_KIND = "epub-fonts"
# OpenType features the stylesheets use, kept through subsetting with the usual defaults.
FEATURES = ["smcp", "c2sc", "onum", "pnum", "lnum", "tnum", "frac", "sups"]
# Characters the stylesheets print themselves (generated content) and typography inserts.
ALWAYS = (
    "*\u2003\u2014\u2013 \u00a0\u202f\u2009\u00ad0123456789.,;:!?()[]'\"\u2018\u2019\u201c\u201d"
)


@dataclass(frozen=True)
class EmbeddedFont:
    file_name: str  # inside the EPUB, e.g. "fonts/GentiumBookPlus-Italic.ttf"
    data: bytes
    weight: str  # CSS font-weight
    style: str  # CSS font-style


def _weight_and_style(path: Path) -> tuple[str, str]:
    name = path.stem.split("-")[-1].lower()
    return ("bold" if "bold" in name else "normal", "italic" if "italic" in name else "normal")


def family_name(path: Path) -> str:
    font = TTFont(path, lazy=True)
    return str(font["name"].getBestFamilyName())


# Markup that asks for a bold face (headings are set in the regular weight).
_BOLD = re.compile(r"<(strong|b|th)[\s>]")


def subset_fonts(text: Iterable[str], cache: Cache | None = None) -> list[EmbeddedFont]:
    """The faces of the book's type that ``text`` (XHTML) needs, each holding only the
    characters it uses. The bold faces are left out of a book with nothing bold.

    Subsetting takes a second or two per face, so results are kept in ``cache``.
    """
    text = list(text)
    bold = any(_BOLD.search(chunk) for chunk in text)
    characters = set(ALWAYS)
    for chunk in text:
        characters.update(chunk)
    # Both cases: small capitals are drawn from the lower-case letters, and text-transform
    # may change the case of what the source spelled.
    characters.update(c.upper() for c in list(characters))
    characters.update(c.lower() for c in list(characters))
    unicodes = sorted(ord(c) for c in characters if len(c) == 1)
    options = subset.Options()
    options.layout_features = [*subset.Options().layout_features, *FEATURES]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    # Reading systems hint for themselves; the Graphite tables serve no EPUB renderer.
    options.hinting = False
    options.drop_tables = [*options.drop_tables, "Silf", "Silt", "Sill", "Glat", "Gloc", "Feat"]
    options.recalc_timestamp = False  # same book, same bytes
    fonts = []
    for path in font_files():
        weight, style = _weight_and_style(path)
        if weight == "bold" and not bold:
            continue
        key = digest(file_digest(path), ",".join(map(str, unicodes)), *FEATURES)
        data = cache.get(CACHE_KIND, key) if cache is not None else None
        if data is None:
            font = subset.load_font(str(path), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(font)
            buffer = io.BytesIO()
            subset.save_font(font, buffer, options)
            data = buffer.getvalue()
            if cache is not None:
                cache.put(CACHE_KIND, key, data)
        fonts.append(EmbeddedFont(f"{FONT_FOLDER}/{path.name}", data, weight, style))
    return fonts


def font_faces(fonts: list[EmbeddedFont], family: str, css_folder: str = "styles") -> str:
    """The ``@font-face`` rules for ``fonts``, for a stylesheet in ``css_folder``."""
    up = "../" * len(Path(css_folder).parts)
    rules = [
        "/* The book's typeface, subset to this book's characters (SIL Open Font License: "
        "font-licence.xhtml). */"
    ]
    for font in fonts:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{family}";\n'
            f'  src: url("{up}{font.file_name}");\n'
            f"  font-weight: {font.weight};\n"
            f"  font-style: {font.style};\n"
            "}"
        )
    return "\n".join(rules) + "\n"


def licence() -> bytes:
    return (styles_dir() / "fonts" / "OFL.txt").read_bytes()
