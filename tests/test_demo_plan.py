"""The pure parts of the demo seed: ID numbers, people, branch sizes, term dates."""
import random
from datetime import date

from dangjian.demo.people import REFERENCE_DATE, PersonMaker, add_years, id_check_digit, id_number_valid
from dangjian.demo.plan import SCALES, branch_sizes, plan_city, split_by_weight, term_for
from dangjian.demo import data
from dangjian.orgs.rules import term_reminder

TODAY = date(2026, 11, 24)


def test_check_digit_matches_the_standard_example():
    # GB 11643-1999's own example: 11010519491231002X
    assert id_check_digit("11010519491231002") == "X"
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")


def test_id_numbers_are_valid_unique_and_encode_birth_and_gender():
    people = PersonMaker(random.Random(1))
    seen = set()
    for _ in range(2000):
        gender = people.gender()
        birth, joined, full = people.full_member_dates()
        value = people.id_number("370102", birth, gender)
        assert id_number_valid(value)
        assert value[6:14] == birth.strftime("%Y%m%d")
        assert int(value[16]) % 2 == (1 if gender == "M" else 0)
        seen.add(value)
    assert len(seen) == 2000


def test_member_dates_are_consistent():
    people = PersonMaker(random.Random(2))
    for _ in range(2000):
        birth, joined, full = people.full_member_dates()
        assert joined.year - birth.year >= 18
        assert full == add_years(joined, 1)
        assert full < REFERENCE_DATE
        birth, joined = people.probationary_dates()
        assert 0 < (REFERENCE_DATE - joined).days < 366
        assert joined.year - birth.year >= 18


def test_names_are_chinese_with_one_or_two_given_characters():
    people = PersonMaker(random.Random(3))
    names = [people.name(people.gender()) for _ in range(500)]
    compound = {s for s, _ in data.SURNAMES if len(s) == 2}
    for name in names:
        surname_len = 2 if name[:2] in compound else 1
        assert 1 <= len(name) - surname_len <= 2
    assert len(set(names)) > 350


def test_split_by_weight_is_exact_and_respects_the_minimum():
    parts = split_by_weight(1022, [3.0, 1.0, 0.2] + [1.0] * 88, 3)
    assert sum(parts) == 1022 and min(parts) >= 3 and parts[0] > parts[1] > parts[2]


def test_branch_sizes_hit_the_total_and_include_the_warning_cases():
    sizes = branch_sizes(random.Random(5), 1035, 25_000)
    assert sum(sizes) == 25_000
    assert min(sizes) >= 2 and max(sizes) <= 60
    assert any(s < 3 for s in sizes) and any(s > 50 for s in sizes)
    small = branch_sizes(random.Random(5), 20, 300)
    assert sum(small) == 300


def test_term_dates_spread_around_today():
    rng = random.Random(6)
    reminders = []
    for _ in range(3000):
        founded, start, end = term_for(rng, "branch", TODAY)
        assert founded <= start <= TODAY
        assert (end - start).days in (3 * 365 - 1, 3 * 366 - 1, 3 * 365)
        reminders.append(term_reminder(end, TODAY))
    for kind in ("overdue", "30", "90", None):
        assert kind in reminders


def test_a_city_has_exactly_the_branches_of_its_scale():
    scale = SCALES["city"]
    units = [(t.format(c="市"), s, c, w) for t, s, c, w in data.UNITS]
    orgs = plan_city(random.Random(7), scale, units, PersonMaker(random.Random(8)), TODAY, "")
    branch_types = [o for o in orgs if o.type in ("branch", "joint_branch", "temporary_branch")]
    assert len(branch_types) == 1035
    assert sum(o.size for o in branch_types) == 25_000
    assert sum(1 for o in orgs if o.type == "organ_committee") == 91
    position = {id(o): i for i, o in enumerate(orgs)}
    for o in orgs:   # parents always come first, so paths can be built in one pass
        assert o.parent is None or position[id(o.parent)] < position[id(o)]
    joint = [o for o in orgs if o.type == "joint_branch"]
    assert all(2 <= len(o.covered) <= 5 for o in joint)
