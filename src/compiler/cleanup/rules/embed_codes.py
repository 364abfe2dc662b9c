"""embed-codes: the template and embed codes of blog engines, printed as text.

A post written for Hashnode, Jekyll, Eleventy, Hexo or Hugo holds codes its engine replaces
when it builds the site: ``%[https://twitter.com/…]`` (Hashnode), ``{% youtube ID %}``
(Liquid), ``{{< tweet ID >}}`` (Hugo shortcodes). Read by anything else, they reach the page
as literal text. A code standing on its own line goes:

- a code that shows something at an address (a video, a tweet, a gist) becomes the link
  paragraph the page reader writes for an embedded player ("Video: URL", in the book's
  language), so the reader still learns what the author showed and where;
- Hugo's ``{{< figure src=… caption=… >}}`` becomes the figure it stands for, so the image
  is looked for like any other (and left out, with its caption in the report, when absent);
- a ``{% highlight LANG %}`` block (Jekyll) or ``{{< highlight LANG >}}`` (Hugo) becomes the
  code block it stands for, without its ``{% raw %}`` wrappers;
- any other code (``{% include … %}``, ``{{< subscribe >}}``) is removed.

Codes inside code blocks are what the post is explaining and are never touched; so is a code
inside a sentence (a link to ``{% post_url … %}`` is repaired elsewhere).
"""

from __future__ import annotations

import re
import shlex
from html import unescape

from ...sources.embeds import Embed
from ...sources.markdown_liquid import unprefixed
from ..context import RuleContext
from ..registry import registry
from ..tree import Element, in_opaque, new_element, remove, tag

# A whole line that is one code. Quotes may already be curly (a WordPress export, a page).
_CODE = re.compile(
    r"""^\s*(?:
        %\[(?P<hashnode>https?://[^\]\s]+)\]
      | \{%-?\s*(?P<liquid>[^%]*?)\s*-?%\}
      | \{\{<\s*(?P<hugo>[^>]*?)\s*>\}\}
      | \{\{%\s*(?P<hugo2>[^%]*?)\s*%\}\}
    )\s*$""",
    re.VERBOSE,
)
_URL = re.compile(r"https?://[^\s\"'“”‘’<>\]]+")
_VIDEO = frozenset({"youtube", "youtubeembed", "vimeo", "video", "loom"})
_TWEET = frozenset({"tweet", "twitter", "x"})
_HIGHLIGHT_OPEN = re.compile(r"^highlight\b\s*(?P<language>[\w+#-]*)")
_MAX_BLOCK_PARAGRAPHS = 30
_WRAPPERS = frozenset({"raw", "endraw", "endhighlight", "/highlight"})
_QUOTED = re.compile(r"^(?:[ ]{0,3}>[ ]?)*")  # a quotation's marks before a line
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@registry.register("embed-codes", 97, "turn blog engines' embed codes into links, drop the rest")
def embed_codes(ctx: RuleContext) -> None:
    for p in [el for el in ctx.root.iter("p") if not in_opaque(el)]:
        lines = _text_lines(p)
        if not lines or p.getparent() is None:
            continue
        codes = [_CODE.match(line) for line in lines]
        if not codes[0]:
            continue
        language = _highlight_language(codes[0])
        if language is not None:
            # A blank line inside the block is the code's own (the Markdown reader keeps a
            # whole block as one paragraph).
            lines = _block_lines(p)
            codes = [_CODE.match(line) for line in lines]
            for extra in _rest_of_block(p, codes):
                lines += ["", *_all_lines(extra)]
                remove(extra)
            _to_code_block(ctx, p, language, lines)
        elif all(codes):
            _replace(ctx, p, [(line, code) for line, code in zip(lines, codes, strict=True)])


def _text_lines(p: Element) -> list[str]:
    """The paragraph's lines, if it is plain text (line breaks allowed); else []."""
    if any(tag(child) not in ("br", "") for child in p):
        return []
    parts = [p.text or ""] + [child.tail or "" for child in p]
    return [line.strip() for line in "\n".join(parts).splitlines() if line.strip()]


def _block_lines(p: Element) -> list[str]:
    """The lines of a plain-text paragraph, blank ones inside it included."""
    parts = [p.text or ""] + [child.tail or "" for child in p]
    return [line.rstrip() for line in "\n".join(parts).strip("\n").splitlines()]


def _body(code: re.Match[str]) -> str:
    return next(g for g in code.group("hashnode", "liquid", "hugo", "hugo2") if g is not None)


def _all_lines(p: Element) -> list[str]:
    return [line.rstrip() for line in p.text_content().strip("\n").splitlines()]


def _is_closer(line: str) -> bool:
    code = _CODE.match(line)
    return code is not None and _first_word(code) in ("endhighlight", "/highlight")


def _rest_of_block(p: Element, codes: list[re.Match[str] | None]) -> list[Element]:
    """The paragraphs a highlight block was split into at its blank lines, up to its closing
    code; none if it closes in its first paragraph or never closes."""
    if any(code and _first_word(code) in ("endhighlight", "/highlight") for code in codes):
        return []
    found = []
    for sibling in p.itersiblings():
        if tag(sibling) != "p" or len(found) >= _MAX_BLOCK_PARAGRAPHS:
            return []
        found.append(sibling)
        if any(_is_closer(line.strip()) for line in _all_lines(sibling)):
            return found
    return []


def _first_word(code: re.Match[str]) -> str:
    found = _body(code).split()
    return found[0] if found else ""


def _highlight_language(code: re.Match[str]) -> str | None:
    """The language of a Jekyll ``{% highlight go %}`` or Hugo ``{{< highlight go >}}``."""
    if code.group("hashnode") is not None:
        return None
    found = _HIGHLIGHT_OPEN.match(_body(code))
    return found.group("language") if found else None


def _to_code_block(ctx: RuleContext, p: Element, language: str, lines: list[str]) -> None:
    """``{% highlight LANG %}`` … ``{% endhighlight %}`` as the code block it stands for.

    The lines are taken from the source when they can be found there, so the code keeps its
    indentation; the paragraph's text has lost it.
    """
    kept: list[str] = []
    for line in lines[1:]:
        code = _CODE.match(line)
        if code and code.group("hashnode") is None and _first_word(code) in _WRAPPERS:
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    if not kept:
        ctx.remove(p, note="an empty highlight block")
        return
    pre = new_element("pre")
    code_el = new_element("code")
    if language:
        code_el.set("class", f"language-{language}")
    code_el.text = "\n".join(_source_lines(ctx.source, lines[0], kept))
    pre.append(code_el)
    pre.tail = p.tail
    p.getparent().replace(p, pre)
    for line in lines:
        if line and line not in kept:
            ctx.record("removed", line, note="highlight block set as code")


def _source_lines(source: str, first: str, lines: list[str]) -> list[str]:
    """``lines`` as the source writes them (with their indentation), found in order after the
    line ``first``; a line not found there is kept as the paragraph gave it.

    A block in a list item or a quotation loses what its opening line has before the code
    (the item's indentation, the ``>``), as the reader took it off.
    """
    written = source.splitlines()
    opener = _opener(written, first, next((line for line in lines if line.strip()), ""))
    cursor = 0 if opener is None else opener + 1
    prefix = ""
    if opener is not None:
        prefix = written[opener][: len(written[opener]) - len(_QUOTED.sub("", written[opener]))]
        prefix += written[opener][len(prefix) :][: _indent(written[opener][len(prefix) :])]
    found = []
    for line in lines:
        match = next(
            (
                n
                for n in range(cursor, len(written))
                if line and unprefixed(written[n], prefix).strip() == line.strip()
            ),
            None,
        )
        if match is None:
            found.append(line)
        else:
            found.append(unprefixed(written[match], prefix).rstrip())
            cursor = match + 1
    return found


def _opener(written: list[str], first: str, code: str) -> int | None:
    """The source line that opens the block: of the lines written as ``first``, the first
    whose next written line is the block's first line of code (a post opens several blocks
    with the same ``{% highlight bash %}``), else the first of them."""
    openers = [n for n, line in enumerate(written) if _bare(line) == first.strip()]
    for n in openers:
        following = next((line for line in written[n + 1 :] if line.strip()), "")
        if _bare(following) == code.strip():
            return n
    return openers[0] if openers else None


def _bare(line: str) -> str:
    return _QUOTED.sub("", line).strip()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _replace(ctx: RuleContext, p: Element, found: list[tuple[str, re.Match[str]]]) -> None:
    replacements: list[Element] = []
    for line, code in found:
        made = _replacement(ctx, line, code)
        if made is None:
            ctx.record("removed", line, note="template code")
        else:
            replacements.append(made)
    if not replacements:
        remove(p)
        return
    parent = p.getparent()
    index = parent.index(p)
    replacements[-1].tail = p.tail
    parent.remove(p)
    for offset, element in enumerate(replacements):
        parent.insert(index + offset, element)


def _replacement(ctx: RuleContext, line: str, code: re.Match[str]) -> Element | None:
    body = unescape(_body(code)).translate(_QUOTES)
    if code.group("hashnode") is not None:
        url = body
        kind = "video" if _is_video_url(url) else "frame"
    else:
        words = _split(body)
        if not words:
            return None
        name = words[0].lower()
        args = _arguments(words[1:])
        if name == "figure" and args.get("src"):
            return _figure(ctx, line, args)
        url = _address(name, words[1:], args)
        if url is None:
            return None
        kind = "video" if name in _VIDEO or _is_video_url(url) else "frame"
    embed = Embed(kind, "", url)
    text = embed.line(ctx.language)
    ctx.record("changed", line, note=f"embed code kept as a link: {text}")
    p = new_element("p")
    p.text = text[: -len(url)]
    link = new_element("a")
    link.set("href", url)
    link.text = url
    p.append(link)
    return p


def _split(body: str) -> list[str]:
    try:
        return shlex.split(body)
    except ValueError:
        return body.split()


def _arguments(words: list[str]) -> dict[str, str]:
    named = {}
    for word in words:
        key, equals, value = word.partition("=")
        if equals:
            named[key.lower()] = value.strip("\"'")
    return named


def _address(name: str, positional: list[str], args: dict[str, str]) -> str | None:
    """The address a code shows, from its URL or from the IDs Liquid and Hugo codes take."""
    for word in positional:
        found = _URL.search(word)
        if found:
            return found.group(0)
    plain = [w.strip("\"'") for w in positional if "=" not in w]
    ident = args.get("id") or (plain[0] if plain else "")
    if name in ("youtube", "youtubeembed") and re.fullmatch(r"[\w-]{6,}", ident):
        return f"https://www.youtube.com/watch?v={ident}"
    if name == "vimeo" and ident.isdigit():
        return f"https://vimeo.com/{ident}"
    if name in _TWEET and ident.isdigit():
        user = args.get("user") or args.get("username") or "i/web"
        host = "x.com" if name == "x" else "twitter.com"
        return f"https://{host}/{user}/status/{ident}"
    if name == "gist":
        if len(plain) >= 2:
            return f"https://gist.github.com/{plain[0]}/{plain[1]}"
        if plain:
            return f"https://gist.github.com/{plain[0]}"
    if name == "github" and plain and "/" in plain[0]:
        return f"https://github.com/{plain[0]}"
    return None


def _is_video_url(url: str) -> bool:
    return bool(re.search(r"//(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/", url))


def _figure(ctx: RuleContext, line: str, args: dict[str, str]) -> Element:
    figure = new_element("figure")
    img = new_element("img")
    img.set("src", args["src"])
    img.set("alt", args.get("alt") or args.get("caption") or args.get("title") or "")
    figure.append(img)
    caption = args.get("caption") or args.get("title")
    if caption:
        figcaption = new_element("figcaption")
        figcaption.text = caption
        figure.append(figcaption)
    ctx.record("changed", line, note="Hugo figure code set as a figure")
    return figure
