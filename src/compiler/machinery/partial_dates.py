"""A date known only to its year or its month, as archives give old essays ("1911", "March 1911").

A :class:`PartialDate` is a :class:`datetime.date` standing on the first day of the period, so
everything that only needs a point in time (the book's build timestamp, the range of years in
the credits) takes it unchanged. What shows the date asks :func:`precision` and shows only what
is known; :meth:`PartialDate.isoformat` is the W3CDTF form EPUB metadata and the cache write,
"1911" or "1911-03". Sorting puts the vaguer date first: 1911 < March 1911 < 2 March 1911.

It lives here, below every stage, because the volume file, the article readers, the book, the
EPUB writer and the cache all carry the same value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

Precision = Literal["year", "month", "day"]

_RANK = {"year": 0, "month": 1, "day": 2}
_W3CDTF = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class PartialDate(dt.date):
    """The first day of a year or a month that stands for the whole of it."""

    __slots__ = ("_month_known",)
    _month_known: bool

    def __new__(cls, year: int, month: int | None = None, day: int | None = None) -> Any:
        if day is not None:  # date arithmetic (adding days) lands on a real day
            return dt.date(year, month or 1, day)
        self = super().__new__(cls, year, 1 if month is None else month, 1)
        self._month_known = month is not None
        return self

    @property
    def precision(self) -> Precision:
        return "month" if self._month_known else "year"

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self._month_known else f"{self.year:04d}"

    def replace(
        self, year: int | None = None, month: int | None = None, day: int | None = None
    ) -> dt.date:
        """Naming a day makes a real day; a new year or month keeps what is known."""
        year = self.year if year is None else year
        if day is not None:
            return dt.date(year, self.month if month is None else month, day)
        if month is None and self._month_known:
            month = self.month
        return PartialDate(year, month)

    def __repr__(self) -> str:
        month = f", {self.month}" if self._month_known else ""
        return f"PartialDate({self.year}{month})"

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None]]:
        return PartialDate, (self.year, self.month if self._month_known else None)

    def __hash__(self) -> int:
        return hash(_key(self))

    def __eq__(self, other: object) -> bool:
        return _key(self) == _key(other) if _comparable(other) else NotImplemented

    def __ne__(self, other: object) -> bool:
        return _key(self) != _key(other) if _comparable(other) else NotImplemented

    def __lt__(self, other: object) -> bool:
        return _key(self) < _key(other) if _comparable(other) else NotImplemented

    def __le__(self, other: object) -> bool:
        return _key(self) <= _key(other) if _comparable(other) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return _key(self) > _key(other) if _comparable(other) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return _key(self) >= _key(other) if _comparable(other) else NotImplemented


def precision(date: dt.date) -> Precision:
    """How much of ``date`` is known: a plain :class:`datetime.date` is known to the day."""
    return date.precision if isinstance(date, PartialDate) else "day"


def from_w3cdtf(text: str) -> dt.date:
    """A date written "1911", "1911-03" or "1911-03-02"; ValueError for anything else.

    The reverse of ``isoformat`` for every date this module knows, so the cache can store a
    date as text and read back the same precision.
    """
    if _DAY.fullmatch(text):
        return dt.date.fromisoformat(text)
    match = _W3CDTF.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    return PartialDate(year, month)  # month 13 or year 0 raise ValueError


def _comparable(other: object) -> bool:
    return isinstance(other, dt.date) and not isinstance(other, dt.datetime)


def _key(date: Any) -> tuple[int, int]:
    return date.toordinal(), _RANK[precision(date)]
