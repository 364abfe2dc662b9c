"""Finding the article in a saved page: nothing of it lost without a word.

Before/after pairs on small pages shaped like the real ones of tests/realworld/ (a sign-up
form pasted without its closing tag, a news page whose main-text finder drops the standfirst,
captions and a quoted tweet, a page builder that hides the article from readability), plus
the authors and dates a page declares and the embeds it carries.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lxml_html

from compiler.book.articles import load_article
from compiler.cleanup import format_report
from compiler.config import ArticleEntry, Location, load_volume
from compiler.errors import Diagnostics
from compiler.sources import extraction
from compiler.sources.embeds import link_embeds, replace_embeds
from compiler.sources.html import extract_page, read_html
from compiler.sources.page_meta import page_metadata

PARAGRAPHS = [
    "Whatever you do to enhance your security policy, you merely move the weakest link to "
    "another place in the chain of tools, habits and people you rely on every day.",
    "The weakness can be a bug, a virus, a zero-day exploit, or just you, because you may "
    "have chosen an easy password or opened a malicious email attachment last week.",
    "With a few things, though, you can build a policy that makes it really difficult to "
    "hack you, and that dramatically limits the damage when the worst happens anyway.",
    "It is not enough to pick up techniques around the web: you must understand the basis "
    "of what you are doing, or the weakest link will still be you in the end.",
    "Everyone has different standards for how secure a system should be, so this series "
    "goes one step at a time, and you may stop wherever your needs are met.",
]


def text_of(body: str) -> str:
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    return " ".join(root.text_content().split())


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>A page</title>{head}</head><body>{body}</body></html>"
    )


# --- the page as saved -------------------------------------------------------------------------


def test_a_sign_up_form_around_the_post_no_longer_takes_the_post_with_it():
    # Pasted sign-up code without its closing </form>: the rest of the post is in the form.
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    html = page(
        '<header class="site-header"><a href="/">Home</a></header>'
        f'<article><div class="entry-content"><p>{PARAGRAPHS[0]}</p>'
        '<form class="mc4wp-form" action="/subscribe"><p><label>Get the next post by email</label>'
        '<input type="email" name="EMAIL"><input type="submit" value="Sign up"></p>'
        f"{rest}</div></article>"
    )
    extracted = extract_page(html, "post.html")
    text = text_of(extracted.body)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "<form" not in extracted.body and "<input" not in extracted.body


def test_a_much_shorter_choice_is_replaced_by_the_article_that_holds_it():
    article = lxml_html.fromstring(
        page(
            "<main><article><h1>Title</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + '<figure><img src="a.jpg"><figcaption>A chain with one rusty link in it'
            "</figcaption></figure></article></main>"
        )
    )
    extraction.mark(article)
    # What readability returned on the real page: the photo caption alone.
    [caption] = article.xpath("//figcaption")
    chosen = lxml_html.fragment_fromstring(lxml_html.tostring(caption, encoding="unicode"))
    choice = extraction.choose(article, lxml_html.fragment_fromstring(
        f"<div>{lxml_html.tostring(chosen, encoding='unicode')}</div>"
    ))  # fmt: skip
    assert choice is not None and choice.replaced is not None
    assert "took that instead" in choice.replaced
    text = " ".join(choice.root.text_content().split())
    for paragraph in PARAGRAPHS:
        assert paragraph in text


NEWS = page(
    '<nav><a href="/">News</a></nav><main><article class="story">'
    "<h1>A quiet revolution in the stacks</h1>"
    '<p class="standfirst">Libraries are lending more than books, and the change is '
    "older than it looks.</p>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    + '<figure><img src="stacks.jpg"><figcaption>The stacks of the central library'
    "</figcaption></figure>"
    + "<h2>What readers asked for</h2>"
    + '<blockquote class="twitter-tweet"><p>Borrowed a drill today. Best library ever.</p>'
    "&mdash; A reader (@reader) March 3, 2020</blockquote>"
    + "<table><tr><th>Year</th><th>Loans</th></tr><tr><td>2019</td><td>1204</td></tr></table>"
    + "<pre><code>loans.sum(by='year')</code></pre>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    + '<div class="share-tools"><a href="#">Share on Twitter</a></div>'
    "</article></main>"
)


def test_what_readability_leaves_out_inside_the_article_is_put_back_in_place():
    document = lxml_html.fromstring(NEWS)
    extraction.mark(document)
    # readability kept the paragraphs only (as on the real news page).
    kept = "".join(
        lxml_html.tostring(p, encoding="unicode") for p in document.xpath("//article/p")[1:]
    )
    choice = extraction.choose(document, lxml_html.fragment_fromstring(f"<div>{kept}</div>"))
    assert choice is not None and choice.replaced is None
    text = " ".join(choice.root.text_content().split())
    standfirst = "Libraries are lending more than books"
    order = [standfirst, PARAGRAPHS[1], "The stacks of the central library",
             "What readers asked for", "Borrowed a drill today", "Loans",
             "loans.sum(by='year')", PARAGRAPHS[2]]  # fmt: skip
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "A quiet revolution" not in text  # the page's <h1> is the title, not body text
    assert "Share on Twitter" not in text
    restored = [d.text for d in choice.dropped if d.restored]
    assert "The stacks of the central library" in restored
    left_out = [d.text for d in choice.dropped if not d.restored]
    assert "Share on Twitter" in left_out


def test_extraction_changes_are_quoted_in_the_report_first(tmp_path: Path):
    (tmp_path / "story.html").write_text(NEWS.replace('<img src="stacks.jpg">', ""), "utf-8")
    (tmp_path / "volume.yaml").write_text(
        "title: Stacks\nauthor: A Library\ncontents:\n  - story.html\n", encoding="utf-8"
    )
    volume = load_volume(tmp_path / "volume.yaml")
    entry = ArticleEntry(path=tmp_path / "story.html", where=Location(tmp_path / "volume.yaml"))
    _, report = load_article(entry, volume, Diagnostics())
    assert next(iter(report.by_rule())) == "extraction"
    markdown = format_report([("story.html", report)])
    assert "### extraction" in markdown
    assert "> Share on Twitter" in markdown


def test_dropping_much_of_the_container_is_a_warning(monkeypatch):
    from compiler.sources import html as html_reader

    html = page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>")

    def first_two(document):
        kept = "".join(lxml_html.tostring(p, encoding="unicode") for p in document.xpath("//p")[:3])
        return lxml_html.fragment_fromstring(f"<div>{kept}</div>")

    monkeypatch.setattr(html_reader, "_readability", first_two)
    extracted = extract_page(html, "essay.html")
    [warning] = extracted.warnings
    assert "left out 42% of the words of the article's container" in warning
    removed = [c.text for c in extracted.changes if c.action == "removed"]
    assert removed == PARAGRAPHS[3:]


def test_furniture_inside_the_article_is_removed_and_quoted():
    html = page(
        "<article><div class='entry-content'>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<div class='sharedaddy'><h3>Share this:</h3><a href='#'>Twitter</a></div>"
        "</div></article>"
    )
    extracted = extract_page(html, "essay.html")
    assert "Share this" not in text_of(extracted.body)
    furniture = [c.text for c in extracted.changes if c.note == "site furniture"]
    assert furniture == ["Share this: Twitter"]


# --- embeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "iframe", "line"),
    [
        ("en", '<iframe title="The launch" src="https://www.youtube.com/embed/Xq8sDL0qYgM?x=1">'
         "</iframe>", "Video: The launch \u2014 https://www.youtube.com/watch?v=Xq8sDL0qYgM"),
        ("fr", '<iframe src="https://player.vimeo.com/video/76979871"></iframe>',
         "Vid\u00e9o: https://vimeo.com/76979871"),
        ("de", '<iframe title="Karte" src="https://www.openstreetmap.org/export/embed.html">'
         "</iframe>", "Eingebetteter Inhalt: Karte \u2014 https://www.openstreetmap.org/export/embed.html"),
    ],
)  # fmt: skip
def test_embeds_become_a_line_in_the_books_language(language, iframe, line):
    document = lxml_html.fromstring(page(f"<div><p>Before.</p>{iframe}<p>After.</p></div>"))
    [embed] = replace_embeds(document, language)
    assert embed.line(language) == line
    assert link_embeds(document) == [line]
    [paragraph] = [p for p in document.iter("p") if p.text_content() == line]
    assert paragraph.find("a").get("href") == line.rsplit(" ", 1)[1]


def test_hidden_and_tracking_frames_are_not_embeds():
    document = lxml_html.fromstring(
        page(
            '<iframe src="https://www.googletagmanager.com/ns.html?id=GTM-1" height="0" '
            'width="0" style="display:none"></iframe>'
            '<iframe src="https://example.org/pixel" width="1" height="1"></iframe>'
        )
    )
    assert replace_embeds(document, "en") == []


def test_an_embedded_video_in_a_saved_page_is_a_link_and_a_warning(tmp_path: Path):
    html = page(
        "<article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
        + '<p><iframe title="Cider" src="//www.youtube-nocookie.com/embed/PtKBjuQblqI"></iframe>'
        "</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:]) + "</article>"
    )
    path = tmp_path / "video.html"
    path.write_text(html, encoding="utf-8")
    diagnostics = Diagnostics()
    raw = read_html(path, diagnostics, "en")
    line = "Video: Cider \u2014 https://www.youtube.com/watch?v=PtKBjuQblqI"
    assert line in " ".join(raw.root.text_content().split())
    [warning] = diagnostics.warnings
    assert warning.message.endswith(line)
    assert warning.line == 1 and warning.col == html.index("<iframe") + 1
    assert [c.text for c in raw.changes if c.action == "changed"] == [line]


# --- authors and dates -------------------------------------------------------------------------


def meta_of(body: str, head: str = "") -> tuple[str | None, dt.date | None]:
    meta = page_metadata(lxml_html.fromstring(page(body, head)))
    return meta.author, meta.date


GRAPH = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
    '{"@type":"Person","@id":"#jane","name":"Jane Doe"},'
    '{"@type":"NewsArticle","headline":"H","datePublished":"2021-03-04T10:00:00+01:00",'
    '"author":{"@id":"#jane"}}]}</script>'
)


def test_json_ld_graph_gives_author_and_date_before_anything_else():
    body = '<a rel="author" href="/a/">Site Admin</a><time datetime="2020-01-01">then</time>'
    head = GRAPH + '<meta property="article:published_time" content="2019-05-05">'
    assert meta_of(body, head) == ("Jane Doe", dt.date(2021, 3, 4))


def test_several_json_ld_authors_are_joined():
    head = (
        '<script type="application/ld+json">{"@type":"BlogPosting","author":['
        '{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}]}</script>'
    )
    assert meta_of("<p>x</p>", head)[0] == "Ann Lee, Bo Chen"


@pytest.mark.parametrize(
    ("body", "head", "author"),
    [
        ('<a rel="author" href="/u/1">Ann Lee</a><p class="byline">By Bo Chen</p>', "",
         "Ann Lee"),
        ('<p class="byline">by <span class="author vcard"><a class="fn" href="#">Bo Chen</a>'
         "</span></p>", '<meta property="article:author" content="Cy Ray">', "Bo Chen"),
        ('<article><p>By Dana Fox | 3 March 2020</p><p>Text.</p></article>',
         '<meta property="article:author" content="Cy Ray">', "Dana Fox"),
        ('<div class="post"><small>11.09.2011, 16:20 von jovelstefan</small><p>Text.</p></div>',
         '<meta property="article:author" content="Cy Ray">', "jovelstefan"),
        ('<article><p class="caption">Photo by Eve Park</p><p>Text.</p></article>', "", None),
        ("<p>Text.</p>", '<meta property="article:author" content="Cy Ray">', "Cy Ray"),
        ("<p>Text.</p>",
         '<meta property="article:author" content="https://facebook.com/cy">'
         '<meta name="author" content="Cy Ray">', "Cy Ray"),
        ('<div id="comments"><a rel="author" href="#">A Commenter</a></div>', "", None),
    ],
)  # fmt: skip
def test_author_order_of_trust(body, head, author):
    assert meta_of(body, head)[0] == author


@pytest.mark.parametrize(
    ("body", "head", "date"),
    [
        ('<time datetime="2020-01-01">x</time>',
         '<meta property="article:published_time" content="2019-05-05T08:00:00Z">',
         dt.date(2019, 5, 5)),
        ('<div class="comment"><time datetime="2022-02-02">c</time></div>'
         '<time class="entry-date published" datetime="2018-08-08">x</time>', "",
         dt.date(2018, 8, 8)),
        ("<p>x</p>", '<script type="application/ld+json">{broken</script>', None),
    ],
)  # fmt: skip
def test_date_order_of_trust(body, head, date):
    assert meta_of(body, head)[1] == date
