"""One embedded copy of each typeface in a book assembled from separately laid-out units.

Every unit PDF embeds its own subset of each font, so a merged book would carry one subset per
unit and grow with the number of units. WeasyPrint subsets TrueType fonts keeping the original
glyph ids, so all subsets of one font share a numbering: the union of their ``glyf`` entries is
a subset holding every glyph any unit uses, and every unit's font dictionary can point at it
unchanged (their widths stay per unit, keyed by the same ids). The union is done on the raw
sfnt tables, without decoding glyphs, so it costs milliseconds.

Subsetting itself is the slowest part of writing a small PDF (WeasyPrint parses each font's
layout tables for every document), so unit layouts skip it: :func:`defer_subsetting` leaves a
marker naming the full font, stored once by content, and the merged book embeds one subset
per font here, cut from the full font with the glyphs every unit used.

The ToUnicode maps (how text is copied out of the PDF) are merged too. WeasyPrint maps a glyph
to the first text it drew it for, so one glyph shared by several characters (a small capital
serves "s" and "S") copies out as whatever came first in the document. Taking each glyph's
mapping from the first unit that uses it gives the mapping a whole-book layout would have.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from ..errors import BookError
from ..machinery.cache import digest, replace_file

DROPPED = {b"hdmx", b"LTSH", b"VDMX"}  # tables indexed by glyph count that we would not update
FONT_MARKER = b"compile-book-font:"
# What a PDF renderer needs from an embedded TrueType program. Layout tables are not used,
# and hinting is dropped as WeasyPrint's own subsets drop it (it does not hint by default).
KEPT_TABLES = {
    b"head",
    b"hhea",
    b"maxp",
    b"hmtx",
    b"loca",
    b"glyf",
    b"cmap",
    b"name",
    b"OS/2",
    b"post",
}


@contextmanager
def defer_subsetting(store: Path) -> Iterator[set[str]]:
    """While active, WeasyPrint embeds a marker naming the full font instead of a subset.

    The full font is written to ``store`` under its SHA-256 (once: the name is the content,
    and a file there whose bytes have another hash is replaced). CFF-flavoured and variable
    fonts are subset by WeasyPrint as usual. Yields the set of the hashes the layout named.
    """
    from weasyprint.pdf import fonts

    original = fonts.Font.subset
    named: set[str] = set()

    def subset(font: Any, to_unicode: dict, hinting: bool) -> None:
        data = font.file_content
        if data[:4] == b"OTTO" or "fvar" in getattr(font, "tables", ()) or font.bitmap:
            original(font, to_unicode, hinting)
            return
        sha = hashlib.sha256(data).hexdigest()
        if not holds_font(store, sha):
            try:
                replace_file(store / sha, data)
            except OSError:
                # The store filled up or went read-only mid-build: subset here, as usual.
                original(font, to_unicode, hinting)
                return
        named.add(sha)
        font.file_content = FONT_MARKER + sha.encode()

    fonts.Font.subset = subset
    try:
        yield named
    finally:
        fonts.Font.subset = original


def holds_font(store: Path, sha: str) -> bool:
    """Whether ``store`` has the font named ``sha`` and its bytes hash to that name."""
    return read_font(store, sha) is not None


def read_font(store: Path, sha: str) -> bytes | None:
    """The full font named ``sha`` from ``store``; ``None`` when absent or not that font."""
    try:
        data = (store / sha).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


@dataclass
class FontSource:
    """One document going into the book, and where in the book each of its glyphs first shows.

    ``first_use(font_name, glyph)`` gives a sort key (physical page, then drawing order on the
    page) for the first time the document draws that glyph with that font resource.
    """

    reader: PdfReader
    first_use: Callable[[str, int], tuple[float, int]]


def share_fonts(sources: Iterable[FontSource], writer: PdfWriter, store: Path | None = None) -> int:
    """Point every unit's TrueType descriptors at one union subset per face, in ``writer``.

    Must run before the readers' pages are added to ``writer``: the descriptors are edited in
    place, so the per-unit font programs are never copied. Returns the number of faces merged.
    """
    groups: dict[str, list[DictionaryObject]] = {}
    programs: dict[str, list[bytes]] = {}
    fonts_of: dict[str, list[tuple[DictionaryObject, Callable[[int], tuple[float, int]]]]] = {}
    for source in sources:
        seen: set[int] = set()
        for page in source.reader.pages:
            fonts = page.get("/Resources", {}).get_object().get("/Font")
            if fonts is None:
                continue
            for resource, ref in fonts.get_object().items():
                font = ref.get_object()
                if id(font) in seen:
                    continue
                seen.add(id(font))
                descendants = font.get("/DescendantFonts")
                if not descendants:
                    continue
                descriptor = descendants.get_object()[0].get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                program = descriptor.get("/FontFile2")
                if program is None:
                    continue
                data = program.get_object().get_data()
                if data.startswith(FONT_MARKER):
                    face = data.decode()
                else:
                    try:
                        face = _face_key(str(font.get("/BaseFont", "")), data)
                    except (struct.error, KeyError, ValueError):
                        continue
                groups.setdefault(face, []).append(descriptor)
                programs.setdefault(face, []).append(data)
                fonts_of.setdefault(face, []).append(
                    (font, partial(source.first_use, resource.lstrip("/")))
                )
    for face, descriptors in groups.items():
        if face.encode().startswith(FONT_MARKER):
            if store is None:
                raise ValueError("unit PDFs name full fonts but no font store was given")
            sha = face.encode()[len(FONT_MARKER) :].decode()
            full = read_font(store, sha)
            if full is None:
                # Checked before layout; only a concurrent swap in the cache gets here.
                raise BookError(
                    "a font in the build cache changed during the build; build again",
                    store / sha,
                )
            merged = subset_full(full, _used_glyphs(f for f, _ in fonts_of[face]))
        else:
            merged = union_subsets(programs[face])
        stream = DecodedStreamObject()
        stream.set_data(merged)
        stream = stream.flate_encode()
        stream[NameObject("/Length1")] = NumberObject(len(merged))
        reference = writer._add_object(stream)
        for descriptor in descriptors:
            descriptor[NameObject("/FontFile2")] = reference
        _share_to_unicode(fonts_of[face], writer)
    return len(groups)


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _share_to_unicode(
    fonts: list[tuple[DictionaryObject, Callable[[int], tuple[float, int]]]], writer: PdfWriter
) -> None:
    """One ToUnicode map per face: each glyph's text from where the book first draws it."""
    best: dict[int, tuple[tuple[float, int], str]] = {}
    for font, first_use in fonts:
        stream = font.get("/ToUnicode")
        if stream is None:
            continue
        data = stream.get_object().get_data()
        body = data.split(b"endcodespacerange", 1)[-1]
        for glyph_hex, text in _BFCHAR.findall(body):
            glyph = int(glyph_hex, 16)
            key = first_use(glyph)
            if glyph not in best or key < best[glyph][0]:
                best[glyph] = (key, text.decode())
    mapping = {glyph: text for glyph, (_key, text) in best.items()}
    if not mapping:
        return
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (Adobe)",
        "/Ordering (UCS)",
        "/Supplement 0",
        ">> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <ffff>",
        "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines.extend(f"<{glyph:04x}> <{text}>" for glyph, text in batch)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(lines).encode())
    reference = writer._add_object(stream.flate_encode())
    for font, _first_use in fonts:
        font[NameObject("/ToUnicode")] = reference


def _used_glyphs(fonts: Iterable[DictionaryObject]) -> set[int]:
    """Glyph ids a set of font dictionaries draw: every drawn glyph has a ToUnicode entry."""
    used: set[int] = {0}
    for font in fonts:
        stream = font.get("/ToUnicode")
        if stream is not None:
            body = stream.get_object().get_data().split(b"endcodespacerange", 1)[-1]
            used.update(int(glyph, 16) for glyph, _text in _BFCHAR.findall(body))
        descendant = font["/DescendantFonts"].get_object()[0].get_object()
        widths = descendant.get("/W")
        items = list(widths.get_object()) if widths is not None else []
        at = 0
        while at < len(items):
            first = int(items[at])
            following = items[at + 1].get_object()
            if isinstance(following, list):
                used.update(range(first, first + len(following)))
                at += 2
            else:
                used.update(range(first, int(following) + 1))
                at += 3
    return used


def subset_full(program: bytes, glyph_ids: set[int]) -> bytes:
    """A glyph-id-preserving subset of a full TrueType font, cut on the raw tables.

    Unused glyphs become empty and their metrics zero (ids keep their meaning, and runs of
    empty ``loca`` and ``hmtx`` entries compress to almost nothing); glyphs after the last one
    used are dropped; composite glyphs bring their components; layout tables are dropped, and
    ``cmap`` and ``name`` keep only what the used glyphs and the font's identity need, as
    WeasyPrint's own subsets do. Without that, every face would carry tens of kilobytes of
    tables for glyphs the book never draws.
    """
    tables = _tables(program)
    glyphs = _glyphs(tables)
    wanted = {g for g in glyph_ids if g < len(glyphs)}
    pending = list(wanted)
    while pending:
        for component in _components(glyphs[pending.pop()]):
            if component < len(glyphs) and component not in wanted:
                wanted.add(component)
                pending.append(component)
    count = max(wanted, default=0) + 1
    metrics = _metrics(tables, len(glyphs))
    glyf = bytearray()
    offsets = []
    hmtx = bytearray()
    for gid in range(count):
        offsets.append(len(glyf))
        if gid in wanted:
            data = _without_instructions(glyphs[gid])
            glyf += data + b"\0" * (-len(data) % 4)
            hmtx += struct.pack(">Hh", *metrics[gid])
        else:
            hmtx += b"\0\0\0\0"
    offsets.append(len(glyf))
    kept = {tag: data for tag, data in tables.items() if tag in KEPT_TABLES}
    kept[b"glyf"] = bytes(glyf)
    kept[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    kept[b"hmtx"] = bytes(hmtx)
    maxp = bytearray(tables[b"maxp"])
    struct.pack_into(">H", maxp, 4, count)
    kept[b"maxp"] = bytes(maxp)
    hhea = bytearray(tables[b"hhea"])
    struct.pack_into(">H", hhea, 34, count)
    kept[b"hhea"] = bytes(hhea)
    kept[b"cmap"], kept[b"name"] = _small_cmap_and_name(program, wanted)
    _finish_head_and_post(kept, tables)
    return _write_sfnt(kept, program[:4])


def _small_cmap_and_name(program: bytes, wanted: set[int]) -> tuple[bytes, bytes]:
    """``cmap`` reduced to the used glyphs and ``name`` to records 0-6 (copyright to
    PostScript name), compiled by fontTools: only these two tables are decoded, so it stays
    fast. PDF text is mapped by ToUnicode; the cmap is kept for validators that look for one.
    """
    import io

    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    font = TTFont(io.BytesIO(program), lazy=True)
    order = font.getGlyphOrder()
    names = {order[gid] for gid in wanted if gid < len(order)}
    best = font["cmap"].getBestCmap() or {}
    mapping = {code: name for code, name in sorted(best.items()) if name in names}
    subtables = []
    bmp = {code: name for code, name in mapping.items() if code <= 0xFFFF}
    for platform, encoding, form, chars in (
        (3, 1, 4, bmp),
        (3, 10, 12, mapping if len(bmp) < len(mapping) else None),
    ):
        if chars is None:
            continue
        subtable = CmapSubtable.newSubtable(form)
        subtable.platformID, subtable.platEncID, subtable.language = platform, encoding, 0
        subtable.cmap = chars
        subtables.append(subtable)
    cmap = newTable("cmap")
    cmap.tableVersion = 0
    cmap.tables = subtables
    name = font["name"]
    name.names = [record for record in name.names if record.nameID <= 6]
    return cmap.compile(font), name.compile(font)


def _without_instructions(glyph: bytes) -> bytes:
    """A glyph without its hinting program (which would call the dropped ``fpgm``)."""
    if len(glyph) < 10:
        return glyph
    (contours,) = struct.unpack_from(">h", glyph, 0)
    if contours >= 0:
        at = 10 + 2 * contours
        (length,) = struct.unpack_from(">H", glyph, at)
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    at = 10
    while at + 4 <= len(glyph):
        (flags,) = struct.unpack_from(">H", glyph, at)
        end = at + 4 + (4 if flags & 0x0001 else 2)
        end += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            if flags & 0x0100:
                out = bytearray(glyph[:end])
                struct.pack_into(">H", out, at, flags & ~0x0100)
                return bytes(out)
            return glyph
        at = end
    return glyph


def _components(glyph: bytes) -> list[int]:
    """Glyph ids a composite glyph is built from (none for a simple or empty glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    found = []
    at = 10
    while at + 4 <= len(glyph):
        flags, component = struct.unpack_from(">HH", glyph, at)
        found.append(component)
        at += 4 + (4 if flags & 0x0001 else 2)
        if flags & 0x0008:
            at += 2
        elif flags & 0x0040:
            at += 4
        elif flags & 0x0080:
            at += 8
        if not flags & 0x0020:
            break
    return found


def _face_key(base_font: str, data: bytes) -> str:
    name = base_font.split("+", 1)[-1]
    tables = _tables(data)
    return digest(name, tables[b"name"], tables[b"head"][4:8], tables[b"head"][18:20])


def _tables(data: bytes) -> dict[bytes, bytes]:
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag] = data[offset : offset + length]
    return tables


def _glyphs(tables: dict[bytes, bytes]) -> list[bytes]:
    (count,) = struct.unpack_from(">H", tables[b"maxp"], 4)
    (long_loca,) = struct.unpack_from(">h", tables[b"head"], 50)
    loca = tables[b"loca"]
    if long_loca:
        offsets = struct.unpack_from(f">{count + 1}I", loca)
    else:
        offsets = tuple(2 * o for o in struct.unpack_from(f">{count + 1}H", loca))
    glyf = tables[b"glyf"]
    return [glyf[offsets[i] : offsets[i + 1]] for i in range(count)]


def design_advances(program: bytes) -> tuple[int, list[int]]:
    """(units per em, advance width of each glyph) of a TrueType or CFF-flavoured program."""
    tables = _tables(program)
    (upem,) = struct.unpack_from(">H", tables[b"head"], 18)
    (count,) = struct.unpack_from(">H", tables[b"maxp"], 4)
    return upem, [advance for advance, _lsb in _metrics(tables, count)]


def _metrics(tables: dict[bytes, bytes], count: int) -> list[tuple[int, int]]:
    (long_count,) = struct.unpack_from(">H", tables[b"hhea"], 34)
    hmtx = tables[b"hmtx"]
    metrics = list(struct.iter_unpack(">Hh", hmtx[: 4 * long_count]))
    last = metrics[-1][0] if metrics else 0
    rest = count - long_count
    lsbs = struct.unpack_from(f">{max(rest, 0)}h", hmtx, 4 * long_count) if rest > 0 else ()
    return metrics + [(last, lsb) for lsb in lsbs]


def union_subsets(programs: list[bytes]) -> bytes:
    """The union of glyph-id-preserving subsets of one TrueType font."""
    if len(set(programs)) == 1:
        return programs[0]
    parsed = [_tables(p) for p in programs]
    base = max(parsed, key=lambda t: struct.unpack_from(">H", t[b"maxp"], 4)[0])
    count = struct.unpack_from(">H", base[b"maxp"], 4)[0]
    glyphs: list[bytes] = [b""] * count
    metrics: list[tuple[int, int]] = [(0, 0)] * count
    for tables in parsed:
        own_glyphs = _glyphs(tables)
        own_metrics = _metrics(tables, len(own_glyphs))
        for gid, data in enumerate(own_glyphs):
            if data and not glyphs[gid]:
                glyphs[gid] = data
                metrics[gid] = own_metrics[gid]
            elif not glyphs[gid] and own_metrics[gid][0] and not metrics[gid][0]:
                metrics[gid] = own_metrics[gid]
    glyf = bytearray()
    offsets = []
    for data in glyphs:
        offsets.append(len(glyf))
        glyf += data + b"\0" * (-len(data) % 4)
    offsets.append(len(glyf))
    tables = {tag: data for tag, data in base.items() if tag not in DROPPED}
    tables[b"glyf"] = bytes(glyf)
    tables[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    tables[b"hmtx"] = b"".join(struct.pack(">Hh", a, lsb) for a, lsb in metrics)
    hhea = bytearray(base[b"hhea"])
    struct.pack_into(">H", hhea, 34, count)
    tables[b"hhea"] = bytes(hhea)
    _finish_head_and_post(tables, base)
    return _write_sfnt(tables, programs[0][:4])


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _write_sfnt(tables: dict[bytes, bytes], version: bytes) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = version + struct.pack(
        ">HHHH", count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    directory = bytearray()
    body = bytearray()
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    head_offset = struct.unpack_from(">I", directory, 16 * tags.index(b"head") + 8)[0]
    struct.pack_into(">I", font, head_offset + 8, adjustment)
    return bytes(font)


def _finish_head_and_post(tables: dict[bytes, bytes], source: dict[bytes, bytes]) -> None:
    """Point ``head`` at the long ``loca`` written above, clear its checksum adjustment, and
    drop glyph names: ``post`` format 2 is indexed by glyph count, which the PDF never needs."""
    head = bytearray(source[b"head"])
    struct.pack_into(">h", head, 50, 1)
    struct.pack_into(">I", head, 8, 0)
    tables[b"head"] = bytes(head)
    if b"post" in tables:
        tables[b"post"] = struct.pack(">I", 0x00030000) + source[b"post"][4:32]
