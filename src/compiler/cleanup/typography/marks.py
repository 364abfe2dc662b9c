"""The typographic conventions of each language the compiler sets.

Keyed by BCP 47 primary subtag. A language not listed gets only what is the same everywhere
(apostrophes, ellipses): its quotation marks and dashes stay as the author typed them rather
than being set in another language's style.
"""

from __future__ import annotations

from dataclasses import dataclass

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space (French "espace fine insécable")
APOSTROPHE = "’"
CLOSED_UP = ",.;:!?)"


@dataclass(frozen=True)
class Marks:
    # Opening and closing double quotes, then single (inner) quotes, spaces included.
    quotes: tuple[str, str, str, str] | None
    # What a dash typed as "--" or " - " becomes between two words; None leaves it.
    dash: str | None
    # Spaced-dash languages keep a dash off the start of a line: no-break space before it.
    spaced_dash: bool = False
    # French: narrow no-break space inside « » and before ; ! ?, no-break space before :.
    french_spacing: bool = False
    # English elisions ('tis, rock 'n' roll) that start with an apostrophe, not a quote.
    english_elisions: bool = False
    # Marks no space may stand before: a comma, full stop or closing parenthesis in every
    # language; ; : ! ? too where the language does not space them (French does).
    closed_up: str = ",.)"


LANGUAGES: dict[str, Marks] = {
    # Chicago/Oxford house style: curly quotes, closed-up em dash.
    "en": Marks(("“", "”", "‘", "’"), "—", english_elisions=True, closed_up=CLOSED_UP),
    # Imprimerie nationale: guillemets with fine spaces; spaced en dash for incises.
    "fr": Marks(
        ("«" + NNBSP, NNBSP + "»", "“", "”"), NBSP + "– ", spaced_dash=True, french_spacing=True
    ),
    # Duden: „…“ and ‚…‘; spaced en dash (Gedankenstrich).
    "de": Marks(("„", "“", "‚", "‘"), NBSP + "– ", spaced_dash=True, closed_up=CLOSED_UP),
    # Russian: «…» with „…“ inside; spaced em dash (тире).
    "ru": Marks(("«", "»", "„", "“"), NBSP + "— ", spaced_dash=True, closed_up=CLOSED_UP),
}
OTHER = Marks(None, None)


def marks_for(language: str) -> Marks:
    return LANGUAGES.get(language.split("-")[0].lower(), OTHER)
