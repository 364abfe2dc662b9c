"""How much of a dot leader a contents line shows, so a title never runs into its number.

WeasyPrint (70) breaks a contents entry's last line as if its leader were one copy of the
pattern wide, then draws only the copies that fit between the title and the number, in step
with the column's right edge. A title that ends close to the number column is therefore set
with no dots at all, its number apart from it like a wide word space. A book designer takes
the title's last word to a new line instead, which the leader and number then end:
:mod:`compiler.interior.line_breaks` sets such a line again within a measure narrower by
:data:`MIN_LEADER_EM`, using :func:`too_short` to find it.
"""

from __future__ import annotations

from typing import Any

# The shortest leader a contents line may show (em of the leader's type): four or five dots.
MIN_LEADER_EM = 2.0


def _leader(box: Any) -> Any | None:
    """The line's leader box (WeasyPrint draws the first one only), or None."""
    for child in getattr(box, "children", ()):
        if getattr(child, "is_leader", False):
            return child
        found = _leader(child)
        if found is not None:
            return found
    return None


def shown(line: Any) -> float | None:
    """Width of the leader's dots as drawn on ``line`` (px); None for a line without one."""
    leader = _leader(line)
    if leader is None:
        return None
    copies = [child for child in leader.children if getattr(child, "text", None)]
    if not copies:
        return 0.0
    return max(c.position_x + c.width for c in copies) - min(c.position_x for c in copies)


def too_short(line: Any) -> bool:
    """Whether ``line``, its leader drawn, shows less of it than a designer allows."""
    width = shown(line)
    if width is None:
        return False
    return width < MIN_LEADER_EM * _leader(line).style["font_size"]


def reserve(line: Any) -> float:
    """How much narrower the measure is for setting ``line`` again (px).

    The line was broken with its leader one copy wide, so its slack is the leader's width
    less that copy, which can exceed the dots drawn by nearly two copies (they keep in step
    with the column's edge). A measure narrowed by less than the slack would set the line
    as it was, short leader and all.
    """
    leader = _leader(line)
    if leader is None:
        return 0.0
    copies = [child for child in leader.children if getattr(child, "text", None)]
    slack = leader.width - (copies[0].width if copies else 0.0)
    return max(MIN_LEADER_EM * leader.style["font_size"], slack + 1.0)
