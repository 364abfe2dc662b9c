"""The few words the compiler itself prints in a book, in the book's language.

Dates in provenance lines and labels such as "Contents" must follow the volume's language:
an anthology in French says « Table des matières », not "Contents". English is the fallback
for languages not listed here.

A date is printed with no more than is known of it ("1911", "March 1911"), and the labels
that put a date in a sentence ("First published {date}") take it with the preposition the
language wants for that precision: « le 3 août 2011 » but « en mars 1911 », "am 3. März" but
"im März 1911", «в марте 1911 г.». See :func:`dated`.
"""

from __future__ import annotations

import datetime as dt
import re

from ..machinery.partial_dates import precision

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}

# Russian names a month without a day in the nominative ("март 1911 г.") and after "в" in the
# prepositional ("в марте 1911 г."); the table above is the genitive of "3 марта".
_MONTHS_ALONE = {
    "ru": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
}
_MONTHS_AFTER_IN = {
    "ru": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
}

# The date in a sentence, by how much of it is known; a language not listed takes it bare.
_DATED = {
    "fr": {"day": "le {date}", "month": "en {date}", "year": "en {date}"},
    "de": {"day": "am {date}", "month": "im {date}", "year": "{date}"},
    "ru": {"day": "{date}", "month": "в {date}", "year": "в {date}"},
}

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "see_page": "(see p.\u00a0{page})",
        "links": "Links",
        "contents": "Contents",
        "offprint_from": "From",
        "proof": "Proof",
        "pages": "Pages",
        "part": "Part",
        "notes": "Notes",
        "back": "Back to text",
        "first_published": "First published {date} at {site}",
        "first_published_date": "First published {date}",
        "first_published_site": "First published at {site}",
        "all_rights": "All rights reserved.",
        "published_by": "Published by {publisher}",
        "edition_date": "This edition published {date}",
        "isbn_print": "ISBN {isbn} (paperback)",
        "isbn_epub": "ISBN {isbn} (ebook)",
        "title_page": "Title page",
        "copyright": "Copyright",
        "start": "Start of text",
        "cover": "Cover",
        "half_title": "Half title",
        "dedication": "Dedication",
        "epigraph": "Epigraph",
        "foreword": "Foreword",
        "preface": "Preface",
        "introduction": "Introduction",
        "afterword": "Afterword",
        "acknowledgements": "Acknowledgements",
        "about_author": "About the Author",
        "about_authors": "About the Authors",
        "also_by": "Also by {author}",
        "also_in_series": "Also in this series",
        "series_volume": "Volume {number}",
        "colophon": "Colophon",
        "index": "Index",
        "see": "See",
        "see_also": "See also",
        "index_continued": "continued",
        "licensed": "Published under the {license}.",
        "credits_range": "The essays in this book were first published between {first} and "
        "{last}; the opening page of each names where and when.",
        "credits_year": "The essays in this book were first published in {year}; the opening "
        "page of each names where and when.",
        "credits_undated": "The opening page of each essay names where it was first published.",
    },
    "fr": {
        "see_page": "(voir p.\u00a0{page})",
        "links": "Liens",
        "contents": "Table des matières",
        "offprint_from": "Extrait de",
        "proof": "Épreuve",
        "pages": "Pages",
        "part": "Partie",
        "notes": "Notes",
        "back": "Retour au texte",
        "first_published": "Première publication {date} sur {site}",
        "first_published_date": "Première publication {date}",
        "first_published_site": "Première publication sur {site}",
        "all_rights": "Tous droits réservés.",
        "published_by": "Publié par {publisher}",
        "edition_date": "Cette édition publiée {date}",
        "isbn_print": "ISBN {isbn} (broché)",
        "isbn_epub": "ISBN {isbn} (livre numérique)",
        "title_page": "Page de titre",
        "copyright": "Droits d’auteur",
        "start": "Début du texte",
        "cover": "Couverture",
        "half_title": "Faux-titre",
        "dedication": "Dédicace",
        "epigraph": "Épigraphe",
        "foreword": "Avant-propos",
        "preface": "Préface",
        "introduction": "Introduction",
        "afterword": "Postface",
        "acknowledgements": "Remerciements",
        "about_author": "À propos de l’auteur",
        "about_authors": "À propos des auteurs",
        "also_by": "Du même auteur",
        "also_in_series": "Dans la même collection",
        "series_volume": "Volume {number}",
        "colophon": "Achevé d’imprimer",
        "index": "Index",
        "see": "Voir",
        "see_also": "Voir aussi",
        "index_continued": "suite",
        "licensed": "Publié sous licence {license}.",
    },
    "de": {
        "see_page": "(siehe S.\u00a0{page})",
        "links": "Links",
        "contents": "Inhalt",
        "offprint_from": "Aus",
        "proof": "Korrekturabzug",
        "pages": "Seiten",
        "part": "Teil",
        "notes": "Anmerkungen",
        "back": "Zurück zum Text",
        "first_published": "Erstveröffentlichung {date} auf {site}",
        "first_published_date": "Erstveröffentlichung {date}",
        "first_published_site": "Erstveröffentlichung auf {site}",
        "all_rights": "Alle Rechte vorbehalten.",
        "published_by": "Verlag: {publisher}",
        "edition_date": "Diese Ausgabe erschien {date}",
        "isbn_print": "ISBN {isbn} (Taschenbuch)",
        "isbn_epub": "ISBN {isbn} (E-Book)",
        "title_page": "Titelseite",
        "copyright": "Impressum",
        "start": "Textbeginn",
        "cover": "Umschlag",
        "half_title": "Schmutztitel",
        "dedication": "Widmung",
        "epigraph": "Motto",
        "foreword": "Geleitwort",
        "preface": "Vorwort",
        "introduction": "Einleitung",
        "afterword": "Nachwort",
        "acknowledgements": "Danksagung",
        "about_author": "Über den Autor",
        "about_authors": "Über die Autoren",
        "also_by": "Von {author} sind außerdem erschienen",
        "also_in_series": "In dieser Reihe sind außerdem erschienen",
        "series_volume": "Band {number}",
        "colophon": "Kolophon",
        "index": "Register",
        "see": "Siehe",
        "see_also": "Siehe auch",
        "index_continued": "Fortsetzung",
        "licensed": "Veröffentlicht unter der Lizenz {license}.",
    },
    "ru": {
        "see_page": "(см. с.\u00a0{page})",
        "links": "Ссылки",
        "contents": "Содержание",
        "offprint_from": "Из книги",
        "proof": "Корректура",
        "pages": "Страницы",
        "part": "Часть",
        "notes": "Примечания",
        "back": "Назад к тексту",
        "first_published": "Впервые опубликовано {date} на {site}",
        "first_published_date": "Впервые опубликовано {date}",
        "first_published_site": "Впервые опубликовано на {site}",
        "all_rights": "Все права защищены.",
        "published_by": "Издатель: {publisher}",
        "edition_date": "Настоящее издание опубликовано {date}",
        "isbn_print": "ISBN {isbn} (печатное издание)",
        "isbn_epub": "ISBN {isbn} (электронная книга)",
        "title_page": "Титульный лист",
        "copyright": "Выходные данные",
        "start": "Начало текста",
        "cover": "Обложка",
        "half_title": "Шмуцтитул",
        "dedication": "Посвящение",
        "epigraph": "Эпиграф",
        "foreword": "Предисловие",
        "preface": "От автора",
        "introduction": "Введение",
        "afterword": "Послесловие",
        "acknowledgements": "Благодарности",
        "about_author": "Об авторе",
        "about_authors": "Об авторах",
        "also_by": "Другие книги автора",
        "also_in_series": "Другие книги серии",
        "series_volume": "Том {number}",
        "colophon": "Выходные сведения",
        "index": "Указатель",
        "see": "См.",
        "see_also": "См. также",
        "index_continued": "продолжение",
        "licensed": "Распространяется по лицензии {license}.",
    },
}


def _primary(language: str) -> str:
    return language.split("-", 1)[0].lower()


def label(language: str, key: str, **values: object) -> str:
    """A label in the book's language, English where no translation exists."""
    table = _LABELS.get(_primary(language), _LABELS["en"])
    text = table.get(key, _LABELS["en"][key])
    return text.format(**values) if values else text


_MONTH_NAMES = "|".join(
    " ".join([*_MONTHS.values(), *_MONTHS_ALONE.values(), *_MONTHS_AFTER_IN.values()]).split()
)
_DATE = re.compile(r"\b(?:(\d{1,2}\.?) )?(" + _MONTH_NAMES + r") (\d{4})(?: (г\.))?")
_RUSSIAN_YEAR = re.compile(r"\b(\d{4}) (г\.)")


def unbreakable_dates(text: str) -> str:
    """Long dates ("29 January 1788", "March 1911") in ``text`` joined by no-break spaces.

    A date broken over two lines ("29 / January 1788") reads badly on a printed page.
    """
    text = _DATE.sub(lambda m: "\u00a0".join(part for part in m.groups() if part), text)
    return _RUSSIAN_YEAR.sub("\\1\u00a0\\2", text)


def format_date(date: dt.date, language: str) -> str:
    """A date as a reader of that language writes it, with no more than is known of it:
    "31 August 2020", "31 août 2020", "März 1911", "1911"."""
    return _format(date, language, _MONTHS_ALONE)


def dated(date: dt.date, language: str) -> str:
    """The date as it follows "First published": "le 3 août 2011" but "en mars 1911"."""
    lang = _primary(language)
    kind = precision(date)
    text = _format(date, language, _MONTHS_AFTER_IN if kind == "month" else {})
    return _DATED.get(lang, {}).get(kind, "{date}").format(date=text)


def _format(date: dt.date, language: str, month_names: dict[str, str]) -> str:
    lang = _primary(language)
    suffix = " г." if lang == "ru" else ""
    kind = precision(date)
    if kind == "year":
        return f"{date.year}{suffix}"
    table = _MONTHS if kind == "day" else {**_MONTHS, **month_names}
    month = table.get(lang, _MONTHS["en"]).split()[date.month - 1]
    if kind == "month":
        return f"{month} {date.year}{suffix}"
    day = f"{date.day}." if lang == "de" else str(date.day)
    return f"{day} {month} {date.year}{suffix}"
