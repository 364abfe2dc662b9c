"""The built-in cleanup rules, one module each; importing this package registers them all."""

from . import (  # noqa: F401
    blank_lines,
    byline,
    calls_to_action,
    captions,
    dead_links,
    drop,
    embed_codes,
    emphasis,
    empty_figures,
    paragraphs,
    permalinks,
    post_meta,
    post_navigation,
    pull_quotes,
    repeated_heading,
    signature,
    site_header,
    title_suffix,
    trailing_ads,
    typography,
)
