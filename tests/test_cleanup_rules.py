"""Each structural cleanup rule as before/after pairs of HTML, one rule at a time.

The pairs are small on purpose, in the style of Python-Markdown's syntax tests: the input a
reader would hand over, and the body the rule must leave. ``ESSAY`` is a pair of real paragraphs
from the seed essay; they keep every test article long enough that the safety cap (no rule may
remove more than a small share of an article) does not interfere with what is being tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from markdown import markdown as to_html

from compiler.cleanup import CleanupReport, clean
from compiler.config import CleanupSettings
from compiler.errors import BookError
from compiler.sources.base import RawArticle, SourceMeta

ESSAY = (
    "<p>First and foremost, we can see a truly radical change in Lukashenko's policies: if his "
    "initial instinct was to unleash a brutal repression of both the violent rioters and the "
    "peaceful demonstrators, now he has made a 180 and the outcome is quite amazing: <strong>on "
    "Sunday there were large anti-Lukashenko demonstrations yet not a single person was "
    "detained.</strong> Not one. Even more amazing is this: the Polish-run Nexta Telegram "
    "channel (which is the main medium used by the Empire to overthrow Lukashenko) initially "
    "called for a peaceful protest, but at the end of the day a call was made to try to take "
    "over the main Presidential building. When the rioters (at this point we are dealing with "
    "an illegal, violent, attempt to overthrow the state – so I don't call these people "
    'demonstrators) got to the building they were faced with a real "wall" of riot cops in '
    "full gear: this (really scary) sight was enough to stop the rioters who stood for a "
    "while, and then had to leave.</p>"
    "<p>Needless to say, the AngloZionist propaganda machine has immediately declared that "
    "seeing Lukashenko carrying a Kalashnikov is a clear sign that he has gone insane. In the "
    "western context, if this was, say, Luxembourg or Belgium this accusation of insanity would "
    "be spot on. But in the Belarusian context, these accusations get very little traction, "
    "chalk it up to cultural differences if you wish.</p>"
)
CLOSING = (
    "<p>Still, while Lukashenko might be part of the solution in the short term, in the long "
    "term he must go and be replaced by a trustworthy leader whom the Belarusian people and the "
    "Kremlin could really trust and that leader's main task will be to fully reintegrate "
    "Belarus into Russia. Again, a major difference with Syria.</p>"
)


def run(
    html: str,
    *rules: str,
    meta: SourceMeta | None = None,
    drop: tuple[str, ...] = (),
    text: str = "",
) -> tuple[str, RawArticle, CleanupReport]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(Path("article.md"), root, meta or SourceMeta(), text=text)
    report = clean(raw, CleanupSettings(rules=rules, drop=drop), "en")
    return body(root), raw, report


def body(root: lxml_html.HtmlElement) -> str:
    inner = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return re.sub(r">\s+<", "><", inner).strip()


def assert_cleans(rule: str, before: str, after: str, **kw: object) -> CleanupReport:
    result, _, report = run(before, rule, **kw)  # type: ignore[arg-type]
    assert result == re.sub(r">\s+<", "><", after).strip()
    return report


def assert_keeps(rule: str, html: str, **kw: object) -> None:
    result, _, report = run(html, rule, **kw)  # type: ignore[arg-type]
    assert result == re.sub(r">\s+<", "><", html).strip()
    assert report.changes == []


# --- blank-lines ----------------------------------------------------------------------------


def test_blank_lines_removes_paragraphs_of_spaces_and_nbsp():
    report = assert_cleans(
        "blank-lines",
        f"{ESSAY}<p>\u00a0</p><p>&nbsp; \u202f</p><p></p><div> <p> </p> </div>{CLOSING}",
        f"{ESSAY}{CLOSING}",
    )
    assert report.count("blank-lines") == 5
    assert report.removed_words == 0


def test_blank_lines_collapses_runs_of_breaks_and_trims_edges():
    assert_cleans(
        "blank-lines",
        "<p><br>First line<br><br><br>second line<br></p>",
        "<p>First line<br>second line</p>",
    )
    assert_cleans("blank-lines", "<p>\u00a0\nWell, no.\u00a0</p>", "<p>Well, no.</p>")


def test_blank_lines_keeps_images_anchors_and_code():
    assert_keeps("blank-lines", '<p><img src="son.jpg" alt=""></p><p id="notes"> </p>')
    assert_keeps("blank-lines", "<pre><code>\n\n</code></pre><table><tr><td> </td></tr></table>")


# --- site-header ----------------------------------------------------------------------------


def test_site_header_link_before_title_goes_and_gives_the_url():
    _, raw, report = run(
        f'<p><a href="http://thesaker.is">thesaker.is</a></p><h2>Might Belarus become the '
        f"next Syria?</h2>{ESSAY}",
        "site-header",
    )
    assert body(raw.root).startswith("<h2>Might Belarus")
    assert raw.meta.url == "http://thesaker.is"
    assert report.removed_text() == ["thesaker.is"]


def test_site_header_does_not_overwrite_a_known_url():
    url = "https://thesaker.is/might-belarus-become-the-next-syria/"
    _, raw, _ = run(
        f'<p><a href="http://thesaker.is">thesaker.is</a></p><h2>Title</h2>{ESSAY}',
        "site-header",
        meta=SourceMeta(url=url),
    )
    assert raw.meta.url == url
    assert "thesaker.is</a>" not in body(raw.root)


def test_site_header_as_a_heading_linking_to_the_front_page():
    assert_cleans(
        "site-header",
        '<h1><a href="https://thesaker.is/">The Vineyard of the Saker</a></h1>'
        f"<h2>Title</h2>{ESSAY}",
        f"<h2>Title</h2>{ESSAY}",
    )


def test_site_header_keeps_links_that_are_content():
    # A link to an article (not the front page), and a link inside a sentence.
    assert_keeps(
        "site-header",
        f'<p><a href="https://thesaker.is/some-analysis/">An earlier analysis</a></p>'
        f"<h2>Title</h2>{ESSAY}",
    )
    assert_keeps(
        "site-header",
        f'<p>First published at <a href="http://thesaker.is">thesaker.is</a></p><h2>T</h2>{ESSAY}',
    )
    # Without a title heading, only a bare domain link counts as a header.
    assert_keeps("site-header", f'<p><a href="https://thesaker.is/">The Saker</a></p>{ESSAY}')


# --- byline ---------------------------------------------------------------------------------


def test_byline_after_title_moves_to_author():
    _, raw, report = run(f"<h2>Title</h2><p><em>The Saker</em></p>{ESSAY}", "byline")
    assert body(raw.root) == f"<h2>Title</h2>{ESSAY}"
    assert raw.meta.author == "The Saker"
    assert [(c.action, c.text) for c in report.changes] == [("moved", "The Saker")]


def test_byline_with_by_and_a_date():
    _, raw, _ = run(f"<h2>Title</h2><p>By Pepe Escobar, 31 August 2020</p>{ESSAY}", "byline")
    assert raw.meta.author == "Pepe Escobar"
    # Without a heading, "By ..." is still a byline.
    _, raw, _ = run(f"<p><em>by Edward MacDowell</em></p>{ESSAY}", "byline")
    assert raw.meta.author == "Edward MacDowell"


def test_byline_keeps_declared_author_but_removes_the_line():
    _, raw, report = run(
        f"<h2>Title</h2><p><em>The Saker</em></p>{ESSAY}",
        "byline",
        meta=SourceMeta(author="The Saker"),
    )
    assert raw.meta.author == "The Saker"
    assert report.changes[0].action == "removed"
    assert "<em>" not in body(raw.root)


@pytest.mark.parametrize(
    "line",
    [
        "<p><em>The truth is rarely pure and never simple.</em></p>",  # an epigraph
        "<p><em>Introduction</em></p>",
        "<p><em>Part One</em></p>",
        "<p><em>Update</em>: see the comments below</p>",
        "<p>The Saker</p>",  # not italic, no "By": could be anything
    ],
)
def test_byline_keeps_italic_lines_that_are_not_names(line: str):
    assert_keeps("byline", f"<h2>Title</h2>{line}{ESSAY}")


def test_byline_without_title_needs_by_or_the_known_author():
    assert_keeps("byline", f"<p><em>Publius Valerius</em></p>{ESSAY}")
    assert_cleans(
        "byline",
        f"<p><em>Publius</em></p>{ESSAY}",
        ESSAY,
        meta=SourceMeta(author="Publius"),
    )


def test_byline_kept_by_a_saved_page_as_a_one_line_div():
    _, raw, report = run(
        '<h2>Title</h2><div class="byline">By <a href="https://thesaker.is/author/saker/">'
        f"The Saker</a> on 31 August 2020</div>{ESSAY}",
        "byline",
    )
    assert body(raw.root) == f"<h2>Title</h2>{ESSAY}"
    assert raw.meta.author == "The Saker"
    assert report.removed_text() == ["By The Saker on 31 August 2020"]
    # A div holding paragraphs is a section of the essay, not a byline.
    assert_keeps("byline", f"<h2>Title</h2><div><p>By Pepe Escobar</p></div>{ESSAY}")


# --- orphan-captions ------------------------------------------------------------------------


def markdown_source(*blocks: str) -> str:
    """The Markdown a scraper wrote: blocks separated by one blank line, "" for an extra one."""
    return "\n".join(block + "\n" if block else "" for block in blocks)


# The scraped essay's Markdown around the photograph: three blank lines where the image was.
SCRAPED = markdown_source(
    "First and foremost, we can see a truly radical change in Lukashenko's policies.",
    "",
    "",
    "***Lukashenko and son***",
    "Second, Lukashenko did something rather weird.",
)


def test_orphan_caption_beside_the_hole_of_its_image_is_removed():
    report = assert_cleans(
        "orphan-captions",
        f"{ESSAY}<p><strong><em>Lukashenko and son</em></strong></p>{CLOSING}",
        f"{ESSAY}{CLOSING}",
        text=SCRAPED,
    )
    assert report.removed_text() == ["Lukashenko and son"]
    assert_cleans(
        "orphan-captions",
        f"{ESSAY}<p><i>Minsk, August 2020</i></p>{CLOSING}",
        f"{ESSAY}{CLOSING}",
        text=markdown_source("leave.", "*Minsk, August 2020*", "", "", "Needless to say"),
    )


def test_orphan_captions_keeps_a_subsection_label_with_no_image_near():
    # The essay's own labels, bold or bold-italic, with only paragraph breaks around them:
    # nothing says an image was ever there.
    for label, markdown in [
        ("<p><strong>The military</strong></p>", "**The military**"),
        ("<p><strong><em>Lukashenko and son</em></strong></p>", "***Lukashenko and son***"),
        ("<p><b><i>What the Kremlin wants</i></b></p>", "***What the Kremlin wants***"),
    ]:
        source = markdown_source("and then had to leave.", markdown, "Needless to say, the")
        assert_keeps("orphan-captions", f"{ESSAY}{label}{CLOSING}", text=source)
        assert_keeps("orphan-captions", f"{ESSAY}{label}{CLOSING}")  # no source at all
    # A scene break above a label is not a hole: '***' is text, not a blank line.
    source = markdown_source("leave.", "***", "***What the Kremlin wants***", "Needless")
    html = f"{ESSAY}<hr><p><strong><em>What the Kremlin wants</em></strong></p>{CLOSING}"
    assert_keeps("orphan-captions", html, text=source)


def test_orphan_captions_removes_a_caption_element_left_without_its_image():
    report = assert_cleans(
        "orphan-captions",
        f'{ESSAY}<p class="wp-caption-text">Lukashenko and son, Minsk, 23 August 2020</p>{CLOSING}',
        f"{ESSAY}{CLOSING}",
    )
    assert report.removed_text() == ["Lukashenko and son, Minsk, 23 August 2020"]
    assert_cleans(
        "orphan-captions",
        f'{ESSAY}<div class="caption">Photo: Belta</div>{CLOSING}',
        f"{ESSAY}{CLOSING}",
    )
    # Beside its image it is the image's caption.
    assert_keeps(
        "orphan-captions",
        f'{ESSAY}<p><img src="son.jpg" alt=""></p><p class="wp-caption-text">Lukashenko and '
        f"son</p>{CLOSING}",
    )


@pytest.mark.parametrize(
    "line",
    [
        "<p><strong>The military</strong></p>",  # bold alone: a home-made subheading
        "<p><em>Not one.</em></p>",  # an emphasised sentence
        "<p><em>So where do we go from here?</em></p>",
        "<p><em>Lukashenko</em> and son</p>",  # only partly emphasised
        '<p><em><a href="https://en.wikipedia.org/wiki/Minsk">Minsk</a></em></p>',
    ],
)
def test_orphan_captions_keeps_emphasised_content(line: str):
    assert_keeps("orphan-captions", f"{ESSAY}{line}{CLOSING}")


def test_orphan_captions_keeps_a_caption_beside_its_image_or_under_a_heading():
    assert_keeps(
        "orphan-captions",
        f'{ESSAY}<p><img src="son.jpg" alt=""></p><p><em>Lukashenko and son</em></p>{CLOSING}',
    )
    assert_keeps("orphan-captions", f"<h2>Title</h2><p><em>Lukashenko and son</em></p>{ESSAY}")


def test_orphan_captions_keeps_the_caption_of_a_figure():
    # Saved pages and WordPress exports keep the caption with its image: that is content.
    figure = (
        '<figure class="wp-caption aligncenter"><img src="lukashenko-son.jpg" alt="Lukashenko '
        'and his son in combat gear"><figcaption class="wp-caption-text"><strong><em>Lukashenko '
        "and son</em></strong></figcaption></figure>"
    )
    assert_keeps("orphan-captions", f"{ESSAY}{figure}{CLOSING}")
    classic = (
        '<div class="wp-caption aligncenter"><img src="son.jpg" alt="">'
        '<p class="wp-caption-text">Lukashenko and son</p></div>'
    )
    assert_keeps("orphan-captions", f"{ESSAY}{classic}{CLOSING}")


def test_orphan_captions_removes_a_figure_left_with_only_its_caption():
    # The sanitiser refused the image (a lazy-loaded data: placeholder, say): the caption is
    # all that is left, an orphan like the scraped "***Lukashenko and son***".
    report = assert_cleans(
        "orphan-captions",
        f'{ESSAY}<figure id="attachment_312460" class="wp-caption aligncenter"><figcaption '
        'class="wp-caption-text"><strong><em>Lukashenko and son</em></strong></figcaption>'
        f"</figure>{CLOSING}",
        f"{ESSAY}{CLOSING}",
    )
    assert report.removed_text() == ["Lukashenko and son"]
    assert_cleans(
        "orphan-captions",
        f'{ESSAY}<div class="wp-caption"><p class="wp-caption-text">Minsk, August 2020</p></div>'
        f"{CLOSING}",
        f"{ESSAY}{CLOSING}",
    )


def test_orphan_captions_keeps_figures_that_hold_text():
    pull_quote = (
        '<figure class="wp-block-pullquote"><blockquote><p>I will die just like Allende died'
        "</p></blockquote><figcaption>Alexander Lukashenko</figcaption></figure>"
    )
    assert_keeps("orphan-captions", f"{ESSAY}{pull_quote}{CLOSING}")
    listing = (
        "<figure><pre><code>dig thesaker.is</code></pre><figcaption>Listing 1</figcaption></figure>"
    )
    assert_keeps("orphan-captions", f"{ESSAY}{listing}{CLOSING}")


# --- signature ------------------------------------------------------------------------------


def test_signature_equal_to_the_author_before_the_ads():
    assert_cleans(
        "signature",
        f"{ESSAY}{CLOSING}<p>The Saker</p><p>The Essential Saker IV</p>"
        '<p><a href="#">Order Now</a></p>',
        f'{ESSAY}{CLOSING}<p>The Essential Saker IV</p><p><a href="#">Order Now</a></p>',
        meta=SourceMeta(author="The Saker"),
    )


def test_signature_after_a_dash_needs_no_metadata():
    assert_cleans("signature", f"{ESSAY}{CLOSING}<p>— Edward MacDowell</p>", f"{ESSAY}{CLOSING}")
    assert_cleans("signature", f"{ESSAY}{CLOSING}<p>-- PUBLIUS.</p>", f"{ESSAY}{CLOSING}")


def test_signature_keeps_names_that_are_not_at_the_end():
    saker = SourceMeta(author="The Saker")
    assert_keeps("signature", f"{ESSAY}<p>The Saker</p>{CLOSING}", meta=saker)
    assert_keeps("signature", f"{ESSAY}{CLOSING}<p>The Saker</p>")  # unknown author, no dash
    assert_keeps("signature", f"{ESSAY}{CLOSING}<p>— and that was all.</p>")


# --- trailing-ads ---------------------------------------------------------------------------


def test_trailing_ads_book_promotions_with_order_now():
    report = assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}"
        "<p>The Essential Saker IV: Messianic Narcissism's Agony by a Thousand Cuts</p>"
        '<p><a href="#">Order Now</a></p>'
        "<p>The Essential Saker III: Chronicling The Tragedy, Farce And Collapse of the Empire in "
        "the Era of Mr MAGA</p>"
        '<p><a href="#">Order Now</a></p>',
        f"{ESSAY}{CLOSING}",
    )
    assert report.count("trailing-ads") == 4


def test_trailing_ads_share_like_and_related_blocks():
    assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<hr><h3>Share this:</h3><ul><li><a href='https://twitter.com/share'>"
        "Twitter</a></li><li><a href='https://facebook.com/share'>Facebook</a></li></ul>"
        "<p>Like this:</p><p>Like Loading...</p><h3>Related</h3><ul><li><a href='/a'>Belarus: "
        "a colour revolution in trouble</a></li></ul>",
        f"{ESSAY}{CLOSING}",
    )
    assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<p><strong>Donate</strong></p><p>Subscribe to our newsletter!</p>",
        f"{ESSAY}{CLOSING}",
    )


def test_trailing_ads_keeps_footnotes_after_the_essay():
    notes = '<div class="footnote"><hr><ol><li id="fn:1"><p>A note.</p></li></ol></div>'
    assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<p>Buy now on Amazon</p>{notes}",
        f"{ESSAY}{CLOSING}{notes}",
    )


def test_trailing_ads_keeps_calls_to_action_followed_by_essay():
    assert_keeps("trailing-ads", f"{ESSAY}<p>Subscribe</p>{CLOSING}")
    assert_keeps(
        "trailing-ads",
        f"{ESSAY}<p>Readers who want to support this site will find a donation link on the front "
        "page.</p>",
    )


def test_trailing_ads_stops_at_the_signature():
    assert_cleans(
        "trailing-ads",
        f"{ESSAY}<p>The Saker</p><p>The Essential Saker IV</p><p>Order Now</p>",
        f"{ESSAY}<p>The Saker</p>",
        meta=SourceMeta(author="The Saker"),
    )


ESSENTIAL_IV = "The Essential Saker IV: Messianic Narcissism's Agony by a Thousand Cuts"
ESSENTIAL_III = (
    "The Essential Saker III: Chronicling The Tragedy, Farce And Collapse of the Empire in the "
    "Era of Mr MAGA"
)
PROMOTED = [ESSENTIAL_IV, "Order Now", ESSENTIAL_III, "Order Now"]


def test_trailing_ads_media_and_text_blocks_of_a_saved_page():
    # WordPress's media-and-text block: the cover, then the title and the button.
    def unit(title: str, cover: str, href: str) -> str:
        return (
            '<div class="wp-block-media-text alignwide is-stacked-on-mobile">'
            f'<figure class="wp-block-media-text__media"><img src="{cover}" alt=""></figure>'
            f'<div class="wp-block-media-text__content"><p>{title}</p><p>{href}</p></div></div>'
        )

    report = assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<hr>"
        + unit(ESSENTIAL_IV, "essential-saker-iv-cover.jpg", "<a>Order Now</a>")
        + unit(
            ESSENTIAL_III,
            "essential-saker-iii-cover.jpg",
            '<a href="https://thesaker.is/the-essential-saker-iii/">Order Now</a>',
        ),
        f"{ESSAY}{CLOSING}",
    )
    # Reported line by line, exactly as the scraped Markdown's paragraphs are.
    assert report.removed_text() == PROMOTED


def test_trailing_ads_title_and_link_in_one_paragraph_of_an_export():
    # A WordPress export: "title<br>link" per book, after a rule.
    report = assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<hr>"
        f'<p>{ESSENTIAL_IV}<br><a href="https://thesaker.is/the-essential-saker-iv/">Order Now'
        f'</a></p><p>{ESSENTIAL_III}<br><a href="https://thesaker.is/the-essential-saker-iii/">'
        "Order Now</a></p>",
        f"{ESSAY}{CLOSING}",
    )
    assert report.removed_text() == PROMOTED


def test_trailing_ads_lists_are_reported_item_by_item():
    report = assert_cleans(
        "trailing-ads",
        f"{ESSAY}{CLOSING}<h3>Share this:</h3><ul><li><a href='https://twitter.com/share'>"
        "Twitter</a></li><li><a href='https://facebook.com/share'>Facebook</a></li></ul>",
        f"{ESSAY}{CLOSING}",
    )
    assert report.removed_text() == ["Share this:", "Twitter", "Facebook"]


@pytest.mark.parametrize(
    "ending",
    [
        # The call to action shares its block with a sentence of the essay.
        "<p>Readers who want the whole series can find it on the publisher's site.<br>"
        '<a href="https://thesaker.is/books/">Order Now</a></p>',
        # A section of the essay that happens to end with a call to action.
        "<div><p>Still, while Lukashenko might be part of the solution in the short term, in "
        "the long term he must go and be replaced by a trustworthy leader.</p><p>Subscribe</p>"
        "</div>",
        # The author's name is the signature, not a promoted title.
        '<p>The Saker<br><a href="https://thesaker.is/donate/">Donate</a></p>',
    ],
)
def test_trailing_ads_keeps_blocks_that_are_not_all_promotion(ending: str):
    assert_keeps("trailing-ads", f"{ESSAY}{CLOSING}{ending}", meta=SourceMeta(author="The Saker"))


def test_structural_rules_look_inside_a_theme_wrapper():
    # Saved pages often keep the theme's content wrapper around the whole article.
    before = (
        '<div class="entry-content"><p><a href="http://thesaker.is">thesaker.is</a></p>'
        f"<h2>Title</h2><p><em>The Saker</em></p>{ESSAY}{CLOSING}<p>The Saker</p>"
        "<p>The Essential Saker IV</p><p>Order Now</p></div>"
    )
    result, raw, _ = run(before, "site-header", "byline", "signature", "trailing-ads")
    assert result == f'<div class="entry-content"><h2>Title</h2>{ESSAY}{CLOSING}</div>'
    assert raw.meta.author == "The Saker"


# --- dead-links -----------------------------------------------------------------------------


def test_dead_links_become_text():
    report = assert_cleans(
        "dead-links",
        '<p>I agree with <a href="#">some Russian analysts</a>, <a href="">others</a>, '
        '<a href=" javascript:void(0)"><em>nobody</em></a> and <a>this</a>.</p>',
        "<p>I agree with some Russian analysts, others, <em>nobody</em> and this.</p>",
    )
    assert [c.text for c in report.changes] == ["some Russian analysts", "others", "nobody", "this"]
    assert {c.action for c in report.changes} == {"unlinked"}


def test_dead_links_keeps_real_links_and_anchors():
    assert_keeps(
        "dead-links",
        '<p>See <a href="http://thesaker.is">the site</a>, note<sup id="fnref:1">'
        '<a class="footnote-ref" href="#fn:1">1</a></sup> and <a id="top"></a>.</p>',
    )


# --- escaped-emphasis -----------------------------------------------------------------------


def test_escaped_emphasis_becomes_em_and_strong():
    assert_cleans(
        "escaped-emphasis",
        "<p>But how do you *legally* overthrow a **government**, ***really***?</p>",
        "<p>But how do you <em>legally</em> overthrow a <strong>government</strong>, "
        "<strong><em>really</em></strong>?</p>",
    )
    assert_cleans(
        "escaped-emphasis",
        "<p>The _kithara_ and the __lyre__</p>",
        "<p>The <em>kithara</em> and the <strong>lyre</strong></p>",
    )


def test_escaped_emphasis_with_backslashes_left_by_a_scraper():
    assert_cleans(
        "escaped-emphasis",
        r"<p>how do you \*legally\* do it</p>",
        "<p>how do you <em>legally</em> do it</p>",
    )


def test_escaped_emphasis_in_text_after_an_element():
    assert_cleans(
        "escaped-emphasis",
        "<p>Lukashenko <strong>said</strong> he would *stay* and *fight*.</p>",
        "<p>Lukashenko <strong>said</strong> he would <em>stay</em> and <em>fight</em>.</p>",
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>2 * 3 * 4 = 24</p>",
        "<p>a snake_case_name and file_name_here</p>",
        "<p>Footnote marks * and ** stay.</p>",
        "<p><code>*args, **kwargs</code></p>",
        "<p>see https://example.org/_private_/page</p>",
        "<p>*not closed on this line\nbut here*</p>",
    ],
)
def test_escaped_emphasis_leaves_other_asterisks(html: str):
    assert_keeps("escaped-emphasis", html)


# --- broken-paragraphs ----------------------------------------------------------------------


def test_broken_paragraphs_join_mid_sentence():
    report = assert_cleans(
        "broken-paragraphs",
        "<p>The truth is that the opposition is in a difficult situation: the vast majority of "
        "the</p><p>people of Belarus clearly do not want a violent coup.</p>",
        "<p>The truth is that the opposition is in a difficult situation: the vast majority of "
        "the people of Belarus clearly do not want a violent coup.</p>",
    )
    assert [c.action for c in report.changes] == ["joined"]
    assert "majority of the / people of Belarus" in report.changes[0].text


def test_broken_paragraphs_keep_inline_markup_and_chain():
    assert_cleans(
        "broken-paragraphs",
        "<p>I think that it is a <em>safe</em> bet to say that</p>"
        '<p>the armed forces are <a href="https://en.wikipedia.org/wiki/Belarus">loyal</a> to</p>'
        "<p>Lukashenko.</p><p>then a new one.</p>",
        "<p>I think that it is a <em>safe</em> bet to say that the armed forces are "
        '<a href="https://en.wikipedia.org/wiki/Belarus">loyal</a> to</p><p>Lukashenko.</p>'
        "<p>then a new one.</p>",
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>It ends here.</p><p>and this starts lower-case.</p>",
        "<p>It ends without a stop</p><p>But this starts with a capital.</p>",
        "<p>Three things might happen:</p><p>one of them is war.</p>",
        "<p>Poe's line, in full,</p><p>and the repetition of colour in the same author.</p>",
        "<p>Before a list</p><ul><li>the first</li></ul>",
        "<ul><li>Last week Lukashenko said</li><li>that no other elections</li></ul>",
        "<h3>So will Belarus become</h3><p>the next Syria?</p>",
        "<blockquote><p>Creaking where a house was burned</p><p>dust and ashes</p></blockquote>",
        "<p><strong>The military</strong></p><p>is loyal to Lukashenko.</p>",
    ],
)
def test_broken_paragraphs_leave_intended_breaks(html: str):
    assert_keeps("broken-paragraphs", html)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Federalist No. 67 and No. 72, as the PDF extraction cut them.
        (
            "…conspire to elucidate the sense of the provision, see Cato, No.",
            "V. Article 1, section 3, clause 1.",
        ),
        ("This was the case with respect to Mr.", "Fox's India bill, which was carried."),
        ("The passage is quoted in vol.", "iv. of the works, and again in chapter 3."),
        ("He cites the whole of Art.", "12 of the treaty."),
    ],
)
def test_broken_paragraphs_join_a_cut_after_an_abbreviation(first: str, second: str):
    report = assert_cleans(
        "broken-paragraphs", f"<p>{first}</p><p>{second}</p>", f"<p>{first} {second}</p>"
    )
    assert [c.action for c in report.changes] == ["joined"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Was it ever said? No.</p><p>1788 was the year of the debate.</p>",
        "<p>He said, to their surprise, No.</p><p>I was not there.</p>",
        "<p>He never cared for art.</p><p>1800 brought a change.</p>",
        "<p>The article was given its No.</p><p>CIVIL LAW was the next heading.</p>",
        "<p>The letter came from Mr.</p><p>and then nothing.</p>",
    ],
)
def test_broken_paragraphs_leave_a_sentence_ended_on_an_abbreviation(html: str):
    assert_keeps("broken-paragraphs", html)


MATHS = Path(__file__).resolve().parent / "fixtures" / "maths"


@pytest.mark.parametrize("name", ["archimedes-and-the-crown.md", "ordered-couples.md"])
def test_broken_paragraphs_leave_displayed_equations_apart(name: str):
    # Whitehead's sentences run on through their displays ("we thus have" / "F = W − w" /
    # "and thus"); joined, the equation would be read as words of the sentence.
    source = (MATHS / name).read_text("utf-8").split("---\n", 2)[2]
    html = to_html(source)
    _, raw, report = run(html, "broken-paragraphs")
    assert report.changes == []
    displays = [" ".join(p.text_content().split()) for p in raw.root.iter("p")]
    assert ("F = W − w" in displays) == (name == "archimedes-and-the-crown.md")
    assert len(displays) == html.count("<p>")


@pytest.mark.parametrize(
    "html",
    [
        "<p>and we thus have</p><p>x = a + b</p><p>where a and b are the two sides.</p>",
        "<p>the energy is</p><p>$$E = mc^2$$</p><p>where m is the mass.</p>",
        r"<p>so that</p><p>\[ f(x) = \sin x \]</p><p>and so on.</p>",
        "<p>the sum of the series</p><p>1 + 2 + 3 + … + n</p><p>is n(n + 1)/2.</p>",
    ],
)
def test_broken_paragraphs_leave_formulas_apart(html: str):
    assert_keeps("broken-paragraphs", html)


def test_broken_paragraphs_still_join_a_sentence_that_quotes_a_formula():
    assert_cleans(
        "broken-paragraphs",
        "<p>Archimedes saw that if the weights in the scale come to</p><p>five pounds, then "
        "F = W − w, and the rest follows.</p>",
        "<p>Archimedes saw that if the weights in the scale come to five pounds, then "
        "F = W − w, and the rest follows.</p>",
    )


# --- drop (the volume's own patterns) -------------------------------------------------------


def test_drop_patterns_remove_matching_blocks_case_insensitively():
    _, raw, report = run(
        f"{ESSAY}<p>Support this site: every dollar helps.</p>{CLOSING}"
        "<ul><li>SUPPORT THIS SITE</li></ul>",
        drop=("^Support this site",),
    )
    assert body(raw.root) == f"{ESSAY}{CLOSING}"
    assert [c.rule for c in report.changes] == ["drop", "drop"]
    assert "^Support this site" in report.changes[0].note


def test_drop_matches_headings_and_list_items_by_full_text():
    _, raw, _ = run(
        f"<h2>Title</h2>{ESSAY}<ul><li>Keep this</li><li>Posted in Analysis</li></ul>{CLOSING}",
        drop=(r"^posted in \w+$",),
    )
    assert body(raw.root) == f"<h2>Title</h2>{ESSAY}<ul><li>Keep this</li></ul>{CLOSING}"


def test_drop_with_an_invalid_pattern_is_a_user_error():
    with pytest.raises(BookError, match="not a valid regular expression"):
        run(ESSAY, drop=("(unclosed",))
