"""A WordPress post's author: the ``dc:creator`` login, signed with the name the blog shows.

WordPress.com exports list their authors as ``<wp:wp_author>`` (the WordPress.com export of
the real-world set, tests/realworld/SOURCES.md), self-hosted ones as ``<wp:author>``. The
constructed exports below hold the other cases met in exports: several authors, a display
name left at the login (WordPress's default) beside a real name, no display name, entities.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import Diagnostics
from compiler.sources.wordpress import load_export, read_wordpress

REALWORLD = Path(__file__).resolve().parent / "realworld" / "wordpress-com"
WXR_HEAD = (
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><wp:wxr_version>1.2</wp:wxr_version>"
)


def author(login: str, display: str | None, first: str = "", last: str = "") -> str:
    shown = (
        f"<wp:author_display_name><![CDATA[{display}]]></wp:author_display_name>"
        if display is not None
        else ""
    )
    return (
        "<wp:author>"
        f"<wp:author_login><![CDATA[{login}]]></wp:author_login>{shown}"
        f"<wp:author_first_name><![CDATA[{first}]]></wp:author_first_name>"
        f"<wp:author_last_name><![CDATA[{last}]]></wp:author_last_name></wp:author>"
    )


def post(number: int, creator: str) -> str:
    return (
        f"<item><title>The Federalist No. {number}</title>"
        f"<dc:creator><![CDATA[{creator}]]></dc:creator>"
        "<content:encoded><![CDATA[To the People of the State of New York.]]></content:encoded>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_name>federalist-{number}</wp:post_name>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(
        WXR_HEAD
        + author("ahamilton", "Alexander Hamilton", "Alexander", "Hamilton")
        + author("jmadison", None, "James", "Madison")
        + author("jjay", "jjay", "John", "Jay")
        + author("jmarti", "Jos&eacute; Mart&iacute;")
        + author("publius", "publius")
        + author("ahamilton", "A. Hamilton (second record)")
        + post(1, "ahamilton")
        + post(10, "jmadison")
        + post(2, "jjay")
        + post(3, "jmarti")
        + post(4, "publius")
        + post(5, "unknown-login")
        + post(6, "")
        + "</channel></rss>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "Alexander Hamilton"),  # the display name; a later record does not replace it
        (10, "James Madison"),  # no display name: first and last name
        (2, "John Jay"),  # display name left at the login: the real name is better
        (3, "José Martí"),  # entities in the name are characters
        (4, "publius"),  # the login is all there is
        (5, "unknown-login"),  # no author record: the login as written
        (6, None),  # no creator at all
    ],
)
def test_the_creator_login_becomes_the_display_name(export, number, expected):
    assert read_wordpress(export, str(number), Diagnostics()).meta.author == expected


def test_wordpress_com_author_records_are_read():
    path = REALWORLD / "blogueun.wordpress.2014-06-16.xml"
    assert load_export(path).authors == {"gnusupporter": "GNU Supporter"}
    assert read_wordpress(path, "why-vim", Diagnostics()).meta.author == "GNU Supporter"
