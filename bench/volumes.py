"""Benchmark volumes: N essays drawn in turn from the test corpus, in parts of ten.

Essays repeat once the corpus is used up; each copy is its own file, so a cache can tell them
apart exactly as it would tell apart the essays of a real anthology.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
PART_SIZE = 10

# A back-of-book index of names and subjects the corpus really holds, common and rare, with
# aliases and sub-entries, as an editor of such a volume would write it (bench/run.py --index).
INDEX = """\
index:
  terms:
    - term: Constitution
      aliases: [constitutions?, constitutional]
      subentries:
        - {term: amendments to, aliases: [amendments?]}
        - {term: ratification of, aliases: [ratif(y|ied|ication)]}
    - term: States
      aliases: [State]
      see_also: [Union]
    - Union
    - term: Senate
      aliases: [senators?]
    - House of Representatives
    - term: Congress
      aliases: [congressional]
    - term: President
      aliases: [presidency, Chief Magistrate]
    - term: executive
      see_also: [President]
    - term: judiciary
      aliases: [judicial, judges?, Supreme Court]
    - term: Great Britain
      aliases: [Britain, British, England, English]
    - Parliament
    - America
    - Pennsylvania
    - Massachusetts
    - Virginia
    - New York
    - Rhode Island
    - Delaware
    - Maryland
    - term: France
      aliases: [French]
    - term: Germany
      aliases: [German]
    - term: Italy
      aliases: [Italian]
    - term: Greece
      aliases: [Greeks?]
    - term: Rome
      aliases: [Roman]
    - term: Venice
      aliases: [Venetian]
    - India
    - Europe
    - term: Wagner, Richard
      aliases: [Wagner]
    - term: Beethoven, Ludwig van
      aliases: [Beethoven]
    - term: Bach, Johann Sebastian
      aliases: [Bach]
    - term: Mozart, Wolfgang Amadeus
      aliases: [Mozart]
    - term: Liszt, Franz
      aliases: [Liszt]
    - Rameau
    - Couperin
    - Lully
    - Scarlatti
    - Plato
    - term: music
      subentries:
        - {term: church, aliases: [church music]}
        - {term: folk, aliases: [folk.songs?]}
    - term: melody
      aliases: [melodies]
    - term: rhythm
      aliases: [rhythms?, rhythmic]
    - term: opera
      aliases: [operas?, operatic]
    - term: Russia
      aliases: [Russian]
    - term: liberty
      aliases: [freedom]
    - term: tyranny
      aliases: [tyrants?]
    - term: Chief Magistrate
      see: President
"""


def corpus_essays() -> list[Path]:
    return sorted(
        p for p in CORPUS.rglob("*.md") if p.name != "SOURCES.md" and p.stat().st_size > 2000
    )


def make_volume(root: Path, essays: int, title: str | None = None, index: bool = False) -> Path:
    """Write a volume folder of ``essays`` articles under ``root``; return its volume.yaml.

    With ``index`` the volume has the back-of-book index of :data:`INDEX`.
    """
    if root.exists():
        shutil.rmtree(root)
    (root / "articles").mkdir(parents=True)
    sources = corpus_essays()
    lines = [
        f"title: {title or f'Collected Essays in {essays} Pieces'}",
        "authors: [James Madison, Alexander Hamilton, Edward MacDowell, The Saker]",
        "language: en",
        "date: 2026-11-01",
        "publisher: Liberty Fund",
        "print: {trim: 6x9in, pod: kdp, paper: cream}",
        *([INDEX.rstrip()] if index else []),
        "contents:",
    ]
    for number in range(essays):
        source = sources[number % len(sources)]
        name = f"{number + 1:03d}-{source.name}"
        shutil.copyfile(source, root / "articles" / name)
        if number % PART_SIZE == 0:
            lines.append(f"  - part: Essays {number + 1} to {min(essays, number + PART_SIZE)}")
            lines.append("    articles:")
        lines.append(f"      - articles/{name}")
    volume = root / "volume.yaml"
    volume.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return volume
