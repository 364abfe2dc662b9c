"""Where the stylesheets and fonts are, in a checkout and in an installed copy alike.

The designer edits ``styles/`` at the top of the repository; the wheel ships the same folder
inside the package as ``compiler/styles``. Both are found here so no other module guesses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def styles_dir() -> Path:
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "styles", package.parents[1] / "styles"):
        if (candidate / "base.css").is_file():
            return candidate
    raise FileNotFoundError("the compile-book stylesheets are missing from this installation")


def stylesheet(name: str) -> Path:
    return styles_dir() / name


def font_files() -> list[Path]:
    return sorted((styles_dir() / "fonts").glob("*.ttf"))
