"""Dates as blogs write them: one reader for every form front matter and file names use.

Static-site generators and export tools each write dates their own way (Jekyll's
``2011/08/03 20:00:00``, Hugo's ``2020-08-31T14:05:00+02:00``, RSS's RFC 2822, Hashnode's
JavaScript ``Date.toString()``, a human's ``August 3, 2011``). The book only needs the day of
publication, so every form comes down to the calendar date as written, never shifted to
another time zone: an essay posted late on 3 August in Berlin was published on 3 August.

A date in a recognised form that cannot exist (``2021-02-30``) raises :class:`ImpossibleDate`
so the caller can point at the line; text that is not a date at all gives ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# Whatever may follow the day: a time, a zone, a zone's name in brackets ("GMT+0000
# (Coordinated Universal Time)" from JavaScript). It does not change the day.
_REST = r"(?:[T\s,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?[^\n]*)?"
_ZONE_ONLY = r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?"

_FORMS = [
    # 2011-08-03, 2011/08/03, 2011-08-03T20:00:00Z, 2020-08-31 14:05:00 +0200, 2017-2-5
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _ZONE_ONLY + _REST),
    # Tue, 03 Aug 2011 20:00:00 +0000 (RFC 2822); 3 August 2011; 3rd of August, 2011
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + _REST),
    # August 3, 2011; Mon Jan 02 2023 10:00:00 GMT+0000 (JavaScript)
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _REST),
]
_FILE_NAME_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-")


class ImpossibleDate(ValueError):
    """The text is written as a date, but no such day exists (30 February, month 13)."""


def parse_date(value: object) -> dt.date | None:
    """The day ``value`` names, or ``None`` if it is not written as a date at all."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    for form in _FORMS:
        match = form.fullmatch(text) or form.fullmatch(text.lower())
        if match:
            return _day(match["year"], match["month"], match["day"], text)
    return None


def date_from_file_name(name: str) -> dt.date | None:
    """Jekyll's post date, the ``2008-11-24-`` at the start of ``2008-11-24-slug.md``."""
    match = _FILE_NAME_DATE.match(name)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _day(year: str, month: str, day: str, text: str) -> dt.date:
    number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    try:
        return dt.date(int(year), number, int(day))
    except ValueError as exc:
        raise ImpossibleDate(f"{text!r} is not a real date ({exc})") from None
