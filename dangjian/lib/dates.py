"""Sensible bounds for the dates people type (pure: no ORM, ``today`` passed in).

A form that accepts any date stores year 1 as easily as last Tuesday; these rules say what a
date of each kind may be. Messages are short so they read next to a field or a column
("日期早于 1921-07-01").
"""
from datetime import date

from django.utils.translation import gettext as _

PARTY_FOUNDED = date(1921, 7, 1)     # no record, join, term or transfer predates the party
EARLIEST_BIRTH = date(1900, 1, 1)
PLAN_YEARS_AHEAD = 5                 # plans, courses and bookings: at most this far ahead
LATEST_ANY = date(2100, 12, 31)      # the net under every date field of every form
EARLIEST_ANY = EARLIEST_BIRTH


def _iso(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def years_ahead(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:                # 29 February
        return today.replace(year=today.year + years, day=28)


def bounds_error(value: date, *, earliest: date, latest: date) -> str | None:
    """A Chinese message when ``value`` lies outside [earliest, latest], else None."""
    if value < earliest:
        return _("日期早于 %(d)s") % {"d": _iso(earliest)}
    if value > latest:
        return _("日期晚于 %(d)s") % {"d": _iso(latest)}
    return None


def past_date_error(value: date, *, today: date, earliest: date = PARTY_FOUNDED) -> str | None:
    """A date that has happened: a record, a join, a transfer. Not before ``earliest``, not after today."""
    if value > today:
        return _("日期晚于今天")
    return bounds_error(value, earliest=earliest, latest=today)


def birth_date_error(value: date, *, today: date) -> str | None:
    return past_date_error(value, today=today, earliest=EARLIEST_BIRTH)


def planned_date_error(value: date, *, today: date, earliest: date = PARTY_FOUNDED) -> str | None:
    """A date of a plan, a course or a booking: may be ahead, at most PLAN_YEARS_AHEAD years."""
    return bounds_error(value, earliest=earliest, latest=years_ahead(today, PLAN_YEARS_AHEAD))


def any_date_error(value: date) -> str | None:
    """The net under every date field: 1900 to 2100."""
    return bounds_error(value, earliest=EARLIEST_ANY, latest=LATEST_ANY)
