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
    # Abbreviations of a reference ("p.", "No.", "S.") that a no-break space binds to the
    # number after them, so that "p. / 195" never breaks across lines. "§" and "№" are bound
    # in every language.
    references: frozenset[str] = frozenset()
    # Titles before a name that never end a sentence ("Mr. / Fox's India bill").
    honorifics: frozenset[str] = frozenset()


def _references(words: str) -> frozenset[str]:
    """Each abbreviation as written with its full stop ("n°" has none), capitalised too
    ("No. 71", "Vol. 2") unless a single letter, which capitalised is an initial ("Ezra P.")."""
    written = {word if word.endswith("°") else word + "." for word in words.split()}
    capitalised = {word[0].upper() + word[1:] for word in written if len(word.rstrip(".")) > 1}
    return frozenset(written | capitalised)


LANGUAGES: dict[str, Marks] = {
    # Chicago/Oxford house style: curly quotes, closed-up em dash.
    "en": Marks(
        ("“", "”", "‘", "’"),
        "—",
        english_elisions=True,
        closed_up=CLOSED_UP,
        references=_references("p pp vol vols no nos ch chap art sec fig figs n nn op ed l ll"),
        honorifics=frozenset({"Mr.", "Mrs.", "Messrs.", "Ms."}),
    ),
    # Imprimerie nationale: guillemets with fine spaces; spaced en dash for incises.
    "fr": Marks(
        ("«" + NNBSP, NNBSP + "»", "“", "”"),
        NBSP + "– ",
        spaced_dash=True,
        french_spacing=True,
        references=_references("p pp t vol vols no nos n° ch chap art fig éd"),
    ),
    # Duden: „…“ and ‚…‘; spaced en dash (Gedankenstrich).
    "de": Marks(
        ("„", "“", "‚", "‘"),
        NBSP + "– ",
        spaced_dash=True,
        closed_up=CLOSED_UP,
        references=_references("S Bd Bde Nr Abs Art Kap Abb Anm Jg Tl"),
    ),
    # Russian: «…» with „…“ inside; spaced em dash (тире).
    "ru": Marks(
        ("«", "»", "„", "“"),
        NBSP + "— ",
        spaced_dash=True,
        closed_up=CLOSED_UP,
        references=_references("с стр т гл ст рис вып ч"),
    ),
}
OTHER = Marks(None, None)


def marks_for(language: str) -> Marks:
    return LANGUAGES.get(language.split("-")[0].lower(), OTHER)
