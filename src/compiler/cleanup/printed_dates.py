"""Dates as blogs print them under a title, in the languages of the corpus, for rules that
must recognise a line made of a date and a name ("Posted on 3 August 2020 by …").

Only the shapes themes print are known: month names (English, French, German, Russian,
full and abbreviated), ISO dates, and day/month/year with dots or slashes.
"""

from __future__ import annotations

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    "|novembre|décembre|decembre|janv|févr|avr|juil|déc"
    "|januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|okt|dez"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
    "|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек"
)
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\.?,?\s+)?"
)
_TIME = (
    r"(?:,?\s*(?:at|um|à|a|в)?\s*\d{1,2}[:h.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|uhr)?"
    r"(?:\s*[a-z]{2,4})?)?"
)
DATE = (
    _WEEKDAY
    + r"(?:"
    + rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    + rf"|\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}(?:\s*г\.?)?"
    + r"|\d{4}-\d{2}-\d{2}"
    + r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    + rf"|(?:{_MONTHS})\s+\d{{4}}"
    + r")"
    + _TIME
)
"""A regular expression (to embed, case-insensitive) matching one printed date."""
