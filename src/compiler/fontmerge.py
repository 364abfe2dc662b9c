"""One embedded copy of each typeface in a book assembled from separately laid-out units.

Every unit PDF embeds its own subset of each font, so a merged book would carry one subset per
unit and grow with the number of units. WeasyPrint subsets TrueType fonts keeping the original
glyph ids, so all subsets of one font share a numbering: the union of their ``glyf`` entries is
a subset holding every glyph any unit uses, and every unit's font dictionary can point at it
unchanged (their widths stay per unit, keyed by the same ids). The union is done on the raw
sfnt tables, without decoding glyphs, so it costs milliseconds.

The ToUnicode maps (how text is copied out of the PDF) are merged too. WeasyPrint maps a glyph
to the first text it drew it for, so one glyph shared by several characters (a small capital
serves "s" and "S") copies out as whatever came first in the document. Taking each glyph's
mapping from the first unit that uses it gives the mapping a whole-book layout would have.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from .cache import digest

DROPPED = {b"hdmx", b"LTSH", b"VDMX"}  # tables indexed by glyph count that we would not update


@dataclass
class FontSource:
    """One document going into the book, and where in the book each of its glyphs first shows.

    ``first_use(font_name, glyph)`` gives a sort key (physical page, then drawing order on the
    page) for the first time the document draws that glyph with that font resource.
    """

    reader: PdfReader
    first_use: Callable[[str, int], tuple[float, int]]


def share_fonts(sources: Iterable[FontSource], writer: PdfWriter) -> int:
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
    head = bytearray(base[b"head"])
    struct.pack_into(">h", head, 50, 1)
    struct.pack_into(">I", head, 8, 0)
    tables[b"head"] = bytes(head)
    if b"post" in tables:
        # Glyph names (post format 2) are indexed by glyph count; the PDF does not need them.
        tables[b"post"] = struct.pack(">I", 0x00030000) + base[b"post"][4:32]
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
