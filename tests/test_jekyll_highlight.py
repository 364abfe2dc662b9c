"""A Jekyll ``{% highlight %}`` block comes out as a code block, its code as written.

The posts are real (``tests/fixtures/blogs/jekyll/``, sources and licences in
../SOURCES.md): the "Welcome to Jekyll!" post every ``jekyll new`` site starts with, whose
Ruby ends in a ``#=>`` comment, and the Jekyll 1.5.1 release post, whose code lines begin
with ``>``. Read as plain Markdown, the first became a heading and the second a quotation,
and the closing ``{% endhighlight %}`` vanished as an attribute list before cleanup ran.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import markdown
import pytest
from lxml import etree

from compiler import build
from compiler.sources.markdown import EXTENSIONS

BLOGS = Path(__file__).resolve().parent / "fixtures" / "blogs" / "jekyll"
CORPUS = Path(__file__).resolve().parent / "corpus"
WELCOME = "2014-08-20-welcome-to-jekyll.markdown"
RELEASE = "2014-03-27-jekyll-1-5-1-released.markdown"
XHTML = {"h": "http://www.w3.org/1999/xhtml"}

WELCOME_CODE = (
    "def print_hi(name)\n  puts \"Hi, #{name}\"\nend\nprint_hi('Tom')\n"
    "#=> prints 'Hi, Tom' to STDOUT."
)
RELEASE_CODES = [
    '> sanitized_path("/tmp/foobar/jail", "..c:/..c:/..c:/etc/passwd")\n'
    '=> "/tmp/foobar/jail/../../../etc/passwd"',
    '> sanitized_path("/tmp/foobar/jail", "..c:/..c:/..c:/etc/passwd")\n'
    '=> "/tmp/foobar/jail/..c:/..c:/..c:/etc/passwd"',
]


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="xhtml")


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("jekyll")
    for name in (WELCOME, RELEASE):
        shutil.copy(BLOGS / name, root / name)
    (root / "volume.yaml").write_text(
        "title: Jekyll News\nauthor: The Jekyll Team\nlanguage: en\n"
        f"contents:\n  - {WELCOME}\n  - {RELEASE}\n",
        encoding="utf-8",
    )
    return build(root / "volume.yaml", formats=["epub"])


def _chapter(result, number: int) -> etree._Element:
    chapter = list(result.book.chapters())[number]
    with zipfile.ZipFile(result.outputs["epub"]) as epub:
        return etree.fromstring(epub.read(f"EPUB/{chapter.id}.xhtml"))


def test_a_highlight_block_becomes_a_code_block_with_its_code_intact(posts) -> None:
    welcome = _chapter(posts, 0)
    [code] = welcome.xpath("//h:pre/h:code", namespaces=XHTML)
    assert code.get("class") == "language-ruby"
    assert code.text == WELCOME_CODE
    assert not welcome.xpath("//h:h1[contains(., 'prints')]", namespaces=XHTML)

    release = _chapter(posts, 1)
    codes = release.xpath("//h:pre/h:code", namespaces=XHTML)
    assert [c.text for c in codes] == RELEASE_CODES
    assert not release.xpath("//h:blockquote", namespaces=XHTML)
    for document in (welcome, release):
        assert "{%" not in "".join(document.itertext())


def test_the_liquid_tags_are_reported_as_removed(posts) -> None:
    report = posts.outputs["report"].read_text(encoding="utf-8")
    for post, blocks in ((WELCOME, 1), (RELEASE, 2)):
        section = report.split(f"## {post}", 1)[1].split("\n## ", 1)[0]
        assert section.count("{% highlight ruby %}") == blocks, section
        assert section.count("{% endhighlight %}") == blocks, section
        assert "highlight block set as code" in section


def test_blank_lines_inside_a_block_stay_in_the_code(tmp_path: Path) -> None:
    """Hugo's form, from gohugoio/hugoDocs (HUGO_HIGHLIGHT in test_cleanup_junk.py), in the
    middle of a Federalist paper (tests/corpus, public domain) long enough for cleanup."""
    from compiler.cleanup import clean
    from compiler.config import CleanupSettings
    from compiler.errors import Diagnostics
    from compiler.sources.markdown import read_markdown
    from test_cleanup_junk import HUGO_HIGHLIGHT

    paper = (CORPUS / "federalist" / "federalist-51.md").read_text(encoding="utf-8")
    head, _, rest = paper.partition("\n\nPerhaps")
    post = tmp_path / "federalist-51.md"
    post.write_text(f"{head}\n\n{HUGO_HIGHLIGHT}\nPerhaps{rest}", encoding="utf-8")
    raw = read_markdown(post, Diagnostics())
    report = clean(raw, CleanupSettings(rules=("embed-codes",)), "en")
    [code] = raw.root.findall(".//pre/code")
    assert code.get("class") == "language-go"
    assert code.text == HUGO_HIGHLIGHT.split("\n", 1)[1].rsplit("{{<", 1)[0].rstrip("\n")
    assert '\n\nimport "fmt"\n\n' in code.text
    assert report.removed_text() == [
        '{{< highlight go "linenos=inline, hl_Lines=3 6-8, noClasses=true" >}}',
        "{{< /highlight >}}",
    ]


def test_the_reader_keeps_a_highlight_block_as_written() -> None:
    text = (BLOGS / RELEASE).read_text(encoding="utf-8").split("---\n", 2)[2]
    html = _render(text)
    assert "<blockquote>" not in html
    assert html.count("{% endhighlight %}") == 2
    assert (
        "<p>{% highlight ruby %}\n"
        '&gt; sanitized_path("/tmp/foobar/jail", "..c:/..c:/..c:/etc/passwd")\n'
        '=&gt; "/tmp/foobar/jail/../../../etc/passwd"\n{% endhighlight %}</p>'
    ) in html


def test_a_block_split_by_blank_lines_stays_one_paragraph() -> None:
    # The Hugo form, from gohugoio/hugoDocs (see HUGO_HIGHLIGHT in test_cleanup_junk.py).
    from test_cleanup_junk import HUGO_HIGHLIGHT

    html = _render(HUGO_HIGHLIGHT)
    assert html.startswith("<p>{{&lt; highlight go") and html.count("<p>") == 1
    assert '\n\nimport "fmt"\n\n' in html and html.endswith("{{&lt; /highlight &gt;}}</p>")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A template code on a paragraph's last line is text, not an attribute list.
        ("Read on:\n{% include share.html %}", "<p>Read on:\n{% include share.html %}</p>"),
        ("Built\n{{ site.time }}", "<p>Built\n{{ site.time }}</p>"),
        # Attribute lists still are.
        ("Built\n{: #built .note}", '<p class="note" id="built">Built</p>'),
        ("## Releases {#releases}", '<h2 id="releases">Releases</h2>'),
        # In a fenced block the codes are what the post explains: left as they are.
        (
            "```liquid\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n```",
            '<pre><code class="language-liquid">{% highlight ruby %}\nputs 1\n'
            "{% endhighlight %}\n</code></pre>",
        ),
        # A block that never closes is not taken for one.
        ("{% highlight ruby %}\n# Gemfile", "<p>{% highlight ruby %}</p>\n<h1>Gemfile</h1>"),
    ],
)
def test_template_codes_and_attribute_lists(source: str, expected: str) -> None:
    assert _render(source) == expected
