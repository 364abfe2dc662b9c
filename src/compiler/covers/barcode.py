"""EAN-13 barcodes for the ISBN on a back cover, drawn as vector SVG.

Booksellers' scanners read the ISBN as an EAN-13 symbol, optionally followed by a five-digit
price add-on (EAN-5: ``51499`` is US$14.99, ``90000`` means no suggested price). The symbol is
built from rectangles in millimetres so it stays vector all the way into the cover PDF: printers
reject raster barcodes, and only a sharp bar edge keeps bar widths within scanning tolerance.

This module imports nothing from the compiler: :mod:`compiler.config` uses its ISBN check digit
to validate a volume without loading the covers.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

FONT_FAMILY = "Gentium Book Plus"  # the bundled book font, so WeasyPrint embeds it
K_BLACK = "device-cmyk(0 0 0 1)"  # black ink only: rich black blurs bar edges on press
K_WHITE = "device-cmyk(0 0 0 0)"  # no ink, without an RGB colour a PDF/X-1a cover forbids

QUIET_LEFT = 11  # modules of white before the start guard (GS1 General Specifications)
QUIET_RIGHT = 7  # after the end guard
ADDON_GAP = 9  # between the EAN-13 and its add-on: GS1 allows 7 to 12 modules
ADDON_QUIET_RIGHT = 5  # after the add-on
GUARD_DROP = 5  # modules the guard bars extend below the others

# Left-hand odd-parity (L) patterns; right-hand (R) patterns are their complements and the
# even-parity (G) patterns are R read backwards (GS1 General Specifications, EAN-13).
_L = (
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
)
_R = tuple(code.translate(str.maketrans("01", "10")) for code in _L)
_G = tuple(code[::-1] for code in _R)
# The first digit of an EAN-13 is not drawn: it picks the parity of the six left digits.
_PARITY_13 = (
    "LLLLLL",
    "LLGLGG",
    "LLGGLG",
    "LLGGGL",
    "LGLLGG",
    "LGGLLG",
    "LGGGLL",
    "LGLGLG",
    "LGLGGL",
    "LGGLGL",
)
# An EAN-5's checksum is likewise carried by the parity of its five digits.
_PARITY_5 = (
    "GGLLL",
    "GLGLL",
    "GLLGL",
    "GLLLG",
    "LGGLL",
    "LLGGL",
    "LLLGG",
    "LGLGL",
    "LGLLG",
    "LLGLG",
)
_GUARDS_13 = frozenset((0, 1, 2, 45, 46, 47, 48, 49, 92, 93, 94))

# Bookland price add-on: the first digit names the currency, the other four the price.
_CURRENCY_DIGIT = {"GBP": "0", "AUD": "3", "NZD": "4", "USD": "5", "CAD": "6"}
NO_PRICE = "90000"


def _digits(text: str, count: int, what: str) -> list[int]:
    if not re.fullmatch(rf"\d{{{count}}}", text):
        raise ValueError(f"{what} needs exactly {count} digits, got {text!r}")
    return [int(digit) for digit in text]


def isbn13_check_digit(first12: str) -> str:
    """The ISBN-13 (= EAN-13) check digit: weights 1, 3, 1, 3 ... then ten's complement."""
    digits = _digits(first12, 12, "an ISBN-13 without its check digit")
    total = sum(digit * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return str(-total % 10)


def normalise_isbn13(text: str) -> str:
    """The 13 digits of an ISBN-13 written with or without ``ISBN``, hyphens or spaces;
    ValueError names what is wrong so the config layer can pass it on."""
    body = re.sub(r"^\s*ISBN(?:-13)?:?", "", text.strip(), flags=re.IGNORECASE).strip()
    if not re.fullmatch(r"[\d\- ]+", body):
        raise ValueError(f"{text!r} is not an ISBN-13: only digits, hyphens and spaces belong")
    digits = re.sub(r"\D", "", body)
    if len(digits) != 13:
        raise ValueError(f"{text!r} has {len(digits)} digits; an ISBN-13 has 13")
    if digits[:3] not in ("978", "979"):
        raise ValueError(f"{text!r} is not an ISBN-13: it must begin with 978 or 979")
    expected = isbn13_check_digit(digits[:12])
    if digits[12] != expected:
        raise ValueError(f"{text!r} has a wrong check digit: the last digit should be {expected}")
    return digits


def ean13_modules(digits13: str) -> str:
    """The 95 modules of an EAN-13 (``1`` bar, ``0`` space), guard bars included."""
    digits = _digits(digits13, 13, "an EAN-13")
    if digits13[12] != isbn13_check_digit(digits13[:12]):
        raise ValueError(f"{digits13!r} is not a valid EAN-13: wrong check digit")
    parity = _PARITY_13[digits[0]]
    sets = [_L if side == "L" else _G for side in parity]
    left = "".join(codes[d] for codes, d in zip(sets, digits[1:7], strict=True))
    right = "".join(_R[d] for d in digits[7:])
    return f"101{left}01010{right}101"


def ean5_modules(digits5: str) -> str:
    """The 47 modules of an EAN-5 add-on: start pattern, five digits, separators between."""
    digits = _digits(digits5, 5, "a price add-on")
    checksum = (3 * (digits[0] + digits[2] + digits[4]) + 9 * (digits[1] + digits[3])) % 10
    parity = _PARITY_5[checksum]
    sets = [_L if side == "L" else _G for side in parity]
    return "1011" + "01".join(codes[d] for codes, d in zip(sets, digits, strict=True))


def price_addon(price: str | None, currency: str = "USD") -> str:
    """The EAN-5 add-on for a retail price such as ``"14.99"``; None gives ``90000``."""
    if price is None:
        return NO_PRICE
    code = _CURRENCY_DIGIT.get(currency.upper())
    if code is None:
        accepted = ", ".join(_CURRENCY_DIGIT)
        raise ValueError(f"no price add-on for {currency!r}; use one of: {accepted}")
    try:
        cents = Decimal(price) * 100
    except InvalidOperation:
        raise ValueError(f"price {price!r} is not a number") from None
    if cents != cents.to_integral_value() or not 0 <= cents <= 9998:
        raise ValueError(f"price {price!r} does not fit an add-on (0.00 to 99.98)")
    return f"{code}{int(cents):04d}"


def _isbn_label(text: str, digits: str) -> str:
    """``ISBN`` plus the number hyphenated as the publisher wrote it, or the plain digits."""
    body = re.sub(r"^\s*ISBN(?:-13)?:?", "", text.strip(), flags=re.IGNORECASE).strip()
    return "ISBN " + (re.sub(r"[\s-]+", "-", body) if re.search(r"[\s-]", body) else digits)


def _n(value: float) -> str:
    """A coordinate in millimetres to the micron: short, exact enough, deterministic."""
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _runs(modules: str) -> list[tuple[int, int]]:
    """(first module, width) of every bar, so adjacent bar modules become one rectangle."""
    return [(m.start(), len(m.group())) for m in re.finditer("1+", modules)]


def ean13_svg(
    isbn: str,
    addon: str | None = None,
    module_mm: float = 0.33,
    height_mm: float = 22.0,
    ink: str = K_BLACK,
    paper: str = K_WHITE,
) -> str:
    """A complete SVG of the ISBN's EAN-13, with its add-on when given.

    ``module_mm`` is the narrowest bar (0.33 mm is 100 % magnification) and ``height_mm`` the
    height of the ordinary bars. The human-readable digits sit under the bars in the standard
    grouping (first digit left of the start guard), the add-on's digits above its bars, and the
    ``ISBN`` line above the symbol. A background rectangle covers the quiet zones so the symbol
    scans on any cover art. Colours are written twice in a ``style``: viewers that do not know
    ``device-cmyk()`` keep the first (sRGB) value, WeasyPrint takes the last, so the cover PDF
    gets pure K ink without the SVG looking wrong elsewhere.
    """
    digits = normalise_isbn13(isbn)
    main = ean13_modules(digits)
    extra = ean5_modules(addon) if addon is not None else ""
    x = module_mm
    font = 8.5 * x  # digit size, about 2.8 mm at 100 %
    label_font = 7.5 * x  # the hyphenated ISBN line must stay within the symbol's width
    left = QUIET_LEFT * x
    tail = ADDON_GAP + len(extra) + ADDON_QUIET_RIGHT if extra else QUIET_RIGHT
    width = (QUIET_LEFT + len(main) + tail) * x
    bars_top = 1.5 * x + label_font
    bars_bottom = bars_top + height_mm
    guard_bottom = bars_bottom + GUARD_DROP * x
    digits_baseline = bars_bottom + 0.5 * x + 0.72 * font
    height = digits_baseline + 0.3 * font + x

    def bar(kind: str, x0: float, top: float, run: int, bottom: float) -> str:
        return (
            f'<rect class="{kind}" x="{_n(x0)}" y="{_n(top)}" width="{_n(run * x)}" '
            f'height="{_n(bottom - top)}"/>'
        )

    def text(kind: str, cx: float, baseline: float, size: float, content: str) -> str:
        return (
            f'<text class="{kind}" x="{_n(cx)}" y="{_n(baseline)}" font-size="{_n(size)}" '
            f'font-family="{FONT_FAMILY}, serif" text-anchor="middle">{content}</text>'
        )

    label = escape(_isbn_label(isbn, digits))
    parts = [text("isbn", left + 47.5 * x, 1.5 * x + 0.8 * label_font, label_font, label)]
    for start, run in _runs(main):
        bottom = guard_bottom if start in _GUARDS_13 else bars_bottom
        parts.append(bar("bar", left + start * x, bars_top, run, bottom))
    centres = [left - 5.5 * x]  # the first digit stands in the left quiet zone
    centres += [left + (3 + 7 * i + 3.5) * x for i in range(6)]
    centres += [left + (50 + 7 * i + 3.5) * x for i in range(6)]
    parts += [
        text("digit", cx, digits_baseline, font, d) for cx, d in zip(centres, digits, strict=True)
    ]
    if addon is not None:
        addon_left = left + (len(main) + ADDON_GAP) * x
        addon_baseline = bars_top + 0.72 * font
        for start, run in _runs(extra):
            x0 = addon_left + start * x
            parts.append(bar("addon-bar", x0, addon_baseline + x, run, guard_bottom))
        parts += [
            text("addon-digit", addon_left + (4 + 9 * i + 3.5) * x, addon_baseline, font, d)
            for i, d in enumerate(addon)
        ]
    size = f'width="{_n(width)}mm" height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" {size}><title>{label}</title>'
        f'<rect class="background" x="0" y="0" width="{_n(width)}" height="{_n(height)}" '
        f'style="fill:#ffffff;fill:{paper}"/>'
        f'<g class="symbol" style="fill:#000000;fill:{ink}">{"".join(parts)}</g></svg>'
    )
