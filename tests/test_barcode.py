"""EAN-13 and EAN-5 encoding, checked against an independent decoder built from the standard's
tables, and the SVG checked by reading the bars back out of it."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from lxml import etree

from compiler.covers import barcode

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"

# Real ISBN-13s: the textbook examples and well-known titles (MIT Press, Prentice Hall,
# Penguin Classics), one 979 number.
ISBNS = [
    "978-0-306-40615-7",
    "978-1-86197-876-9",
    "978-0-262-03384-8",
    "978-0-13-110362-7",
    "978-0-14-044913-6",
    "979-10-90636-07-1",
]

# Decoding tables typed from the GS1 General Specifications, independent of the encoder.
L_CODES = {
    "0001101": 0,
    "0011001": 1,
    "0010011": 2,
    "0111101": 3,
    "0100011": 4,
    "0110001": 5,
    "0101111": 6,
    "0111011": 7,
    "0110111": 8,
    "0001011": 9,
}
G_CODES = {
    "0100111": 0,
    "0110011": 1,
    "0011011": 2,
    "0100001": 3,
    "0011101": 4,
    "0111001": 5,
    "0000101": 6,
    "0010001": 7,
    "0001001": 8,
    "0010111": 9,
}
R_CODES = {
    "1110010": 0,
    "1100110": 1,
    "1101100": 2,
    "1000010": 3,
    "1011100": 4,
    "1001110": 5,
    "1010000": 6,
    "1000100": 7,
    "1001000": 8,
    "1110100": 9,
}
FIRST_DIGIT = {
    "LLLLLL": 0,
    "LLGLGG": 1,
    "LLGGLG": 2,
    "LLGGGL": 3,
    "LGLLGG": 4,
    "LGGLLG": 5,
    "LGGGLL": 6,
    "LGLGLG": 7,
    "LGLGGL": 8,
    "LGGLGL": 9,
}
ADDON_CHECKSUM = {
    "GGLLL": 0,
    "GLGLL": 1,
    "GLLGL": 2,
    "GLLLG": 3,
    "LGGLL": 4,
    "LLGGL": 5,
    "LLLGG": 6,
    "LGLGL": 7,
    "LGLLG": 8,
    "LLGLG": 9,
}


def decode_ean13(modules: str) -> str:
    assert len(modules) == 95
    assert modules[:3] == "101" and modules[45:50] == "01010" and modules[92:] == "101"
    parity, left = "", ""
    for i in range(6):
        chunk = modules[3 + 7 * i : 10 + 7 * i]
        if chunk in L_CODES:
            parity, left = parity + "L", left + str(L_CODES[chunk])
        else:
            parity, left = parity + "G", left + str(G_CODES[chunk])
    right = "".join(str(R_CODES[modules[50 + 7 * i : 57 + 7 * i]]) for i in range(6))
    return f"{FIRST_DIGIT[parity]}{left}{right}"


def decode_ean5(modules: str) -> str:
    assert len(modules) == 47 and modules[:4] == "1011"
    parity, digits = "", ""
    for i in range(5):
        start = 4 + 9 * i
        if i:
            assert modules[start - 2 : start] == "01"
        chunk = modules[start : start + 7]
        side = "L" if chunk in L_CODES else "G"
        parity += side
        digits += str((L_CODES if side == "L" else G_CODES)[chunk])
    weighted = 3 * sum(map(int, digits[0::2])) + 9 * sum(map(int, digits[1::2]))
    assert ADDON_CHECKSUM[parity] == weighted % 10
    return digits


@pytest.mark.parametrize("isbn", ISBNS)
def test_check_digit_of_real_isbns(isbn: str) -> None:
    digits = isbn.replace("-", "")
    assert barcode.isbn13_check_digit(digits[:12]) == digits[12]


def test_check_digit_needs_twelve_digits() -> None:
    with pytest.raises(ValueError, match="12 digits"):
        barcode.isbn13_check_digit("97803064061")


@pytest.mark.parametrize(
    "text",
    ["978-0-306-40615-7", "9780306406157", "ISBN 978 0 306 40615 7", "isbn-13: 978-0306406157"],
)
def test_normalise_accepts_the_usual_spellings(text: str) -> None:
    assert barcode.normalise_isbn13(text) == "9780306406157"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("978-0-306-40615-8", "last digit should be 7"),
        ("0-306-40615-2", "has 10 digits"),
        ("123-4-567-89012-8", "978 or 979"),
        ("978-0-306-4O615-7", "only digits"),
    ],
)
def test_normalise_explains_bad_isbns(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        barcode.normalise_isbn13(text)


@pytest.mark.parametrize("isbn", ISBNS)
def test_ean13_modules_decode_back_to_the_isbn(isbn: str) -> None:
    digits = barcode.normalise_isbn13(isbn)
    assert decode_ean13(barcode.ean13_modules(digits)) == digits


def test_ean13_modules_refuse_a_bad_check_digit() -> None:
    with pytest.raises(ValueError, match="check digit"):
        barcode.ean13_modules("9780306406158")


@pytest.mark.parametrize("addon", ["51499", "90000", "52495", "00000", "62999", "13579"])
def test_ean5_modules_decode_back(addon: str) -> None:
    modules = barcode.ean5_modules(addon)
    assert len(modules) == 47
    assert decode_ean5(modules) == addon


def test_ean5_needs_five_digits() -> None:
    with pytest.raises(ValueError, match="5 digits"):
        barcode.ean5_modules("1499")


@pytest.mark.parametrize(
    ("price", "currency", "addon"),
    [
        ("14.99", "USD", "51499"),
        ("9.5", "usd", "50950"),
        ("24.95", "CAD", "62495"),
        ("12.99", "GBP", "01299"),
        (None, "USD", "90000"),
    ],
)
def test_price_addon(price: str | None, currency: str, addon: str) -> None:
    assert barcode.price_addon(price, currency) == addon


@pytest.mark.parametrize(
    ("price", "currency", "message"),
    [
        ("100.00", "USD", "does not fit"),
        ("14.999", "USD", "does not fit"),
        ("cheap", "USD", "not a number"),
        ("14.99", "EUR", "USD"),
    ],
)
def test_price_addon_errors(price: str, currency: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        barcode.price_addon(price, currency)


def number(text: str) -> float:
    return float(text)


def modules_from_rects(rects: list[etree._Element], origin: float, module: float) -> str:
    """Read a module string back from bar rectangles, checking they sit on the module grid."""
    cells: dict[int, str] = {}
    for rect in rects:
        start = (number(rect.get("x")) - origin) / module
        width = number(rect.get("width")) / module
        assert start == pytest.approx(round(start), abs=0.01)
        assert width == pytest.approx(round(width), abs=0.01)
        for cell in range(round(start), round(start) + round(width)):
            assert cell not in cells
            cells[cell] = "1"
    return "".join(cells.get(i, "0") for i in range(max(cells) + 2)).rstrip("0")


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def test_svg_is_wellformed_with_mm_size_and_viewbox() -> None:
    svg = barcode.ean13_svg("978-1-86197-876-9")
    ElementTree.fromstring(svg)  # the standard library parser agrees
    root = parse(svg)
    assert root.tag == SVG + "svg"
    width, height = root.get("width"), root.get("height")
    assert width.endswith("mm") and height.endswith("mm")
    assert root.get("viewBox").split() == ["0", "0", width[:-2], height[:-2]]
    assert number(width[:-2]) == pytest.approx((11 + 95 + 7) * 0.33)


@pytest.mark.parametrize("module", [0.33, 0.264])
def test_svg_bars_sit_on_the_modules(module: float) -> None:
    digits = "9780262033848"
    root = parse(barcode.ean13_svg(digits, module_mm=module))
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    expected = barcode.ean13_modules(digits)
    assert modules_from_rects(bars, 11 * module, module) == expected.rstrip("0")
    assert decode_ean13(modules_from_rects(bars, 11 * module, module)) == digits


def test_guard_bars_are_longer_than_data_bars() -> None:
    root = parse(barcode.ean13_svg("9780306406157", height_mm=20))
    heights = sorted({number(r.get("height")) for r in root.findall(f".//{SVG}rect[@class='bar']")})
    assert heights == [pytest.approx(20), pytest.approx(20 + 5 * 0.33)]
    first = root.findall(f".//{SVG}rect[@class='bar']")[0]
    assert number(first.get("height")) == heights[1]  # the start guard


def test_svg_addon_bars_and_digits() -> None:
    root = parse(barcode.ean13_svg("978-0-306-40615-7", addon="51499"))
    x = 0.33
    origin = (11 + 95 + 9) * x
    addon_bars = root.findall(f".//{SVG}rect[@class='addon-bar']")
    assert decode_ean5(modules_from_rects(addon_bars, origin, x)) == "51499"
    assert number(root.get("width")[:-2]) == pytest.approx((11 + 95 + 9 + 47 + 5) * x)
    addon_digits = root.findall(f".//{SVG}text[@class='addon-digit']")
    assert "".join(t.text for t in addon_digits) == "51499"
    main_top = min(number(r.get("y")) for r in root.findall(f".//{SVG}rect[@class='bar']"))
    assert all(number(r.get("y")) > main_top for r in addon_bars)  # digits go above add-on bars
    assert all(
        number(t.get("y")) < min(number(r.get("y")) for r in addon_bars) for t in addon_digits
    )


def test_svg_human_readable_digits_in_standard_grouping() -> None:
    x = 0.33
    root = parse(barcode.ean13_svg("9781861978769"))
    texts = root.findall(f".//{SVG}text[@class='digit']")
    assert "".join(t.text for t in texts) == "9781861978769"
    centres = [number(t.get("x")) / x - 11 for t in texts]  # in modules from the start guard
    assert centres[0] < 0  # first digit left of the start guard
    assert all(3 < c < 45 for c in centres[1:7])  # between start and centre guards
    assert all(50 < c < 92 for c in centres[7:])  # between centre and end guards
    bars_bottom = max(
        number(r.get("y")) + number(r.get("height"))
        for r in root.findall(f".//{SVG}rect[@class='bar']")
    )
    assert all(number(t.get("y")) > bars_bottom - 5 * x for t in texts)
    assert all("Gentium Book Plus" in t.get("font-family") for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize(
    ("isbn", "label"),
    [
        ("978-0-306-40615-7", "ISBN 978-0-306-40615-7"),
        ("9780306406157", "ISBN 9780306406157"),
        ("ISBN 978 0 306 40615 7", "ISBN 978-0-306-40615-7"),
    ],
)
def test_svg_isbn_line(isbn: str, label: str) -> None:
    root = parse(barcode.ean13_svg(isbn))
    line = root.find(f".//{SVG}text[@class='isbn']")
    assert line.text == label
    top = min(number(r.get("y")) for r in root.findall(f".//{SVG}rect[@class='bar']"))
    assert number(line.get("y")) < top


def test_svg_background_covers_the_quiet_zones() -> None:
    root = parse(barcode.ean13_svg("9780306406157"))
    background = root.find(f"{SVG}rect[@class='background']")
    assert (background.get("x"), background.get("y")) == ("0", "0")
    assert background.get("width") == root.get("viewBox").split()[2]
    assert background.get("height") == root.get("viewBox").split()[3]
    assert background.get("style").startswith("fill:#ffffff;")
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    assert number(bars[0].get("x")) == pytest.approx(11 * 0.33)
    right = max(number(r.get("x")) + number(r.get("width")) for r in bars)
    assert number(background.get("width")) - right == pytest.approx(7 * 0.33)


def test_svg_rejects_bad_input_before_drawing() -> None:
    with pytest.raises(ValueError, match="check digit"):
        barcode.ean13_svg("978-0-306-40615-8")
    with pytest.raises(ValueError, match="5 digits"):
        barcode.ean13_svg("978-0-306-40615-7", addon="1499")


def test_weasyprint_renders_it_as_vector_k_ink_with_the_book_font() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    svg = barcode.ean13_svg("978-0-306-40615-7", addon="51499")
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    font = (FONTS / "GentiumBookPlus-Regular.ttf").as_uri()
    html = (
        f'<style>@font-face {{ font-family: "Gentium Book Plus"; src: url("{font}") }}'
        f"@page {{ size: 80mm 40mm; margin: 5mm }}</style><img src='{source}'>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    assert b"/Subtype /Image" not in pdf  # no raster anywhere
    fills = re.findall(rb"([\d.]+(?: [\d.]+)*) (rg|scn|k|g)\n", pdf)
    assert fills and all(op == b"scn" and len(values.split()) == 4 for values, op in fills)
    from io import BytesIO

    page = PdfReader(BytesIO(pdf)).pages[0]
    fonts = set()
    for xobject in page["/Resources"]["/XObject"].values():
        for font_ref in xobject.get_object()["/Resources"]["/Font"].values():
            fonts.add(str(font_ref.get_object()["/BaseFont"]))
    assert any("Gentium" in name for name in fonts)
