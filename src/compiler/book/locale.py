"""The few words the compiler itself prints in a book, in the book's language.

Dates in provenance lines and labels such as "Contents" must follow the volume's language:
an anthology in French says « Table des matières », not "Contents". English is the fallback
for languages not listed here.
"""

from __future__ import annotations

import datetime as dt
import re

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
        "first_published": "Première publication le {date} sur {site}",
        "first_published_date": "Première publication le {date}",
        "first_published_site": "Première publication sur {site}",
        "all_rights": "Tous droits réservés.",
        "published_by": "Publié par {publisher}",
        "edition_date": "Cette édition publiée le {date}",
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
        "first_published": "Erstveröffentlichung am {date} auf {site}",
        "first_published_date": "Erstveröffentlichung am {date}",
        "first_published_site": "Erstveröffentlichung auf {site}",
        "all_rights": "Alle Rechte vorbehalten.",
        "published_by": "Verlag: {publisher}",
        "edition_date": "Diese Ausgabe erschien am {date}",
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


_MONTH_NAMES = "|".join(" ".join(_MONTHS.values()).split())
_DATE = re.compile(r"\b(\d{1,2}\.?) (" + _MONTH_NAMES + r") (\d{4})(?: (г\.))?")


def unbreakable_dates(text: str) -> str:
    """Long dates ("29 January 1788") in ``text`` joined by no-break spaces.

    A date broken over two lines ("29 / January 1788") reads badly on a printed page.
    """
    return _DATE.sub(lambda m: "\u00a0".join(part for part in m.groups() if part), text)


def format_date(date: dt.date, language: str) -> str:
    """A date as a reader of that language writes it: "31 August 2020", "31 août 2020"."""
    months = _MONTHS.get(_primary(language), _MONTHS["en"]).split()
    suffix = " г." if _primary(language) == "ru" else ""
    day = f"{date.day}." if _primary(language) == "de" else str(date.day)
    return f"{day} {months[date.month - 1]} {date.year}{suffix}"
