"""EDTF dates at their precision, and German relative date expressions resolved by code.

A month is a month (an interval), not the 1st of it. Relative expressions ("am Freitag",
"Mitte April", "in den ersten neun Monaten des vergangenen Jahres") are resolved against an
anchor (the reporting article's publication date, or another event's date). The unit the
expression names sets the precision: "Mitte April" is April (the qualifier stays in the
expression), "Anfang der Woche" is that week; a result is never more precise than its anchor
allows, and an expression that needs a day ("am Freitag") fails on a coarser anchor.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from ..curated.errors import excerpt

_EDTF = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "dezember"]
WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
COUNTS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
          "zehn": 10, "elf": 11}
# Words that do not change the date: "bereits im Juli" is July, "seit April" starts in April.
FILLER_WORDS = ("bereits", "schon", "erst", "noch", "seit", "ab", "bis zum", "bis", "im", "am", "in", "zu")
_FILLERS = re.compile(rf"^(?:{'|'.join(FILLER_WORDS)})\s+")


@dataclass(frozen=True)
class EdtfDate:
    value: str  # YYYY, YYYY-MM, YYYY-MM-DD, or an interval A/B of those
    precision: str  # day | month | year
    start: datetime.date
    end: datetime.date


def period(date: "EdtfDate | None") -> str:
    """The period a date covers, at its precision, for counting events over time: "2025-04",
    "2025" (a year is a year, never its January), "2022 – 2024", "2025-04 – 2025-06", "undated"."""
    if date is None:
        return "undated"
    fmt = "%Y" if date.precision == "year" else "%Y-%m"
    first, last = f"{date.start:{fmt}}", f"{date.end:{fmt}}"
    return first if first == last else f"{first} – {last}"


class DateError(ValueError):
    """A date or expression that cannot be parsed or resolved; the message says why."""


def parse_edtf(value: str) -> EdtfDate:
    """Parse YYYY, YYYY-MM, YYYY-MM-DD or an interval of two of those (A/B)."""
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = parse_edtf(first), parse_edtf(last)
        if b.end < a.start:
            raise DateError(f"{excerpt(value)}: the interval ends before it starts")
        precision = min(a.precision, b.precision, key=_PRECISION_RANK.get)
        return EdtfDate(value, precision, a.start, b.end)
    match = _EDTF.match(value)
    if not match:
        raise DateError(f"{excerpt(value)} is not an EDTF date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return EdtfDate(value, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if not 1 <= month <= 12:
        raise DateError(f"{excerpt(value)}: month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return EdtfDate(value, "month", datetime.date(year, month, 1), datetime.date(year, month, last))
    if not 1 <= day <= last:
        raise DateError(f"{excerpt(value)}: day {day} does not exist in {year}-{month:02d}")
    date = datetime.date(year, month, day)
    return EdtfDate(value, "day", date, date)


def day(date: datetime.date) -> EdtfDate:
    return parse_edtf(date.isoformat())


def month(year: int, number: int) -> EdtfDate:
    return parse_edtf(f"{year:04d}-{number:02d}")


def year(number: int) -> EdtfDate:
    return parse_edtf(f"{number:04d}")


def interval(first: EdtfDate, last: EdtfDate) -> EdtfDate:
    return first if first == last else parse_edtf(f"{first.value}/{last.value}")


def resolve(expression: str, anchor: EdtfDate) -> EdtfDate:
    """Resolve a German relative expression against `anchor`; raise DateError if it cannot be."""
    text = " ".join(expression.lower().split())
    while _FILLERS.match(text):
        text = _FILLERS.sub("", text, count=1)
    for pattern, rule, _, _ in _RULES:
        found = re.fullmatch(pattern, text)
        if found:
            return rule(anchor, *found.groups())
    raise DateError(f"cannot resolve the expression {excerpt(expression)}; known forms: "
                    + "; ".join(form for _, _, form, _ in _RULES)
                    + " — or give the date as a value with basis inferred")


def _needs_day(anchor: EdtfDate, expression: str) -> datetime.date:
    if anchor.precision != "day" or anchor.start != anchor.end:
        raise DateError(f"{excerpt(expression)} needs an anchor known to the day; the anchor is {anchor.value}")
    return anchor.start


def _weekday(anchor: EdtfDate, name: str) -> EdtfDate:
    """The most recent such weekday on or before the anchor (news reports the past week)."""
    date = _needs_day(anchor, name)
    back = (date.weekday() - WEEKDAYS.index(name)) % 7
    return day(date - datetime.timedelta(days=back))


def _week(anchor: EdtfDate, which: str) -> EdtfDate:
    if anchor.precision != "day" and which in ("diese", "anfang der", "ende der", "mitte der"):
        return anchor  # the week lies within what the anchor says, no more precisely
    date = _needs_day(anchor, f"{which} woche")
    monday = date - datetime.timedelta(days=date.weekday())
    if which in ("letzte", "vergangene", "vorige"):
        monday -= datetime.timedelta(days=7)
    return interval(day(monday), day(monday + datetime.timedelta(days=6)))


def _month_name(anchor: EdtfDate, name: str) -> EdtfDate:
    """The named month nearest the anchor (within six months either side)."""
    number = MONTHS.index(name) + 1
    reference = anchor.start.year * 12 + anchor.start.month - 1
    candidates = [(y, number) for y in (anchor.start.year - 1, anchor.start.year, anchor.start.year + 1)]
    y, m = min(candidates, key=lambda c: abs(c[0] * 12 + c[1] - 1 - reference))
    return month(y, m)


def _relative_year(anchor: EdtfDate, which: str) -> EdtfDate:
    shift = {"diesem": 0, "dieses": 0, "laufenden": 0, "vergangenen": -1, "letzten": -1, "vorigen": -1,
             "nächsten": 1, "kommenden": 1}[which]
    return year(anchor.start.year + shift)


def _first_months(anchor: EdtfDate, count: str, which: str | None) -> EdtfDate:
    target = anchor.start.year + (-1 if which in ("vergangenen", "letzten", "vorigen") else 0)
    return interval(month(target, 1), month(target, COUNTS.get(count) or int(count)))


def _weeks_later(anchor: EdtfDate, _word: str) -> EdtfDate:
    """"einige Wochen später": after the anchor, within the two months that follow it."""
    last = anchor.end + datetime.timedelta(days=62)
    return interval(month(anchor.start.year, anchor.start.month), month(last.year, last.month))


_MONTH = "|".join(MONTHS)
# (pattern, resolver, the form as a curator writes it, what it resolves to): the error message
# and CURATING.md list the forms from here.
_RULES = [
    (rf"({'|'.join(WEEKDAYS)})", _weekday, "(am) Montag … Sonntag",
     "the most recent such weekday on or before the anchor (which must be known to the day)"),
    (rf"(?:anfang|mitte|ende) ({_MONTH})", _month_name, "Anfang|Mitte|Ende <Monat>",
     "that month, nearest the anchor (the qualifier stays in the expression)"),
    (rf"({_MONTH})", _month_name, "(im) <Monat>", "that month, nearest the anchor (within six months either side)"),
    (r"(diese|letzte|vergangene|vorige) woche", _week, "diese|letzte|vergangene|vorige Woche",
     "that week, Monday to Sunday (diese Woche on a coarser anchor: the anchor)"),
    (r"(anfang der|mitte der|ende der) woche", _week, "Anfang|Mitte|Ende der Woche", "the anchor's week"),
    (r"(?:selben|gleichen) tag|heute|derzeit|aktuell|zurzeit", lambda anchor: anchor,
     "am selben|gleichen Tag, heute, derzeit, aktuell, zurzeit", "the anchor itself"),
    (r"(diesem|dieses|laufenden|vergangenen|letzten|vorigen|nächsten|kommenden) jahr(?:es)?", _relative_year,
     "in diesem|im vergangenen|letzten|vorigen|nächsten|kommenden|laufenden Jahr", "that year"),
    (r"(?:anfang|mitte|ende) (?:des|dieses) jahres|jahresbeginn|jahresanfang", lambda anchor: year(anchor.start.year),
     "Anfang|Mitte|Ende des|dieses Jahres, Jahresbeginn, Jahresanfang", "the anchor's year"),
    (rf"den ersten ({'|'.join(COUNTS)}|\d+) monaten (?:des|dieses) ?(vergangenen|letzten|vorigen|laufenden)? jahres",
     _first_months, "in den ersten <n> Monaten des (vergangenen) Jahres",
     "January to the n-th month of that year (n as a digit or zwei … elf)"),
    (r"(einige|wenige|ein paar) wochen später", _weeks_later, "einige|wenige|ein paar Wochen später",
     "from the anchor's month to the month two months after it"),
]
KNOWN_FORMS = [(form, meaning) for _, _, form, meaning in _RULES]
