"""Dates as blogs write them: one reader for every form front matter and file names use.

Static-site generators and export tools each write dates their own way (Jekyll's
``2011/08/03 20:00:00``, Hugo's ``2020-08-31T14:05:00+02:00``, RSS's RFC 2822, Hashnode's
JavaScript ``Date.toString()``, a human's ``August 3, 2011``). The book only needs the day of
publication, so every form comes down to the calendar date as written, never shifted to
another time zone: an essay posted late on 3 August in Berlin was published on 3 August.

Old essays, reprints and scanned pamphlets are often dated only by a year or a month
("1911", "March 1911", "Mar. 1911", "1911-03"): those become a
:class:`~compiler.machinery.partial_dates.PartialDate`, printed and stored with no more
precision than was written. A season ("Spring 1911") or an approximate date ("c. 1911") is
refused with :class:`VagueDate`, which says what to write instead: EPUB metadata (W3CDTF)
knows a year, a month and a day, nothing between or around them, and a book that printed
"Spring 1911" but recorded "1911" would say two different things.

A date in a recognised form that cannot exist (``2021-02-30``, ``1911-13``, year 0) raises
:class:`ImpossibleDate` so the caller can point at the line; text that is not a date at all
gives ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

from ..machinery.partial_dates import PartialDate

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
# Forms that name only a month or a year: 1911-03, 1911/03; March 1911, Mar. 1911, March, 1911;
# 1911.
_PARTIAL_FORMS = [
    re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})"),
    re.compile(_MONTH + r",?\s+" + _YEAR),
    re.compile(_YEAR),
]
_SEASON = re.compile(
    r"(?:early|late|mid-?)?\s*(?:spring|summer|autumn|fall|winter)\s*(?:of\s+)?,?\s*" + _YEAR
)
_CIRCA = re.compile(r"(?:c\.|ca\.|circa|c|ca|about|approx\.?|~)\s*" + _YEAR + r"\??")
_FILE_NAME_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-")


class DateError(ValueError):
    """The text is written as a date, but not one the book can use; the message says why."""


class ImpossibleDate(DateError):
    """The text is written as a date, but no such day exists (30 February, month 13)."""


class VagueDate(DateError):
    """A season or an approximate year, which neither the book nor its metadata can record."""


def parse_date(value: object) -> dt.date | None:
    """The day, month or year ``value`` names, or ``None`` if it is not written as a date.

    YAML reads an unquoted ``date: 1911`` as a number, so a whole number is a year.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    for form in _FORMS:
        match = form.fullmatch(text) or form.fullmatch(text.lower())
        if match:
            return _day(match["year"], match["month"], match["day"], text)
    for form in _PARTIAL_FORMS:
        match = form.fullmatch(text) or form.fullmatch(text.lower())
        if match:
            return _partial(match["year"], match.groupdict().get("month"), text)
    _refuse_vague(text)
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


def _refuse_vague(text: str) -> None:
    season = _SEASON.fullmatch(text.lower())
    if season:
        raise VagueDate(
            f"{text!r} names a season, and a book's date can only be a year, a month or a day: "
            f"write {season['year']}, or the month if it is known, such as "
            f"'March {season['year']}'"
        )
    circa = _CIRCA.fullmatch(text.lower())
    if circa:
        raise VagueDate(
            f"{text!r} is an approximate date, and a book's date has no way to say 'about': "
            f"write the year, {circa['year']}"
        )


def _partial(year: str, month: str | None, text: str) -> PartialDate:
    number = None if month is None else _month_number(month)
    try:
        return PartialDate(int(year), number)
    except ValueError as exc:
        raise ImpossibleDate(f"{text!r} is not a real date ({exc})") from None


def _month_number(month: str) -> int:
    return int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]


def _day(year: str, month: str, day: str, text: str) -> dt.date:
    number = _month_number(month)
    try:
        return dt.date(int(year), number, int(day))
    except ValueError as exc:
        raise ImpossibleDate(f"{text!r} is not a real date ({exc})") from None
