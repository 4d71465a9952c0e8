import datetime

import pytest

from chip_export_news.annotate.dates import DateError, parse_edtf, resolve

MONDAY = parse_edtf("2025-02-03")
JULY = parse_edtf("2025-07")


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize("expression, anchor, value", [
    ("am Freitag", MONDAY, "2025-01-31"),
    ("Montag", MONDAY, "2025-02-03"),
    ("am Sonntag", MONDAY, "2025-02-02"),
    ("Anfang der Woche", parse_edtf("2025-01-31"), "2025-01-27/2025-02-02"),
    ("letzte Woche", MONDAY, "2025-01-27/2025-02-02"),
    ("diese Woche", MONDAY, "2025-02-03/2025-02-09"),
    ("diese Woche", JULY, "2025-07"),
    ("Mitte April", JULY, "2025-04"),
    ("Anfang Juni", JULY, "2025-06"),
    ("Ende Mai", JULY, "2025-05"),
    ("im Mai", JULY, "2025-05"),
    ("Im April", JULY, "2025-04"),
    ("seit April", JULY, "2025-04"),
    ("bereits im Juli", parse_edtf("2025-05"), "2025-07"),
    ("im Dezember", parse_edtf("2025-01"), "2024-12"),
    ("im Januar", parse_edtf("2024-12"), "2025-01"),
    ("in diesem Jahr", JULY, "2025"),
    ("im vergangenen Jahr", JULY, "2024"),
    ("bis zum nächsten Jahr", parse_edtf("2025-08"), "2026"),
    ("Anfang des Jahres", JULY, "2025"),
    ("in den ersten neun Monaten des vergangenen Jahres", MONDAY, "2024-01/2024-09"),
    ("in den ersten drei Monaten des Jahres", MONDAY, "2025-01/2025-03"),
    ("derzeit", JULY, "2025-07"),
    ("Am selben Tag", parse_edtf("2025-01-31"), "2025-01-31"),
    ("einige Wochen später", parse_edtf("2025-04"), "2025-04/2025-07"),
])
def test_german_relative_expressions(expression, anchor, value):
    assert resolve(expression, anchor).value == value


def test_intervals_and_precision():
    april = parse_edtf("2025-04")
    assert (april.precision, april.start, april.end) == ("month", d("2025-04-01"), d("2025-04-30"))
    year = parse_edtf("2024")
    assert (year.precision, year.start, year.end) == ("year", d("2024-01-01"), d("2024-12-31"))
    span = parse_edtf("2024-01/2024-09")
    assert (span.precision, span.start, span.end) == ("month", d("2024-01-01"), d("2024-09-30"))
    assert parse_edtf("2024-02").end == d("2024-02-29")


@pytest.mark.parametrize("bad", ["2025-13-45", "2025-13", "2025-02-30", "25-01-01", "2025/01/31", "2025-04/2025-03"])
def test_malformed_or_impossible_dates_are_refused(bad):
    with pytest.raises(DateError):
        parse_edtf(bad)


def test_weekday_needs_a_day_anchor():
    with pytest.raises(DateError, match="known to the day"):
        resolve("am Freitag", JULY)


def test_unknown_expression_is_refused_with_the_known_forms():
    with pytest.raises(DateError, match="known forms"):
        resolve("neulich", JULY)


# Every synonym of every rule, each written out with the date it must give (a dropped synonym
# fails here): anchors are Monday 3 February 2025 and July 2025.
_EVERY_SYNONYM = [
    *[(f"am {name}", MONDAY, value) for name, value in [
        ("Montag", "2025-02-03"), ("Dienstag", "2025-01-28"), ("Mittwoch", "2025-01-29"),
        ("Donnerstag", "2025-01-30"), ("Freitag", "2025-01-31"), ("Samstag", "2025-02-01"),
        ("Sonntag", "2025-02-02")]],
    *[(f"{qualifier}{name}", JULY, value) for qualifier in ("", "im ", "Anfang ", "Mitte ", "Ende ")
      for name, value in [
          ("Januar", "2025-01"), ("Februar", "2025-02"), ("März", "2025-03"), ("April", "2025-04"),
          ("Mai", "2025-05"), ("Juni", "2025-06"), ("Juli", "2025-07"), ("August", "2025-08"),
          ("September", "2025-09"), ("Oktober", "2025-10"), ("November", "2025-11"), ("Dezember", "2025-12")]],
    ("diese Woche", MONDAY, "2025-02-03/2025-02-09"),
    ("letzte Woche", MONDAY, "2025-01-27/2025-02-02"),
    ("vergangene Woche", MONDAY, "2025-01-27/2025-02-02"),
    ("vorige Woche", MONDAY, "2025-01-27/2025-02-02"),
    ("Anfang der Woche", MONDAY, "2025-02-03/2025-02-09"),
    ("Mitte der Woche", MONDAY, "2025-02-03/2025-02-09"),
    ("Ende der Woche", MONDAY, "2025-02-03/2025-02-09"),
    *[(expression, MONDAY, "2025-02-03") for expression in
      ("am selben Tag", "am gleichen Tag", "heute", "derzeit", "aktuell", "zurzeit")],
    *[(f"im {which} {noun}", JULY, value) for noun in ("Jahr", "Jahres") for which, value in [
        ("diesem", "2025"), ("dieses", "2025"), ("laufenden", "2025"), ("vergangenen", "2024"),
        ("letzten", "2024"), ("vorigen", "2024"), ("nächsten", "2026"), ("kommenden", "2026")]],
    *[(expression, JULY, "2025") for expression in (
        "Anfang des Jahres", "Mitte des Jahres", "Ende des Jahres", "Anfang dieses Jahres",
        "Mitte dieses Jahres", "Ende dieses Jahres", "zu Jahresbeginn", "Jahresanfang")],
    *[(f"in den ersten {count} Monaten des Jahres", MONDAY, f"2025-01/2025-{number:02d}") for count, number in [
        ("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("sechs", 6), ("sieben", 7), ("acht", 8),
        ("neun", 9), ("zehn", 10), ("elf", 11), ("4", 4)]],
    *[(f"in den ersten drei Monaten des {which} Jahres", MONDAY, value) for which, value in [
        ("vergangenen", "2024-01/2024-03"), ("letzten", "2024-01/2024-03"), ("vorigen", "2024-01/2024-03"),
        ("laufenden", "2025-01/2025-03")]],
    ("in den ersten drei Monaten dieses Jahres", MONDAY, "2025-01/2025-03"),
    *[(f"{words} Wochen später", parse_edtf("2025-04"), "2025-04/2025-07") for words in ("einige", "wenige", "ein paar")],
    *[(f"{filler} Juli", parse_edtf("2025-05"), "2025-07") for filler in (
        "bereits im", "schon im", "erst im", "noch im", "seit", "ab", "bis zum", "bis", "im", "am", "in", "zu")],
]


@pytest.mark.parametrize("expression, anchor, value", _EVERY_SYNONYM)
def test_every_synonym_of_every_rule(expression, anchor, value):
    assert resolve(expression, anchor).value == value
