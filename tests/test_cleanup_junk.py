"""The junk real sites carry, one named rule at a time, as before/after pairs.

The junk is taken from real pages and posts: most from the real-world regression set
(``tests/realworld/``, sources and licences in its SOURCES.md), the rest from the public
repositories named beside each case. The essay around it is the seed essay's paragraphs
(``ESSAY``), long enough that the 15% cap never interferes with what is tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.book.articles import read_raw
from compiler.book.assemble import assemble
from compiler.cleanup import CleanupReport, clean, format_report
from compiler.cleanup.titles import shared_suffixes, site_suffix
from compiler.config import CleanupSettings, load_volume
from compiler.errors import Diagnostics
from compiler.sources.base import RawArticle, SourceMeta

REALWORLD = Path(__file__).resolve().parent / "realworld"

ESSAY = (
    "<p>First and foremost, we can see a truly radical change in Lukashenko's policies: if his "
    "initial instinct was to unleash a brutal repression of both the violent rioters and the "
    "peaceful demonstrators, now he has made a 180 and the outcome is quite amazing: on Sunday "
    "there were large anti-Lukashenko demonstrations yet not a single person was detained. Not "
    "one. Even more amazing is this: the Polish-run Nexta Telegram channel initially called for "
    "a peaceful protest, but at the end of the day a call was made to try to take over the main "
    "Presidential building.</p>"
    "<p>Needless to say, the AngloZionist propaganda machine has immediately declared that "
    "seeing Lukashenko carrying a Kalashnikov is a clear sign that he has gone insane. In the "
    "western context, if this was, say, Luxembourg or Belgium this accusation of insanity would "
    "be spot on. But in the Belarusian context, these accusations get very little traction, "
    "chalk it up to cultural differences if you wish.</p>"
)


def run(
    html: str, *rules: str, meta: SourceMeta | None = None, text: str = "", language: str = "en"
) -> tuple[str, RawArticle, CleanupReport]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(Path("article.md"), root, meta or SourceMeta(), text=text)
    report = clean(raw, CleanupSettings(rules=rules), language)
    return body(root), raw, report


def body(root: lxml_html.HtmlElement) -> str:
    inner = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return re.sub(r">\s+<", "><", inner).strip()


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def removed(report: CleanupReport) -> list[str]:
    return report.removed_text()


def realworld_line(path: str, needle: str) -> str:
    """The line of a real-world source file that holds ``needle`` (stripped)."""
    for line in (REALWORLD / path).read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line.strip()
    raise AssertionError(f"{needle!r} not in {path}")


# --- embed-codes ------------------------------------------------------------------------------
# tests/realworld/blog-archives/posts/11ty-2023-04-05-stability.md (11ty/11ty-website, MIT)
ELEVENTY = "{% youtubeEmbed &quot;bPtQmsjXMuo&quot; %}"
# Hashnode's documented embed syntax: Hashnode/support, docs/embeds.md, commit
# d232877d4f61b5393fbdf87eb2a475999da9f50c (the repository states no licence; only the
# one-line syntax examples are used).
HASHNODE_TWEET = "%[https://twitter.com/hashnode/status/1275811267047854085]"
HASHNODE_VIDEO = "%[https://youtu.be/iYgiOTYTXco]"
# gohugoio/hugoDocs, content/en/shortcodes/x.md, commit
# 076184e983604c4d1ab5e6f36a111d737e8531fc (Apache-2.0).
HUGO_X = '{{&lt; x user="SanDiegoZoo" id="1453110110599868418" &gt;}}'
HUGO_NEW_IN = "{{&lt; new-in 0.141.0 /&gt;}}"


def test_embed_codes_become_the_link_paragraph_of_an_embed():
    html = f"{ESSAY}<p>{ELEVENTY}</p><p>{HASHNODE_TWEET}</p><p>{HASHNODE_VIDEO}</p><p>{HUGO_X}</p>"
    result, _, report = run(html, "embed-codes")
    assert result == squash(
        ESSAY + '<p>Video: <a href="https://www.youtube.com/watch?v=bPtQmsjXMuo">'
        "https://www.youtube.com/watch?v=bPtQmsjXMuo</a></p>"
        '<p>Embedded content: <a href="https://twitter.com/hashnode/status/1275811267047854085">'
        "https://twitter.com/hashnode/status/1275811267047854085</a></p>"
        '<p>Video: <a href="https://youtu.be/iYgiOTYTXco">https://youtu.be/iYgiOTYTXco</a></p>'
        '<p>Embedded content: <a href="https://x.com/SanDiegoZoo/status/1453110110599868418">'
        "https://x.com/SanDiegoZoo/status/1453110110599868418</a></p>"
    )
    notes = [c.note for c in report.changes if c.rule == "embed-codes"]
    assert notes[0] == (
        "embed code kept as a link: Video: https://www.youtube.com/watch?v=bPtQmsjXMuo"
    )
    assert len(notes) == 4


def test_embed_codes_use_the_book_language():
    result, _, _ = run(f"{ESSAY}<p>{ELEVENTY}</p>", "embed-codes", language="fr")
    assert "<p>Vidéo : " not in result  # typography is not selected: the label as embeds write it
    assert "<p>Vidéo: <a href" in result


def test_embed_codes_without_an_address_are_removed_and_reported():
    result, _, report = run(f"{ESSAY}<p>{HUGO_NEW_IN}</p>", "embed-codes")
    assert result == squash(ESSAY)
    assert removed(report) == ["{{< new-in 0.141.0 />}}"]


def test_embed_codes_hugo_figure_becomes_a_figure():
    # tests/realworld/blog-archives/posts/hugo-http2-server-push-in-hugo.md (hugoDocs, Apache-2.0)
    line = realworld_line("blog-archives/posts/hugo-http2-server-push-in-hugo.md", "{{< figure")
    escaped = line.replace("<", "&lt;").replace(">", "&gt;")
    result, _, report = run(f"{ESSAY}<p>{escaped}</p>", "embed-codes")
    assert result == squash(
        ESSAY + '<figure><img src="/images/blog/hugo-http2-push.png" '
        'alt="Network log for https://gohugo.io">'
        "<figcaption>Network log for https://gohugo.io</figcaption></figure>"
    )
    assert [c.note for c in report.changes] == ["Hugo figure code set as a figure"]


def test_embed_codes_jekyll_highlight_becomes_a_code_block():
    # tests/realworld/blog-archives/posts/jekyll-2016-10-06-jekyll-3-3-is-here.md as the
    # Markdown reader gives it (jekyll/jekyll, MIT)
    html = (
        f"{ESSAY}<p>{{% highlight liquid %}}\n{{% raw %}}\n"
        '{{ "/docs/assets/" | relative_url }} =&gt; /myproject/docs/assets\n{% endraw %}\n'
        "{% endhighlight %}</p>"
    )
    result, _, report = run(html, "embed-codes")
    assert result == squash(
        ESSAY + '<pre><code class="language-liquid">{{ "/docs/assets/" | relative_url }} '
        "=&gt; /myproject/docs/assets</code></pre>"
    )
    assert removed(report) == [
        "{% highlight liquid %}",
        "{% raw %}",
        "{% endraw %}",
        "{% endhighlight %}",
    ]


def test_embed_codes_leave_code_blocks_and_sentences_alone():
    html = (
        f'{ESSAY}<pre><code>{ELEVENTY}\n{{{{ . | printf "%-35s" }}}}</code></pre>'
        f"<p>Hashnode writes an embed as {HASHNODE_TWEET} in the text.</p>"
        "<p>In Liquid, {% raw %} stops the engine.</p>"
    )
    _, _, report = run(html, "embed-codes")
    assert report.changes == []


# --- heading-permalinks -----------------------------------------------------------------------
# tests/realworld/open-web/pages/embeds-captions-jsonld.html (labs.creativecommons.org, CC BY 4.0)
PERMALINKED = realworld_line("open-web/pages/embeds-captions-jsonld.html", 'id="sec-1"')


def test_heading_permalinks_remove_the_pilcrow_link():
    result, _, report = run(PERMALINKED + ESSAY, "heading-permalinks")
    assert result.startswith(
        '<h2 id="sec-1">Background thinking on distributed free culture projects</h2>'
    )
    assert removed(report) == ["¶"]


@pytest.mark.parametrize(
    ("heading", "after"),
    [
        # Sphinx's markup (the Python documentation), Docusaurus's empty hash link, a mark
        # saved as text.
        (
            '<h2 id="x">Installing<a class="headerlink" href="#x" title="Permalink to this '
            'headline">¶</a></h2>',
            '<h2 id="x">Installing</h2>',
        ),
        (
            '<h2 id="why">Why we did what we did<a class="hash-link" href="#why"></a></h2>',
            '<h2 id="why">Why we did what we did</h2>',
        ),
        ("<h3>In conclusion #</h3>", "<h3>In conclusion</h3>"),
        ('<h2><a href="#sec-3">🔗</a> In conclusion</h2>', "<h2> In conclusion</h2>"),
    ],
)
def test_heading_permalinks_in_their_usual_shapes(heading: str, after: str):
    result, _, _ = run(heading + ESSAY, "heading-permalinks")
    assert result == squash(after + ESSAY)


@pytest.mark.parametrize(
    "heading",
    [
        '<h2><a href="#sec-2">Why we did what we did</a></h2>',
        "<h2>C#</h2>",
        "<h2>Section §</h2>".replace("§", "§ 12"),
        '<h2>See <a href="https://example.org/">#</a></h2>',
    ],
)
def test_heading_permalinks_keep_headings_that_are_links_or_end_in_text(heading: str):
    _, _, report = run(heading + ESSAY, "heading-permalinks")
    assert report.changes == []


# --- post-meta --------------------------------------------------------------------------------


def test_post_meta_removes_the_byline_with_date_and_sets_the_author():
    # tests/realworld/open-web/pages/embeds-captions-jsonld.html
    line = realworld_line("open-web/pages/embeds-captions-jsonld.html", 'class="byline"')
    result, raw, report = run(line + ESSAY, "post-meta")
    assert result == squash(ESSAY)
    assert raw.meta.author == "Christopher Allan Webber"
    assert removed(report) == ["By Christopher Allan Webber 11 July 2012"]


def test_post_meta_tags_line_of_a_german_blog():
    # tests/realworld/freie-lizenzen/pages/jovelstefan.de.gefallt.html (CC BY-NC 3.0 DE)
    line = realworld_line("freie-lizenzen/pages/jovelstefan.de.gefallt.html", "<p>Tags:")
    result, _, report = run(ESSAY + line, "post-meta", language="de")
    assert result == squash(ESSAY)
    assert removed(report) == ["Tags: Bilt, Cent, Eimsbüttel"]


@pytest.mark.parametrize(
    "line",
    [
        "Posted on August 31, 2020 by The Saker",
        "Posted on August 31, 2020 by The Saker in Analysis, Belarus",
        "August 31, 2020 by The Saker",
        "5 min read",
        "Categories: Belarus, Russia | 3 Comments",
        "Filed under Analysis",
        "Publié le 31 août 2020 par Le Saker Francophone",
        "Veröffentlicht am 31. August 2020 von Saker",
        "Опубликовано 31 августа 2020",
        "Temps de lecture : 6 minutes",
    ],
)
def test_post_meta_lines_in_four_languages(line: str):
    result, _, report = run(f"<p>{line}</p>{ESSAY}", "post-meta")
    assert result == squash(ESSAY)
    assert removed(report) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Posted on the door of the Presidential building was a list of the detained.",
        "Posted in 1998, the letter reached the Kremlin only in the spring.",
        "Filed under protest by the opposition, the complaint was never heard.",
        "Tags: the police did not use them on Sunday, which is the point.",
        "August 2020 in Minsk was a month of protest and fear",
    ],
)
def test_post_meta_keeps_sentences_that_start_like_metadata(line: str):
    _, _, report = run(f"<p>{line}</p>{ESSAY}", "post-meta")
    assert report.changes == []


def test_post_meta_date_and_name_only_at_the_edges():
    middle = ESSAY * 2 + "<p>August 31, 2020 by The Saker</p>" + ESSAY * 2
    _, _, report = run(middle, "post-meta")
    assert report.changes == []


# --- post-navigation --------------------------------------------------------------------------


def test_post_navigation_previous_and_next_of_a_wordpress_theme():
    # tests/realworld/freie-lizenzen/pages/jovelstefan.de.gefallt.html
    page = (REALWORLD / "freie-lizenzen/pages/jovelstefan.de.gefallt.html").read_text("utf-8")
    start = page.index('<div class="navigation">')
    nav = page[start : page.index("</div>\n\n", start) + 6]
    result, _, report = run(ESSAY + nav, "post-navigation", language="de")
    assert result == squash(ESSAY)
    assert removed(report) == ["« Willkommen, neue Mitbewohner!", "Neues aus der Inbox »"]


def test_post_navigation_related_posts_heading_and_its_list():
    html = (
        ESSAY + "<h3>Related posts</h3><ul>"
        '<li><a href="https://thesaker.is/the-belarusian-crisis/">The Belarusian crisis</a></li>'
        '<li><a href="https://thesaker.is/lukashenko/">Lukashenko is in deep trouble</a></li>'
        "</ul>" + ESSAY
    )
    result, _, report = run(html, "post-navigation")
    assert result == squash(ESSAY + ESSAY)
    assert removed(report)[0] == "Related posts"


@pytest.mark.parametrize(
    "html",
    [
        '<p>← Previous: <a href="https://thesaker.is/syria/">Syria</a></p>',
        '<p><a href="https://thesaker.is/next/">Next post</a> →</p>',
        '<p><a href="https://thesaker.is/p/">Article précédent</a></p>',
    ],
)
def test_post_navigation_step_links(html: str):
    result, _, _ = run(ESSAY + html, "post-navigation")
    assert result == squash(ESSAY)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Next: we look at what the Kremlin can do about it.</p>",
        '<p>Next: <a href="https://thesaker.is/x/">the Kremlin</a> has to decide.</p>',
        "<h3>Related posts</h3>" + ESSAY,
    ],
)
def test_post_navigation_keeps_the_authors_sentences(html: str):
    _, _, report = run(ESSAY + html, "post-navigation")
    assert report.changes == []


# --- calls-to-action --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        "Let me know by leaving a comment below.",
        "What aspects of the crisis would you like to read more about? Let me know in the "
        "comments below!",
        "Subscribe to the newsletter to get every new analysis. Thanks for reading!",
        "Sign up for our newsletter.",
        "Laissez-moi un commentaire !",
        "Hinterlasst mir gerne einen Kommentar.",
        "Оставьте комментарий ниже.",
    ],
)
def test_calls_to_action_paragraphs_anywhere(call: str):
    result, _, report = run(f"{ESSAY}<p>{call}</p>{ESSAY}", "calls-to-action")
    assert result == squash(ESSAY + ESSAY)
    assert removed(report) == [call]


def test_calls_to_action_at_the_end_of_the_last_paragraph():
    last = (
        "<p>Still, while Lukashenko might be part of the solution in the short term, in the "
        "long term he must go. If you have any feedback or questions, feel free to let me know "
        "in the comments below.</p>"
    )
    result, _, report = run(ESSAY + last, "calls-to-action")
    assert result.endswith("in the long term he must go.</p>")
    assert removed(report) == [
        "If you have any feedback or questions, feel free to let me know in the comments below."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "People who subscribe to a Telegram channel rarely read every message.",
        "Thanks for reading!",
        "The comments below the video were all in Russian.",
        "Let me know: that was the only answer the minister gave.",
        "Nexta would post a comment under every video of the rally.",
        "Readers who pay and subscribe to the newsletter get the analysis first.",
    ],
)
def test_calls_to_action_keep_sentences_about_such_things(text: str):
    _, _, report = run(f"{ESSAY}<p>{text}</p>", "calls-to-action")
    assert report.changes == []


# --- pull-quotes ------------------------------------------------------------------------------
# WordPress's pullquote block as the block editor saves it (WordPress/gutenberg,
# packages/block-library/src/pullquote/save.js, GPL-2.0-or-later), holding a sentence of the
# essay.
PULLQUOTE = (
    '<figure class="wp-block-pullquote"><blockquote><p>In the Belarusian context, these '
    "accusations get very little traction</p><cite>The Saker</cite></blockquote></figure>"
)


def test_pull_quotes_repeating_the_text_are_removed():
    result, _, report = run(ESSAY[:400] + "</p>" + PULLQUOTE + ESSAY, "pull-quotes")
    assert PULLQUOTE not in result
    assert "these accusations get very little traction" in result
    assert removed(report) == [
        "In the Belarusian context, these accusations get very little traction",
        "The Saker",
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "<blockquote><p>Lukashenko must go and be replaced by a trustworthy leader.</p>"
        "</blockquote>",
        "<blockquote><p>Not one.</p></blockquote>",
    ],
)
def test_pull_quotes_keep_quotations(quote: str):
    _, _, report = run(ESSAY + quote, "pull-quotes")
    assert report.changes == []


# --- repeated-heading -------------------------------------------------------------------------


def test_repeated_heading_under_the_title_and_under_a_section():
    html = (
        "<h1>Might Belarus become the next Syria?</h1>"
        "<p><strong>Might Belarus become the next Syria?</strong></p>"
        + ESSAY
        + "<h2>Lukashenko’s new policy</h2><p>Lukashenko's new policy</p>"
        + ESSAY
    )
    result, _, report = run(html, "repeated-heading")
    assert result == squash(
        "<h1>Might Belarus become the next Syria?</h1>"
        + ESSAY
        + "<h2>Lukashenko’s new policy</h2>"
        + ESSAY
    )
    assert len(removed(report)) == 2


def test_repeated_heading_compares_with_the_declared_title():
    meta = SourceMeta(title="Might Belarus become the next Syria?")
    html = "<p>Might Belarus become the next Syria?</p>" + ESSAY
    result, _, _ = run(html, "repeated-heading", meta=meta)
    assert result == squash(ESSAY)


def test_repeated_heading_keeps_a_paragraph_that_only_starts_like_it():
    html = "<h2>Not one</h2><p>Not one. That is the news.</p>" + ESSAY
    _, _, report = run(html, "repeated-heading")
    assert report.changes == []


# --- empty-figures ----------------------------------------------------------------------------


def test_empty_figures_go_and_figures_with_content_stay():
    html = (
        ESSAY + '<figure class="wp-block-image size-large"><a href="https://thesaker.is/x.jpg"></a>'
        "</figure>"
        + "<figure><picture></picture></figure>"
        + '<figure><img src="lukashenko.jpg" alt=""></figure>'
        + "<figure><pre><code>x = 1</code></pre></figure>"
        + '<figure id="fig-2"></figure>'
        + ESSAY
    )
    result, _, report = run(html, "empty-figures")
    assert result == squash(
        ESSAY
        + '<figure><img src="lukashenko.jpg" alt=""></figure>'
        + "<figure><pre><code>x = 1</code></pre></figure>"
        + '<figure id="fig-2"></figure>'
        + ESSAY
    )
    assert report.count("empty-figures") == 2


# --- title-suffix -----------------------------------------------------------------------------


def _page_article(path: str) -> tuple[str, RawArticle, CleanupReport]:
    """A real-world page as the HTML reader gives it, cleaned by title-suffix alone."""
    raw = read_raw(REALWORLD / path, Diagnostics(), None, "en")
    report = clean(raw, CleanupSettings(rules=("title-suffix",)), "en")
    return raw.meta.title or "", raw, report


def test_title_suffix_a_domain():
    # postlight/parser's fixture (MIT or Apache-2.0), see tests/realworld/SOURCES.md
    title, _, report = _page_article("open-web/pages/obamawhitehouse.archives.gov--blog.html")
    assert title == "WEEKLY ADDRESS: Merry Christmas from the President and the First Lady"
    assert removed(report) == ["whitehouse.gov"]


def test_title_suffix_the_blog_name_the_page_heading_leaves_out():
    # <title>Gefällt mir &#8211; jovelblog</title> over <h2>Gefällt mir</h2>
    title, _, report = _page_article("freie-lizenzen/pages/jovelstefan.de.gefallt.html")
    assert title == "Gefällt mir"
    assert removed(report) == ["jovelblog"]


@pytest.mark.parametrize(
    ("title", "author", "kept"),
    [
        ("Fearless Concurrency with Rust — Aaron Turon (@aaron_turon)", None,
         "Fearless Concurrency with Rust"),
        ("Introducing MIR - Niko Matsakis", "Niko Matsakis", "Introducing MIR"),
        ("Announcing Rust 1.0 | blog.rust-lang.org", None, "Announcing Rust 1.0"),
    ],
)  # fmt: skip
def test_title_suffix_handles_authors_and_domains(title: str, author: str | None, kept: str):
    assert site_suffix(title, author=author) == (kept, title[len(kept) :].strip(" —-|"))


@pytest.mark.parametrize(
    "title",
    [
        "Rezension: Härting - Internetrecht, 5. Auflage 2014",
        "Might Belarus become the next Syria?",
        "GNU ddrescue—A Powerful Data Recovery Tool",
        "Rust 1.0 - Stable release",
    ],
)
def test_title_suffix_keeps_titles_with_a_dash_of_their_own(title: str):
    assert site_suffix(title, heading=None, author="The Saker") is None


def test_shared_suffixes_across_a_volume():
    titles = [
        "Announcing Rust 1.0 | Rust Blog",
        "Fearless Concurrency with Rust | Rust Blog",
        "Introducing MIR | Rust Blog",
        "Rust 1.0 - Stable release",
    ]
    assert shared_suffixes(titles) == {"Rust Blog"}


# Pages as blog.rust-lang.org titles them ("TITLE | Rust Blog"), holding the opening
# paragraphs of two posts of the real-world set (rust-lang/blog.rust-lang.org, MIT or
# Apache-2.0; see tests/realworld/SOURCES.md).
RUST_PAGES = {
    "fearless.html": (
        "Fearless Concurrency with Rust | Rust Blog",
        "The Rust project was initiated to solve two thorny problems: how do you do safe "
        "systems programming, and how do you make concurrency painless? Initially these "
        "problems seemed orthogonal, but to our amazement, the solution turned out to be "
        "identical: the same tools that make Rust safe also help you tackle concurrency "
        "head-on.",
    ),
    "rust-1.0.html": (
        "Announcing Rust 1.0 | Rust Blog",
        "Today we are very proud to announce the 1.0 release of Rust, a new programming "
        "language aiming to make it easier to build reliable, efficient systems. Rust combines "
        "low-level control over performance with high-level convenience and safety guarantees.",
    ),
}


def _rust_volume(tmp_path: Path, extra: str = "") -> Path:
    for name, (title, text) in RUST_PAGES.items():
        page = (
            f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
            f"<article><p>{text}</p><p>{text}</p></article></body></html>"
        )
        (tmp_path / name).write_text(page, encoding="utf-8")
    volume = tmp_path / "volume.yaml"
    volume.write_text(
        "title: Rust Blog Essays\nauthors: [The Rust Core Team]\nlanguage: en\n"
        f"{extra}contents: [fearless.html, rust-1.0.html]\n",
        encoding="utf-8",
    )
    return volume


def test_a_suffix_every_title_of_the_volume_ends_with_is_removed(tmp_path: Path):
    assembly = assemble(load_volume(_rust_volume(tmp_path)), Diagnostics())
    titles = [chapter.title for chapter in assembly.book.chapters()]
    assert titles == ["Fearless Concurrency with Rust", "Announcing Rust 1.0"]
    for _, report in assembly.reports:
        assert [c.text for c in report.changes if c.rule == "title-suffix"] == ["Rust Blog"]


def test_a_shared_suffix_stays_when_title_suffix_is_excluded(tmp_path: Path):
    volume = _rust_volume(tmp_path, "cleanup: {rules: auto, exclude: [title-suffix]}\n")
    assembly = assemble(load_volume(volume), Diagnostics())
    titles = [chapter.title for chapter in assembly.book.chapters()]
    assert titles == [
        "Fearless Concurrency with Rust | Rust Blog",
        "Announcing Rust 1.0 | Rust Blog",
    ]


# --- orphan-captions: captions left as list items ---------------------------------------------
# WordPress's gallery block as the block editor saves it (WordPress/gutenberg,
# packages/block-library/src/gallery/save.js, GPL-2.0-or-later), its pictures lost (lazy
# images whose address was never filled in); the captions are the seed essay's.


def _gallery(items: str) -> str:
    return (
        '<figure class="wp-block-gallery columns-2 is-cropped"><ul class="blocks-gallery-grid">'
        f'{items}</ul><figcaption class="blocks-gallery-caption">Minsk, 23 August 2020'
        "</figcaption></figure>"
    )


def _item(inner: str) -> str:
    return f'<li class="blocks-gallery-item">{inner}</li>'


def test_orphan_captions_a_gallery_left_with_only_captions_goes_whole():
    items = _item(
        '<figure><figcaption class="blocks-gallery-item__caption">Lukashenko and son'
        "</figcaption></figure>"
    ) + _item("Riot police in front of the Presidential building")
    result, _, report = run(ESSAY + _gallery(items) + ESSAY, "orphan-captions")
    assert result == squash(ESSAY + ESSAY)
    assert removed(report) == [
        "Lukashenko and son",
        "Riot police in front of the Presidential building",
        "Minsk, 23 August 2020",
    ]


def test_orphan_captions_a_gallery_item_without_its_picture():
    kept = _item('<figure><img src="lukashenko.jpg" alt="Lukashenko and son"></figure>')
    html = ESSAY + _gallery(kept + _item("Riot police in front of the building")) + ESSAY
    result, _, report = run(html, "orphan-captions")
    assert result == squash(ESSAY + _gallery(kept) + ESSAY)
    assert removed(report) == ["Riot police in front of the building"]


def test_orphan_captions_keeps_ordinary_list_items_and_labels():
    html = (
        ESSAY
        + "<ul><li><strong>Lukashenko and son</strong></li><li><em>Nexta</em></li></ul>"
        + "<p><strong><em>Lukashenko and son</em></strong></p>"
        + ESSAY
    )
    _, _, report = run(html, "orphan-captions")
    assert report.changes == []


# gohugoio/hugoDocs, content/en/shortcodes/highlight.md, commit
# 1de84a4b2b713643d2275e05b5013f3730f8cd6a (Apache-2.0): the shortcode as a page uses it,
# split by Markdown into paragraphs at its blank line.
HUGO_HIGHLIGHT = """{{< highlight go "linenos=inline, hl_Lines=3 6-8, noClasses=true" >}}
package main

import "fmt"

func main() {
    for i := 0; i < 3; i++ {
            fmt.Println("Value of i:", i)
    }
}
{{< /highlight >}}
"""


def test_embed_codes_hugo_highlight_split_into_paragraphs_becomes_one_code_block():
    import markdown

    html = ESSAY + markdown.markdown(HUGO_HIGHLIGHT) + ESSAY
    result, _, report = run(html, "embed-codes", text=HUGO_HIGHLIGHT)
    code = (
        'package main\n\nimport "fmt"\n\nfunc main() {\n    for i := 0; i &lt; 3; i++ {\n'
        '            fmt.Println("Value of i:", i)\n    }\n}'
    )
    assert result == squash(ESSAY + f'<pre><code class="language-go">{code}</code></pre>' + ESSAY)
    assert removed(report) == [
        '{{< highlight go "linenos=inline, hl_Lines=3 6-8, noClasses=true" >}}',
        "{{< /highlight >}}",
    ]


# --- the report and the cap -------------------------------------------------------------------


def test_every_new_removal_is_quoted_in_the_report_under_its_rule():
    html = (
        "<p>Posted on August 31, 2020 by The Saker</p>"
        + PERMALINKED
        + ESSAY
        + "<p>Let me know by leaving a comment below.</p>"
        + ESSAY
    )
    _, _, report = run(html, "post-meta", "heading-permalinks", "calls-to-action")
    text = format_report([("might-belarus", report)])
    assert "### post-meta" in text and "> Posted on August 31, 2020 by The Saker" in text
    assert "### heading-permalinks" in text and "> ¶" in text
    assert "### calls-to-action" in text and "> Let me know by leaving a comment below." in text


def test_the_cap_keeps_a_short_article_whose_text_looks_like_junk():
    html = "<p>Posted on August 31, 2020 by The Saker</p><p>Not one.</p>"
    result, _, report = run(html, "post-meta")
    assert result == squash(html)
    assert report.warnings and report.warnings[0].startswith("post-meta would remove")
    assert [c.action for c in report.changes] == ["kept"]


# --- a theme's own markup ---------------------------------------------------------------------
# What the _s starter theme (Automattic/_s, inc/template-tags.php, commit
# 00570514d4f31d39a33088100b449e73952bf46e, GPL-2.0-or-later) prints around a post, filled
# with the seed essay's date, author and neighbours.
S_POSTED_ON = (
    '<div class="entry-meta"><span class="posted-on">Posted on <a href="https://thesaker.is/'
    'might-belarus-become-the-next-syria/" rel="bookmark"><time class="entry-date published" '
    'datetime="2020-08-31T14:05:00+00:00">August 31, 2020</time><time class="updated" '
    'datetime="2020-09-01T08:00:00+00:00">September 1, 2020</time></a></span><span '
    'class="byline"> by <span class="author vcard"><a class="url fn n" '
    'href="https://thesaker.is/author/saker/">The Saker</a></span></span></div>'
)
S_POST_NAV = (
    '<nav class="navigation post-navigation" role="navigation"><h1 class="screen-reader-text">'
    'Post navigation</h1><div class="nav-links"><div class="nav-previous"><a '
    'href="https://thesaker.is/the-belarusian-crisis/" rel="prev"><span class="meta-nav">'
    '&larr;</span> The Belarusian crisis</a></div><div class="nav-next"><a '
    'href="https://thesaker.is/week-ending-september-5/" rel="next">Week ending September 5 '
    '<span class="meta-nav">&rarr;</span></a></div></div></nav>'
)


def test_a_themes_posted_on_line_and_post_navigation():
    html = S_POSTED_ON + ESSAY + S_POST_NAV
    result, raw, report = run(html, "post-meta", "post-navigation")
    assert result == squash(ESSAY)
    assert raw.meta.author == "The Saker"
    assert removed(report) == [
        "Posted on August 31, 2020September 1, 2020 by The Saker",
        "Post navigation",
        "← The Belarusian crisis",
        "Week ending September 5 →",
    ]


def test_title_suffix_trusts_a_title_from_front_matter_over_its_headings():
    meta = SourceMeta(title="Might Belarus become the next Syria? - Part 1")
    html = "<h1>Might Belarus become the next Syria?</h1>" + ESSAY
    _, raw, report = run(html, "title-suffix", meta=meta, text="---\ntitle: …\n---\n")
    assert raw.meta.title == "Might Belarus become the next Syria? - Part 1"
    assert report.changes == []


def test_heading_permalinks_keep_the_anchor_they_carried():
    # GitHub's rendering of a Markdown heading: the empty anchor holds the target id.
    heading = (
        '<h2><a id="user-content-why" class="anchor" aria-hidden="true" href="#why"></a>'
        "Why we did what we did</h2>"
    )
    result, _, _ = run(heading + ESSAY, "heading-permalinks")
    assert result.startswith('<h2 id="user-content-why">Why we did what we did</h2>')
