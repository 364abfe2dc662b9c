"""Covers: the print cover sheet (back, spine, front), the ebook cover image, the barcode.

- :mod:`~compiler.covers.compose` decides what goes on a volume's covers (the editor's image or
  a typographic one, blurb, author photo, price) and where the interior's page count comes
  from; it keeps the ebook cover in the build cache.
- :mod:`~compiler.covers.draw` draws both covers from that text and the book's metadata: the
  print cover as one PDF sheet whose spine follows the page count, the ebook cover as a JPEG.
- :mod:`~compiler.covers.back` sizes the back cover's blurb for its length and says how far
  it may shrink to fit; ``draw`` lays the back out with those sizes and reads the result back.
- :mod:`~compiler.covers.front` sizes the front's title for its length in each style, measured
  in the book face without a layout.
- :mod:`~compiler.covers.fit` says what to lay out next while fitting a print cover: the
  blurb's size, the spine's line and the front's scale, all answered by the same layout.
- :mod:`~compiler.covers.barcode` draws the ISBN as a vector EAN-13 (with its price add-on).

Covers read the book's metadata, the print settings and the service's rules
(:mod:`compiler.interior.services`); they must not lay out or change the interior, only ask
it for its page count.

Importing this package loads nothing: :mod:`compiler.config` imports ``barcode`` without the
PDF engine.
"""
