"""Start and end of a measure, given as a quarter ("Q3 2027") or as a date."""

import re
from datetime import date, timedelta

QUARTER = re.compile(r"^\s*(?:q([1-4])\s*[/ -]?\s*(\d{4})|(\d{4})\s*[/ -]?\s*q([1-4]))\s*$", re.I)


def parse_quarter(text: str) -> tuple[int, int] | None:
    """(year, quarter) for "Q3 2027", "2027-Q3", "q3/2027" and the like; None otherwise."""
    match = QUARTER.match(text)
    if not match:
        return None
    if match.group(1):
        return int(match.group(2)), int(match.group(1))
    return int(match.group(3)), int(match.group(4))


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    following = quarter_start(year + quarter // 4, quarter % 4 + 1)
    return following - timedelta(days=1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(day: date) -> str:
    year, quarter = quarter_of(day)
    return f"Q{quarter} {year}"


def quarters_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every quarter from the one holding `first` to the one holding `last`."""
    year, quarter = quarter_of(first)
    end = quarter_of(last)
    found = []
    while (year, quarter) <= end:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found
