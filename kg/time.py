"""Partial ISO dates (``1993``, ``1993-01``, ``1993-01-20``) and validity on a day.

A partial start means the first day of its period, a partial end the last
day; both ends are inclusive and an empty end means "still true".

>>> first_day("1993-02"), last_day("1993-02")
(datetime.date(1993, 2, 1), datetime.date(1993, 2, 28))
>>> valid_on("1993", "1993-06", date(1993, 6, 30))
True
>>> valid_on("1993", "1993-06", date(1993, 7, 1))
False
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# ASCII digits only: Python's \d also matches Arabic-Indic and full-width digits.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def check(text: str) -> str:
    """Return ``text`` if it is a valid partial date, else raise ValueError saying why."""
    m = _PARTIAL.fullmatch(text)
    if not m:
        hint = ""
        if text.isascii() and text.isdigit() and len(text) == 5:  # 34135: what a spreadsheet stores for 1993-06-15
            serial = date(1899, 12, 30) + timedelta(days=int(text))
            hint = (f"; it looks like a spreadsheet's day number ({serial.isoformat()} in Excel's count): format "
                    "the cell as a date, or write the date")
        elif (timed := re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?", text)):
            # (a workbook's date cell that holds a time too: an analyst found the time unnamed as the problem)
            hint = f"; it holds a time of day: write the day alone ({timed.group(1)}), or format the cell as a date"
        raise ValueError(f'"{text}" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD '
                         f"(digits 0-9){hint}")
    year, month, day = (int(g) if g else None for g in m.groups())
    if year == 0:
        raise ValueError(f'"{text}" is in year 0, which no calendar has; years run from 0001 to 9999')
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f'"{text}" has no month {month:02d}')
    if day is not None:
        assert month is not None and year is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f'"{text}" is not a day: {calendar.month_name[month]} {year} has {last} days')
    return text


@lru_cache(maxsize=65_536)
def first_day(text: str) -> date:
    """The first day a partial date can mean."""
    m = _PARTIAL.fullmatch(check(text))
    assert m
    y, mo, d = m.groups()
    return date(int(y), int(mo or 1), int(d or 1))


@lru_cache(maxsize=65_536)
def last_day(text: str) -> date:
    """The last day a partial date can mean."""
    m = _PARTIAL.fullmatch(check(text))
    assert m
    y, mo, d = m.groups()
    year, month = int(y), int(mo or 12)
    return date(year, month, int(d) if d else calendar.monthrange(year, month)[1])


def parse_day(text: str) -> date:
    """A day given on the command line; a partial date means its first day."""
    return first_day(text.strip())


def valid_on(start: str | None, end: str | None, day: date) -> bool:
    """Whether a record dated ``start``..``end`` (inclusive, partial, open-ended) holds on ``day``."""
    if start and first_day(start) > day:
        return False
    if end and last_day(end) < day:
        return False
    return True


def today() -> date:
    """The day a question without ``--as-of`` is asked about."""
    return date.today()


def closing_end(start: str | None, end: str | None, ends: Iterable[tuple[T, str]]) -> tuple[T, str] | None:
    """Of ``(who, end)`` pairs, the end of those a record names (a death, a dissolution) that closes it: the
    earliest, when before the record's own end (or it gives none); None if none is, or if the record begins after
    it (it never held). An end that is no date is passed over.

    >>> closing_end("1990", None, [("a", "2013-03-05"), ("b", "2001")]), closing_end("1990", "1999", [("a", "2013")])
    (('b', '2001'), None)
    >>> closing_end("2005", None, [("a", "2001")])
    """
    best: tuple[T, str] | None = None
    best_day: date | None = None
    for who, when in ends:
        try:
            day = last_day(when)
        except ValueError:
            continue
        if best_day is None or day < best_day:
            best, best_day = (who, when), day
    if best_day is None or (end and last_day(end) <= best_day) or (start and first_day(start) > best_day):
        return None
    return best


def participation_start(own: str | None, event: str | None) -> str | None:
    """When a participation begins to hold: the later of its own start and its event's (one given as
    beginning before its event met nobody before the event began).

    >>> participation_start("1990-01-01", "1993-05-01"), participation_start("1993-05-02", "1993-05"), \
participation_start(None, "1993")
    ('1993-05-01', '1993-05-02', '1993')
    """
    if not own or not event:
        return own or event
    return own if first_day(own) >= first_day(event) else event
