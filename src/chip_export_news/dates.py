"""EDTF dates at their precision: a month is a month (an interval), not the 1st of it."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_EDTF = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class EdtfDate:
    value: str
    precision: str  # day | month | year
    start: datetime.date
    end: datetime.date


def parse_edtf(value: str) -> EdtfDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError saying what is wrong."""
    match = _EDTF.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an EDTF date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return EdtfDate(value, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r}: month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return EdtfDate(value, "month", datetime.date(year, month, 1), datetime.date(year, month, last))
    if not 1 <= day <= last:
        raise ValueError(f"{value!r}: day {day} does not exist in {year}-{month:02d}")
    date = datetime.date(year, month, day)
    return EdtfDate(value, "day", date, date)
