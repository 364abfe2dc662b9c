"""The built-in cleanup rules, one module each; importing this package registers them all."""

from . import (  # noqa: F401
    blank_lines,
    byline,
    captions,
    dead_links,
    drop,
    emphasis,
    paragraphs,
    signature,
    site_header,
    trailing_ads,
    typography,
)
