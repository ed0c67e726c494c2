"""Plausible people for the demo registry, drawn from a seeded random.Random (no ORM).

Dates of people are relative to a fixed REFERENCE_DATE, so the same seed gives the same
people whatever day the seed runs.
"""
from datetime import date, timedelta
from itertools import accumulate

from . import data

REFERENCE_DATE = date(2026, 1, 1)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_number_valid(value: str) -> bool:
    return (len(value) == 18 and value[:17].isdigit()
            and id_check_digit(value[:17]) == value[17].upper())


def _cumulative(pairs):
    return [p[0] for p in pairs], list(accumulate(p[1] for p in pairs))


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class PersonMaker:
    """Draws names, dates, ID numbers and phones; every draw comes from ``rng``."""

    def __init__(self, rng):
        self.rng = rng
        self.surnames, self.surname_cum = _cumulative(data.SURNAMES)
        self.ethnicities, self.ethnicity_cum = _cumulative(data.ETHNICITIES)
        self.educations, self.education_cum = _cumulative(data.EDUCATIONS)
        self.posts = {k: _cumulative(v) for k, v in data.POSTS.items()}
        self.issued_ids = set()

    def _pick(self, values, cum):
        return self.rng.choices(values, cum_weights=cum)[0]

    def gender(self) -> str:
        return "M" if self.rng.random() < 0.56 else "F"

    def name(self, gender: str) -> str:
        rng = self.rng
        own = data.GIVEN_MALE if gender == "M" else data.GIVEN_FEMALE
        if rng.random() < 0.3:
            given = rng.choice(own)
        else:
            given = rng.choice(own + data.GIVEN_ANY) + rng.choice(own)
        return self._pick(self.surnames, self.surname_cum) + given

    def ethnicity(self) -> str:
        return self._pick(self.ethnicities, self.ethnicity_cum)

    def education(self) -> str:
        return self._pick(self.educations, self.education_cum)

    def post(self, category: int) -> str:
        values, cum = self.posts[category]
        return self._pick(values, cum)

    def full_member_dates(self):
        """(birth, joined, full) for a full member aged 23–60 on the reference date."""
        rng = self.rng
        birth = REFERENCE_DATE - timedelta(days=rng.randint(23 * 365, 60 * 365))
        age_days = (REFERENCE_DATE - birth).days
        earliest = 18 * 365 + 5
        latest = min(age_days - 366 - 1, 45 * 365)
        joined = birth + timedelta(days=rng.randint(earliest, max(earliest, latest)))
        return birth, joined, add_years(joined, 1)

    def probationary_dates(self):
        """(birth, joined) for a probationary member who joined within the last year."""
        rng = self.rng
        birth = REFERENCE_DATE - timedelta(days=rng.randint(22 * 365, 36 * 365))
        joined = REFERENCE_DATE - timedelta(days=rng.randint(1, 360))
        return birth, joined

    def id_number(self, area: str, birth: date, gender: str) -> str:
        """A GB 11643 ID number, unique within this maker; the sequence's parity is the gender."""
        rng = self.rng
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
            value = first17 + id_check_digit(first17)
            if value not in self.issued_ids:
                self.issued_ids.add(value)
                return value

    def phone(self) -> str:
        return f"{self.rng.choice(data.PHONE_PREFIXES)}{self.rng.randrange(10 ** 8):08d}"
