"""``compile-book new DIR``: a minimal volume to start from, with one essay that builds.

A newcomer's first question is what the smallest working ``volume.yaml`` looks like; the
answer is written into their own folder rather than described, so the first build works
before anything is edited. The starter essay (*The Federalist* No. 51, public domain) ships
in ``starter/`` beside this module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import BookError
from .json_schema import volume_schema_text

STARTER = Path(__file__).resolve().parent / "starter"
# Beside volume.yaml, named in its first line, so editors complete and check keys offline.
SCHEMA_FILE = "volume.schema.json"


def new_volume(
    folder: Path, title: str | None = None, author: str | None = None, language: str = "en"
) -> Path:
    """Write ``folder/volume.yaml``, its JSON Schema and a sample article; return the volume.

    Refuses to touch a folder that already holds a volume.yaml or the sample article, so an
    editor's work is never overwritten.
    """
    volume = folder / "volume.yaml"
    article = folder / "articles" / "federalist-51.md"
    schema = folder / SCHEMA_FILE
    for existing in (volume, article, schema):
        if existing.exists():
            raise BookError(f"{existing} already exists; choose an empty folder", existing)
    title = title or _title_from(folder)
    text = (STARTER / "volume.yaml").read_text(encoding="utf-8")
    text = text.format(
        volume=volume.as_posix(),
        title=_yaml_scalar(title),
        author_line=f"author: {_yaml_scalar(author)}\n" if author else "",
        language=language,
    )
    article.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STARTER / "articles" / article.name, article)
    schema.write_text(volume_schema_text(), encoding="utf-8")
    volume.write_text(text, encoding="utf-8")
    return volume


def _title_from(folder: Path) -> str:
    """ "my-essays" -> "My Essays": a title the editor will change, but a real one."""
    words = folder.resolve().name.replace("_", " ").replace("-", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Essays"


def _yaml_scalar(text: str) -> str:
    """A YAML string that reads back as ``text`` whatever punctuation it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
