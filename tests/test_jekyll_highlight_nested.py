"""Jekyll ``{% highlight %}`` blocks inside list items and block quotations stay in place as code.

Two real pages (``tests/fixtures/blogs/jekyll/``, sources and licences in ../SOURCES.md): a
Debian packaging post whose numbered steps each carry their commands in a highlight block
indented under the step, and an excerpt of Apache Spark's GraphX guide, whose notes are
block quotations that open a highlight block after ``> `` and give its code lines without
the ``>``. Read as plain Markdown, the steps' blocks broke the list in two at every step, and
the notes' code was read as words of the note, Liquid tags and all.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from compiler.cleanup import clean
from compiler.config import CleanupSettings
from compiler.errors import Diagnostics
from compiler.sources.base import RawArticle, SourceMeta
from compiler.sources.markdown import EXTENSIONS, read_markdown

JEKYLL = Path(__file__).resolve().parent / "fixtures" / "blogs" / "jekyll"
FALCON = JEKYLL / "2012-04-06-packaging_falcon_programming_language_for_debian.markdown"
GRAPHX = JEKYLL / "graphx-property-and-join-operators.md"

FALCON_CODES = [
    "git clone http://git.falconpl.org/falcon.git\ngit checkout -b upstream",
    "git remote add upstream-falcon http://git.falconpl.org/falcon.git\n"
    "git branch --set-upstream upstream-falcon",
    "git checkout master\ngit remote set-url origin git.debian.org:/git/collab-maint/falconpl.git",
    "git checkout upstream\n"
    "git archive --format=tar HEAD | gzip -9 > ../falconpl_0.9.6.8-git20120403.orig.tar.gz\n"
    "git tag upstream/0.9.6.8-git20120403\n"
    "pristine-tar commit ../falconpl_0.9.6.8-git20120403.orig.tar.gz",
]
QUOTED_CODES = [
    "val newVertices = graph.vertices.map { case (id, attr) => (id, mapUdf(id, attr)) }\n"
    "val newGraph = Graph(newVertices, graph.edges)",
    "val newGraph = graph.mapVertices((id, attr) => mapUdf(id, attr))",
    "val nonUniqueCosts: RDD[(VertexID, Double)]\n"
    "val uniqueCosts: VertexRDD[Double] =\n"
    "  graph.vertices.aggregateUsingIndex(nonUnique, (a,b) => a + b)\n"
    "val joinedGraph = graph.joinVertices(uniqueCosts)(\n"
    "  (id, oldCost, extraCost) => oldCost + extraCost)",
    "val joinedGraph = graph.joinVertices(uniqueCosts,\n"
    "  (id: VertexID, oldCost: Double, extraCost: Double) => oldCost + extraCost)",
]


def _cleaned(path: Path) -> RawArticle:
    raw = read_markdown(path, Diagnostics())
    report = clean(raw, CleanupSettings(rules=("embed-codes",)), "en")
    assert report.warnings == []
    return raw


def _codes(root: lxml_html.HtmlElement, where: str) -> list[str]:
    return [code.text for code in root.xpath(f"{where}/pre/code")]


@pytest.fixture(scope="module")
def graphx() -> RawArticle:
    return _cleaned(GRAPHX)


def test_a_block_opened_in_a_quotation_is_code_in_the_quotation(graphx: RawArticle):
    root = graphx.root
    assert _codes(root, ".//blockquote") == QUOTED_CODES
    blocks = root.findall(".//pre/code")
    assert {code.get("class") for code in blocks} == {"language-scala"}
    assert len(blocks) == 4 + 4  # the four quoted and four top-level blocks
    first = root.find(".//blockquote")
    texts = [" ".join(p.text_content().split()) for p in first.findall("p")]
    assert texts[0].startswith("Note that in each case the graph structure is unaffected.")
    assert texts[0].endswith("would not benefit from the GraphX system optimizations:")
    assert texts[1] == "Instead, use mapVertices to preserve the indices:"
    assert [child.tag for child in first] == ["p", "pre", "p", "pre"]


def test_no_liquid_tag_is_left_in_the_text(graphx: RawArticle):
    assert "{%" not in graphx.root.text_content()
    assert "highlight" not in " ".join(p.text_content() for p in graphx.root.iter("p"))


def test_steps_keep_their_commands_as_code(tmp_path: Path):
    # Verbatim, the post wraps its Markdown list in a stray <ol>: the steps are raw HTML
    # there, and the commands must still come out as code, without the steps' indentation.
    assert _codes(_cleaned(FALCON).root, ".//ol") == FALCON_CODES
    # Without the two <ol> lines, the steps are Markdown's list, each with its code inside.
    text = FALCON.read_text("utf-8")
    assert text.count("\n<ol>\n") == 1 and text.count("\n</ol>\n") == 1
    post = tmp_path / FALCON.name
    post.write_text(text.replace("\n<ol>\n", "\n").replace("\n</ol>\n", "\n"), "utf-8")
    root = _cleaned(post).root
    [steps, pending] = root.findall("ol")
    items = steps.findall("li")
    assert len(items) == 5 and len(pending.findall("li")) == 3
    assert [_codes(item, ".") for item in items] == [[code] for code in FALCON_CODES] + [[]]
    assert items[3].find("p").text_content().startswith("Next is creating the pristine-tar")


def test_a_block_under_a_bullet_loses_the_bullet_s_indentation():
    # Python-Markdown's own syntax (the item's blocks indented by four spaces), with the
    # GraphX guide's words and code; the blank line inside the block is the code's own.
    source = (
        "* Instead, use `mapVertices` to preserve the indices:\n\n"
        "    {% highlight scala %}\n"
        "    val outDegrees: VertexRDD[Int] = graph.outDegrees\n\n"
        "    val newGraph = graph.mapVertices((id, attr) => mapUdf(id, attr))\n"
        "    {% endhighlight %}\n\n"
        "* These operators are often used to initialize the graph.\n"
    )
    html = markdown.markdown(source, extensions=EXTENSIONS)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    raw = RawArticle(Path("post.md"), root, SourceMeta(), text=source)
    clean(raw, CleanupSettings(rules=("embed-codes",)), "en")
    [first, second] = raw.root.findall(".//li")
    assert _codes(first, ".") == [
        "val outDegrees: VertexRDD[Int] = graph.outDegrees\n\n"
        "val newGraph = graph.mapVertices((id, attr) => mapUdf(id, attr))"
    ]
    assert second.text_content().strip().startswith("These operators are often used")


def test_a_block_indented_at_the_top_level_stays_indented_code():
    # Four spaces outside a list make Markdown's indented code: the codes are its text.
    html = markdown.markdown(
        "Use it so:\n\n    {% highlight scala %}\n    val x = 1\n    {% endhighlight %}\n",
        extensions=EXTENSIONS,
    )
    assert "<pre><code>{% highlight scala %}\nval x = 1\n{% endhighlight %}\n</code></pre>" in html
