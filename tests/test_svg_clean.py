"""SVG pictures are rebuilt from an allow-list: drawings keep every shape, anything else goes.

The real diagrams come from the regression set (tests/realworld/SOURCES.md gives their
source and licence); the hostile ones are written here.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from compiler.errors import Diagnostics
from compiler.sources.images import book_copy, collect_images
from compiler.sources.svg import MAX_SVG_NODES, SvgRefused, clean_svg

REAL = sorted((Path(__file__).parent / "realworld").rglob("*.svg"))
SVG = "http://www.w3.org/2000/svg"
OPEN = f'<svg xmlns="{SVG}" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30">'


def shapes(data: bytes) -> list[tuple[str, dict[str, str]]]:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(data, parser)
    drawn = ("path", "rect", "line", "text", "tspan", "marker", "g")
    return [
        (etree.QName(e).localname, dict(e.attrib))
        for e in root.iter()
        if isinstance(e.tag, str) and etree.QName(e).localname in drawn
    ]


def test_the_regression_set_has_real_diagrams():
    assert len(REAL) >= 5


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_diagrams_keep_every_shape_and_attribute(path: Path):
    data = path.read_bytes()
    cleaned = book_copy(path)
    assert shapes(cleaned) == shapes(data.split(b"]>", 1)[-1] if b"[" in data[:300] else data)
    assert b"metadata" not in cleaned and b"DOCTYPE" not in cleaned


def test_editor_metadata_and_foreign_attributes_are_left_out():
    data = (
        f'{OPEN[:-1]} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:version="1.3">'
        '<metadata><rdf xmlns="urn:x">Publius</rdf></metadata>'
        '<title>Senate seats</title><rect width="40" height="30" fill="url(#g) navy" '
        'inkscape:label="seats" data-x="1"/></svg>'
    ).encode()
    cleaned = clean_svg(data)
    assert b"inkscape" not in cleaned and b"Publius" not in cleaned and b"data-x" not in cleaned
    assert b'fill="url(#g) navy"' in cleaned and b"<title>Senate seats</title>" in cleaned


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<rect mask="url(http://example.org/m.svg#m)"/>', "refers to 'http://example.org/"),
        ("<rect clip-path=\"URL( '//example.org/c' )\"/>", "refers to '//example.org/c'"),
        ('<rect marker-end="url(file:///etc/passwd"/>', "refers to 'file:///etc/passwd'"),
        ('<rect style="fill: url(https://example.org/p)"/>', "styles load another file"),
        ("<style>rect { fill: image-set('https://example.org/p.png' 1x) }</style>", "styles"),
        ("<style>@font-face { src: local(Gentium) }</style>", "(@font-face)"),
        ("<style>rect { fill: u\\72 l(https://example.org/p) }</style>", "CSS escapes"),
        ('<rect fill="u\\72 l(https://example.org/p)"/>', "CSS escapes"),
        (
            '<image href="data:image/svg+xml,%3Csvg%3E%3Cscript%3E1%3C/script%3E%3C/svg%3E"/>',
            "embeds",
        ),
        ('<use href="other.svg#seat"/>', "refers to 'other.svg#seat'"),
        ('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>', "in a loop"),
    ],
)
def test_references_out_of_the_picture_are_refused(body: str, message: str):
    with pytest.raises(SvgRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        clean_svg(f"{OPEN}{body}</svg>".encode())


def test_use_expansion_is_refused_at_once():
    levels = ['<rect id="l0" width="1" height="1"/>']
    for i in range(1, 11):
        levels.append(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>")
    data = f'{OPEN}<defs>{"".join(levels)}</defs><use xlink:href="#l10"/></svg>'.encode()
    started = time.perf_counter()
    with pytest.raises(SvgRefused, match=f"more than {MAX_SVG_NODES} elements"):
        clean_svg(data)
    assert time.perf_counter() - started < 1.0


def test_a_few_use_copies_are_fine():
    seats = '<use href="#seat"/>' * 400
    data = f'{OPEN}<defs><rect id="seat" width="1" height="1"/></defs>{seats}</svg>'
    assert clean_svg(data.encode()).count(b"<use") == 400


def test_the_book_stores_and_names_the_rebuilt_copy(tmp_path: Path):
    drawing = (
        f"{OPEN}<desc>Seats</desc><metadata>Created with a drawing program</metadata>"
        '<rect width="4" height="3"/></svg>'
    )
    (tmp_path / "seats.svg").write_text(drawing, encoding="utf-8")
    root = lxml_html.fragment_fromstring('<p><img src="seats.svg"></p>', create_parent="div")
    [(key, path)] = collect_images(root, tmp_path / "essay.md", tmp_path, Diagnostics()).items()
    stored = book_copy(path)
    assert b"drawing program" not in stored and b"<desc>Seats</desc>" in stored
    assert key == f"images/{hashlib.sha256(stored).hexdigest()[:16]}.svg"
