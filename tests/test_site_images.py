"""Pictures written as a site serves them are found in the site's folder inside the book.

The posts below have the image forms found in public Jekyll and WordPress blogs
(``![…]({{ site.baseurl }}/assets/img/…)``, ``{{ "/assets/…" | relative_url }}``,
``<img src="/wp-content/uploads/…">``, ``/cms/…``) around public-domain text from *The
Federalist* (tests/corpus/SOURCES.md). A picture that cannot be had is a warning naming the
article and line, its caption goes with it and the report says so; ``--strict`` refuses both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from checks import assert_epub_valid
from compiler import build
from compiler.config import load_volume
from compiler.errors import BookError

CORPUS = Path(__file__).resolve().parent / "corpus" / "federalist"


def paragraph(number: int) -> str:
    text = (CORPUS / f"federalist-{number}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return text.strip().split("\n\n")[0]


JEKYLL_POST = f"""---
layout: post
title: "The Federalist No. 52"
date: 2019-06-01 10:00:00 +0100
---

{paragraph(52)}

![The House of Representatives]({{{{ site.baseurl }}}}/assets/img/house.png)

![The Senate]({{{{ "/assets/img/senate.png" | relative_url }}}})

{paragraph(53)}
"""

WORDPRESS_STYLE_POST = f"""---
title: "The Federalist No. 54"
date: August 3, 2011
---

{paragraph(54)}

<figure class="wp-caption"><img src="/wp-content/uploads/2011/08/census.png" alt="">
<figcaption class="wp-caption-text">The first census, 1790</figcaption></figure>

<p><img src="/cms/images/ballot.png" alt="A ballot"></p>

<figure><img src="/wp-content/uploads/2011/08/lost.png" alt="">
<figcaption>A picture nobody downloaded</figcaption></figure>

<p><img src="https://example.org/remote.png" alt=""></p>
"""


def picture(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (90, 60), colour).save(path, "PNG")


@pytest.fixture
def site_book(tmp_path: Path) -> Path:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "2019-06-01-federalist-52.md").write_text(JEKYLL_POST, "utf-8")
    (tmp_path / "posts" / "federalist-54.md").write_text(WORDPRESS_STYLE_POST, "utf-8")
    picture(tmp_path / "site" / "assets" / "img" / "house.png", (30, 60, 90))
    picture(tmp_path / "site" / "assets" / "img" / "senate.png", (90, 60, 30))
    picture(tmp_path / "site" / "wp-content" / "uploads" / "2011" / "08" / "census.png", (0, 0, 0))
    picture(tmp_path / "site" / "cms" / "images" / "ballot.png", (255, 255, 255))
    (tmp_path / "volume.yaml").write_text(
        "title: The Site as Found\nauthor: James Madison\nsite_root: site\ncontents:\n"
        "  - posts/2019-06-01-federalist-52.md\n  - posts/federalist-54.md\n",
        encoding="utf-8",
    )
    return tmp_path


def test_root_relative_and_template_prefixed_images_are_found_in_the_site_folder(site_book):
    result = build(site_book / "volume.yaml", formats=["epub"])
    assert_epub_valid(result.outputs["epub"])
    jekyll, wordpress = result.book.chapters()
    assert jekyll.body.count(' src="images/') == 2
    assert wordpress.body.count(' src="images/') == 2
    assert "The first census, 1790" in wordpress.body
    assert len(result.book.assets) == 4


def test_missing_and_remote_images_are_warnings_naming_article_and_line(site_book):
    result = build(site_book / "volume.yaml", formats=["epub"])
    article = site_book / "posts" / "federalist-54.md"
    lines = article.read_text(encoding="utf-8").splitlines()
    found = {w.message.partition(": ")[0]: w for w in result.warnings if " left out:" in w.message}
    lost = found["image '/wp-content/uploads/2011/08/lost.png' left out"]
    assert Path(lost.file) == article
    assert "/lost.png" in lines[lost.line - 1]
    assert lost.message.endswith(
        "file not found (looked for 'site/wp-content/uploads/2011/08/lost.png'); "
        "its caption went with it"
    )
    remote = found["image 'https://example.org/remote.png' left out"]
    assert "remote.png" in lines[remote.line - 1]
    wordpress = list(result.book.chapters())[1]
    assert "A picture nobody downloaded" not in wordpress.body


def test_the_report_quotes_the_caption_that_went_with_a_missing_image(site_book):
    result = build(site_book / "volume.yaml", formats=["epub"])
    report = result.outputs["report"].read_text(encoding="utf-8")
    section = report.split("## posts/federalist-54.md", 1)[1]
    assert "### images" in section
    assert "> A picture nobody downloaded" in section
    assert "- Removed 1 image 'https://example.org/remote.png': remote images" in section


def test_strict_turns_a_missing_image_into_an_error(site_book):
    with pytest.raises(BookError) as caught:
        build(site_book / "volume.yaml", formats=["epub"], strict=True)
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("image '/wp-content/uploads/2011/08/lost.png'") for m in messages)


def test_without_site_root_the_volume_folder_is_the_site(site_book):
    volume = site_book / "volume.yaml"
    volume.write_text(volume.read_text("utf-8").replace("site_root: site\n", ""), "utf-8")
    assert load_volume(volume).site_root is None
    result = build(volume, formats=["epub"])
    missing = [w for w in result.warnings if "file not found" in w.message]
    assert any("(looked for 'assets/img/house.png')" in w.message for w in missing)


def test_a_root_relative_path_cannot_climb_out_of_the_book(site_book, tmp_path_factory):
    (site_book.parent / "secret.png").write_bytes(b"not for the book")
    post = site_book / "posts" / "federalist-54.md"
    post.write_text(post.read_text("utf-8") + "\n![x](/../../../secret.png)\n", "utf-8")
    with pytest.raises(BookError, match="it lies outside the book folder"):
        build(site_book / "volume.yaml", formats=["epub"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/srv/site", "is an absolute path"),
        ("../elsewhere", "leads outside the volume folder"),
        ("nowhere", "folder not found: 'nowhere'"),
    ],
)
def test_site_root_must_be_a_folder_inside_the_volume(site_book, value, message):
    volume = site_book / "volume.yaml"
    volume.write_text(volume.read_text("utf-8").replace("site_root: site", f"site_root: {value}"))
    with pytest.raises(BookError, match=message) as caught:
        load_volume(volume)
    assert caught.value.problems[0].line == 3


def test_a_rebuild_notices_when_a_missing_image_arrives(site_book, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    first = build(site_book / "volume.yaml", out_dir=out, formats=["epub"])
    assert any("lost.png" in w.message for w in first.warnings)
    assert build(site_book / "volume.yaml", out_dir=out, formats=["epub"]).up_to_date
    picture(site_book / "site" / "wp-content" / "uploads" / "2011" / "08" / "lost.png", (9, 9, 9))
    second = build(site_book / "volume.yaml", out_dir=out, formats=["epub"])
    assert not second.up_to_date
    # Only the picture's missing alt text is left to say about it, not that it is missing.
    assert not any("lost.png" in w.message and "alt text" not in w.message for w in second.warnings)
    assert "A picture nobody downloaded" in list(second.book.chapters())[1].body
