"""The demo's three-ones lists, without a seed: how many items per city, and how they are
spread over a city's branches (the city seed itself is checked in tests/test_demo_seed.py)."""
import random

from hypothesis import given
from hypothesis import strategies as st

from dangjian.demo.commitments import _lists, items_for


def test_items_per_city_follow_the_seed_article():
    assert items_for("city") == items_for("province") == 452     # per city; the province has 20
    assert items_for("tiny") == 9


@given(st.integers(1, 40), st.integers(0, 60), st.integers(0, 2**32))
def test_lists_hold_exactly_the_items_asked_with_contacts_in_the_unit(n_units, n_items, seed):
    rng = random.Random(seed)
    branches = [{"id": i, "unit_id": rng.randrange(n_units)} for i in range(80)]
    lists = _lists(random.Random(seed), branches, n_items, first=branches[0])
    eligible = [b for b in branches if sum(o["unit_id"] == b["unit_id"] for o in branches) > 1]
    total = sum(len(kinds) for _b, _c, kinds in lists)
    assert total == min(n_items, 3 * len(eligible))
    assert len({b["id"] for b, _c, _k in lists}) == len(lists)           # one list per branch
    for b, contact, kinds in lists:
        assert (contact is not None) == ("contact" in kinds)
        if contact is not None:
            assert contact["unit_id"] == b["unit_id"] and contact is not b
    if lists and branches[0] in eligible:
        assert lists[0][0] is branches[0]                                   # the demo secretary's list first
