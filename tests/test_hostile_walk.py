"""A few of issue 19's attacks, built through a real process with time and memory measured.

The whole list runs by hand (``python tests/hostile_walk.py``: a few minutes); these cases,
one per defence added in this round, run with the suite. Each must end with exit 0, 2 or 3
within 30 s and under 1 GB of memory (the build and its layout workers), with no traceback,
and with the message the defence gives.
"""

from __future__ import annotations

import sys

import pytest

from hostile_walk import CASES, run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measures with getrusage")

EXPECTED = {
    "volume-title-100KB": (2, "'title' is 99999 characters long (the limit is 500)"),
    "svg-use-bomb": (2, "references expand to more than 100000 elements"),
    "svg-css-escape": (2, "the SVG's styles use CSS escapes"),
    "wxr-toc-20000": (0, "removed WordPress shortcode [toc] (20000 times)"),
    "wxr-utf7": (2, "names an encoding the XML reader cannot read"),
    "cover-169-megapixels": (2, "the cover image: the image is too large (over 25 megapixels)"),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_attack_ends_within_its_budget(name: str):
    setup, args = CASES[name]
    outcome = run(name, setup, args)
    code, message = EXPECTED[name]
    assert outcome.ok, outcome.line(name) + "\n" + outcome.output
    assert outcome.code == code, outcome.output
    assert message in outcome.output
