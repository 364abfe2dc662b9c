"""Same inputs, same bytes: the clock must not leak into the outputs.

Our own writers take their dates from the book (``BookMeta.modified``), but a library deep
in the PDF writer does not: fontTools stamps every font subset it embeds with the time of
the build, unless ``SOURCE_DATE_EPOCH`` is set, which is the reproducible-builds convention
it (like many tools) honours. While the writers run, that variable is set to the book's own
timestamp, so two builds of the same volume are byte-identical whenever they run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


# Dates every file format on the way can hold: zip entries start in 1980 and end in 2107,
# font headers start in 1904. An anthology of 1788 essays dated 1788 is clamped to 1980.
EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


def clamp(when: dt.datetime) -> dt.datetime:
    """``when`` moved into the range that zip files and font headers can record."""
    return min(max(when.astimezone(dt.UTC), EARLIEST), LATEST)


@contextlib.contextmanager
def fixed_clock(when: dt.datetime) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` to ``when`` (clamped) for the duration, then restore it.

    ``when`` already comes from the user's ``SOURCE_DATE_EPOCH`` when there is one; it is
    set again clamped, because fontTools fails on a date before 1904.
    """
    previous = os.environ.get(SOURCE_DATE_EPOCH)
    os.environ[SOURCE_DATE_EPOCH] = str(int(clamp(when).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(SOURCE_DATE_EPOCH, None)
        else:
            os.environ[SOURCE_DATE_EPOCH] = previous
