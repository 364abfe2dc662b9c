"""SVG images rebuilt from an allow-list: what the book stores is a drawing, never a program.

An ebook reader renders an SVG as a document, scripts, links and styles included, and
WeasyPrint follows its references. Checking for known-bad constructs is not enough: a fill
of ``url(http://…)``, a ``<style>`` that spells ``@import`` or ``url(`` with CSS escapes
(``@\\69mport``, ``u\\72 l(``), or a ``data:image/svg+xml`` image holding its own
``<script>`` all pass a deny-list. So the picture is parsed safely (no DTD, no entities),
refused outright when it is plainly active or external (a clear error the publisher can act
on), and otherwise rebuilt from the elements and attributes a static drawing uses; everything
else (editor metadata, unknown elements, links) is left out of the copy the book stores.

- ``url()`` may only point inside the picture (``url(#id)``), in attributes and in CSS;
- CSS is parsed (tinycss2, as WeasyPrint does); escapes, ``@import`` and at-rules that load
  anything are refused;
- ``href`` points inside the picture, except an ``<image>``'s, which may hold a PNG, JPEG, GIF
  or WebP as a ``data:`` URL whose pixel count is checked like any image's (a nested SVG is
  refused: it could hold anything this module removes);
- ``<use>`` copies are counted with their expansion, so ten levels of ten-fold references
  (ten billion nodes for a renderer) are refused at once.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import tinycss2
from defusedxml import DefusedXmlException
from lxml import etree
from PIL import Image

from .limits import MAX_IMAGE_PIXELS, MAX_NESTING

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG = "{" + SVG_NS + "}"
_XLINK_HREF = "{" + XLINK_NS + "}href"
MAX_SVG_NODES = 100_000  # elements once every <use> is expanded: detailed maps have ~20,000

# Elements that make an SVG a program or a window onto other content: refused, not dropped,
# so the publisher learns the picture will not look as it was drawn.
REFUSED = {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener"}

_FILTERS = (
    "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting "
    "feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR "
    "feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting "
    "feSpotLight feTile feTurbulence"
)
ELEMENTS = frozenset(
    (
        "svg g defs symbol use title desc switch path rect circle ellipse line polyline polygon "
        "text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker "
        "filter image style font-face font-face-src font-face-name " + _FILTERS
    ).split()
)
# Geometry, presentation and text attributes of SVG 1.1/2 and of the filter primitives.
ATTRIBUTES = frozenset(
    """
    id class style lang xml:lang xml:space transform viewBox preserveAspectRatio version
    width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength dx dy rotate
    textLength lengthAdjust startOffset method spacing side href
    gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits
    patternTransform clipPathUnits maskUnits maskContentUnits markerUnits markerWidth
    markerHeight refX refY orient filterUnits primitiveUnits in in2 result mode type values
    operator k1 k2 k3 k4 stdDeviation edgeMode order kernelMatrix divisor bias targetX targetY
    kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant
    specularExponent azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle
    tableValues slope intercept amplitude exponent baseFrequency numOctaves seed stitchTiles
    scale xChannelSelector yChannelSelector radius font-family font-size font-style
    font-weight font-variant font-stretch units-per-em underline-position
    underline-thickness x-height cap-height ascent descent name panose-1
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color
    display visibility overflow clip clip-path clip-rule mask filter marker marker-start
    marker-mid marker-end stop-color stop-opacity flood-color flood-opacity lighting-color
    color-interpolation color-interpolation-filters color-rendering shape-rendering
    text-rendering image-rendering paint-order vector-effect text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode direction unicode-bidi font-size-adjust font-kerning
    """.split()  # noqa: SIM905 - a list of 180 names reads better as words
)
_INTERNAL = re.compile(r"#[\w.:-]+\Z")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp)(;[\w=.-]+)*;base64,", re.I)
# CSS functions that load or show another document
_LOADING_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade",
                      "element", "paint"}  # fmt: skip

_STYLES_LOAD = "the SVG's styles load another file; SVG images must be self-contained"


class SvgRefused(Exception):
    """The picture cannot be made safe by leaving things out: an error for the publisher."""


def clean_svg(data: bytes) -> bytes:
    """The picture rebuilt from the allow-list, as the book stores it; :class:`SvgRefused`
    when it is not a well-formed, self-contained, static SVG."""
    if b"<?xml-stylesheet" in data:
        raise SvgRefused("the SVG links an external stylesheet; SVG images must be self-contained")
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise SvgRefused(
            "the SVG declares a DTD or entities, which can read other files or exhaust "
            "memory; save it again without a DOCTYPE"
        ) from None
    except (ParseError, ValueError) as exc:
        raise SvgRefused(f"not a well-formed SVG image ({exc})") from None
    if root.tag != f"{_SVG}svg":
        raise SvgRefused(f"not an SVG image: the document is <{root.tag}>, not <svg>")
    _check_depth(root)
    for element in root.iter():
        _check_element(element)
    _check_use_expansion(root)
    clean = _rebuild(root)
    # Written by lxml with the namespaces declared on the root: ElementTree's prefixes come
    # from a registry every library shares (WeasyPrint registers its own in it).
    return etree.tostring(clean, encoding="utf-8", xml_declaration=True)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _check_depth(root: ET.Element) -> None:
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_NESTING:
            raise SvgRefused(f"the SVG nests elements more than {MAX_NESTING} levels deep")
        stack.extend((child, depth + 1) for child in element)


def _check_element(element: ET.Element) -> None:
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    if tag in REFUSED:
        raise SvgRefused(f"the SVG contains a <{tag}> element; SVG images may not be active")
    for name, value in element.attrib.items():
        local = _local(name).lower()
        if local.startswith("on"):
            raise SvgRefused(
                f"the SVG has an event handler ('{local}'); SVG images may not be active"
            )
        if name in ("href", _XLINK_HREF):
            _check_href(tag, value)
        elif local == "attributename" and value.rpartition(":")[2].lower() == "href":
            raise SvgRefused("the SVG animates a link; SVG images may not be active")
        elif local == "style":
            check_css(value, "declarations")
        elif "url" in value.lower() or "\\" in value:
            check_css(value, "value")  # fill, filter, mask, clip-path, marker...
    if tag == "style":
        check_css("".join(element.itertext()), "stylesheet")


def _check_href(tag: str, value: str) -> None:
    value = value.strip()
    if _INTERNAL.match(value):
        return
    data = _DATA_IMAGE.match(value)
    if tag == "image" and data:
        _check_embedded_raster(value[data.end() :])
        return
    shown = value[:60]
    if value.lower().startswith("data:"):
        raise SvgRefused(
            f"the SVG embeds {shown!r}; only PNG, JPEG, GIF or WebP pictures may be embedded "
            "(a picture inside a picture can hold anything)"
        )
    raise SvgRefused(f"the SVG refers to {shown!r}; SVG images must be self-contained")


def _check_embedded_raster(encoded: str) -> None:
    try:
        raw = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError):
        return  # unreadable: a renderer shows nothing, nothing to guard against
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width, height = MAX_IMAGE_PIXELS + 1, 1  # over Pillow's own limit, far over ours
    except Exception:  # noqa: BLE001 - not a picture Pillow can read: nothing is decoded
        return
    if width * height > MAX_IMAGE_PIXELS:
        raise SvgRefused(
            f"the SVG embeds a picture of {width}x{height} pixels (the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels)"
        )


def check_css(css: str, kind: str) -> None:
    """Refuse CSS that loads anything: escapes (which hide ``url(`` and ``@import`` from a
    text search), at-rules that load (``@import``, ``@font-face``), and any loading
    function not pointing inside the picture."""
    if "\\" in css:
        raise SvgRefused("the SVG's styles use CSS escapes, which can hide what they load")
    if kind == "declarations":
        nodes = tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True)
    elif kind == "stylesheet":
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    else:  # one property's value, as a presentation attribute holds it
        nodes = tinycss2.parse_component_value_list(css, skip_comments=True)
    stack = list(nodes)
    while stack:
        node = stack.pop()
        what = getattr(node, "type", "")
        if what == "at-rule" and node.lower_at_keyword not in ("media", "supports"):
            raise SvgRefused(
                f"the SVG's styles load another file (@{node.lower_at_keyword}); SVG images "
                "must be self-contained"
            )
        target: str | None = ""
        if what == "url":
            target = node.value.strip()
        elif what == "function" and node.lower_name in _LOADING_FUNCTIONS:
            args = [a for a in node.arguments if a.type not in ("whitespace", "comment")]
            target = args[0].value.strip() if len(args) == 1 and args[0].type == "string" else None
        if target is None or (target and not _INTERNAL.match(target)):
            if kind == "value":
                shown = f" {target[:60]!r}" if target else " another file"
                raise SvgRefused(f"the SVG refers to{shown}; SVG images must be self-contained")
            raise SvgRefused(
                "the SVG's styles load another file; SVG images must be self-contained"
            )
        for attribute in ("prelude", "content", "value", "arguments"):
            children = getattr(node, attribute, None)
            if isinstance(children, list):
                stack.extend(children)


def _check_use_expansion(root: ET.Element) -> None:
    """Refuse ``<use>`` references that loop or expand past :data:`MAX_SVG_NODES` elements.

    Each element's expanded size (itself, its children, and for a ``<use>`` what it copies)
    is computed once, bottom up, without recursion.
    """
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}

    def parts(element: ET.Element) -> list[ET.Element]:
        found = list(element)
        if _local(element.tag) == "use":
            target = (element.get("href") or element.get(_XLINK_HREF) or "").strip()
            copied = by_id.get(target[1:]) if target.startswith("#") else None
            if copied is not None:
                found.append(copied)
        return found

    sizes: dict[int, int] = {}
    working: set[int] = set()
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, ready = stack.pop()
        key = id(element)
        if ready:
            total = 1 + sum(sizes[id(part)] for part in parts(element))
            if total > MAX_SVG_NODES:
                raise SvgRefused(
                    f"the SVG's <use> references expand to more than {MAX_SVG_NODES} "
                    "elements; no drawing needs that, so the file is probably built to "
                    "exhaust the renderer"
                )
            sizes[key] = total
            working.discard(key)
            continue
        if key in sizes:
            continue
        if key in working:
            raise SvgRefused("the SVG's <use> elements refer to themselves in a loop")
        working.add(key)
        stack.append((element, True))
        for part in parts(element):
            if id(part) in working:
                raise SvgRefused("the SVG's <use> elements refer to themselves in a loop")
            if id(part) not in sizes:
                stack.append((part, False))


def _rebuild(element: ET.Element, root: bool = True) -> etree._Element:
    """A copy holding only allowed SVG elements and attributes (the check has passed)."""
    namespaces = {None: SVG_NS, "xlink": XLINK_NS} if root else None
    copy = etree.Element(element.tag, _allowed_attributes(element), nsmap=namespaces)
    copy.text = element.text
    copy.tail = element.tail
    for child in element:
        if isinstance(child.tag, str) and child.tag.startswith(_SVG):
            if _local(child.tag) in ELEMENTS:
                copy.append(_rebuild(child, root=False))
                continue
            if _local(child.tag) == "a":  # a link: the drawing stays, the link goes
                unwrapped = _rebuild(child, root=False)
                _append_text(copy, unwrapped.text)
                copy.extend(list(unwrapped))
                _append_text(copy, child.tail)
                continue
        _append_text(copy, child.tail)  # left out (metadata, comments...); its tail stays
    return copy


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


_XML = "{http://www.w3.org/XML/1998/namespace}"
_NAMESPACED = {_XLINK_HREF, _XML + "space", _XML + "lang"}


def _allowed_attributes(element: ET.Element) -> dict[str, str]:
    return {
        name: value
        for name, value in element.attrib.items()
        if name in _NAMESPACED or (not name.startswith("{") and name in ATTRIBUTES)
    }
