"""The volume's own stylesheets (``styles:`` in volume.yaml), ready for every writer.

A volume may restyle its book: another typeface shipped in its folder (``@font-face``), other
sizes, colours. The files were checked when volume.yaml was read (syntax, ``url()`` targets
inside the volume folder); here each ``url()`` is rewritten to the name the file is stored
under in the book (``volume-styles/fonts/Face.ttf``), so the print engine's sandboxed fetcher
serves it like an image and the EPUB carries it, and nothing is read from anywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..volume.model import STYLE_ASSET_TYPES

ASSET_FOLDER = "volume-styles"
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)""", re.IGNORECASE)


def asset_name(path: Path, root: Path) -> str:
    """Where a file a stylesheet names is stored in the book: its path in the volume folder."""
    return str(PurePosixPath(ASSET_FOLDER, *path.relative_to(root).parts))


def load_styles(paths: tuple[Path, ...], root: Path) -> tuple[tuple[str, ...], dict[str, Path]]:
    """Each stylesheet's text with its ``url()``\\ s pointing at book assets, and those assets.

    URLs are written relative to the book's asset base (as the print document resolves them);
    the EPUB, whose stylesheets sit one folder down, prefixes them with ``../``.
    """
    assets: dict[str, Path] = {}
    texts: list[str] = []
    for path in paths:

        def rewrite(match: re.Match[str], folder: Path = path.parent) -> str:
            target = next(group for group in match.groups() if group is not None)
            parts = urlsplit(target)
            if parts.scheme == "data" or not parts.path:
                return match.group(0)
            file = (folder / unquote(parts.path)).resolve()
            name = asset_name(file, root)
            assets[name] = file
            return f'url("{name}")'

        text = path.read_bytes().decode("utf-8-sig")
        texts.append(_URL.sub(rewrite, text))
    return tuple(texts), assets


def for_epub(text: str) -> str:
    """A rewritten stylesheet as stored in the EPUB's ``styles/`` folder."""
    return text.replace(f'url("{ASSET_FOLDER}/', f'url("../{ASSET_FOLDER}/')


__all__ = ["ASSET_FOLDER", "STYLE_ASSET_TYPES", "asset_name", "for_epub", "load_styles"]
