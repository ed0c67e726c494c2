"""select_options, the one-pass <option> list of the 1,820-unit filters: the same escaping as
Django's, and the selected value marked whatever its type."""
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from dangjian.front.templatetags.front_tags import select_options


@given(st.lists(st.tuples(st.integers(0, 10**6), st.text()), max_size=8), st.one_of(st.none(), st.integers(0, 10**6)))
def test_options_escape_as_django_does_and_mark_the_selected(choices, selected):
    html = select_options(choices, selected)
    expected = "".join(
        f'<option value="{value}"{" selected" if selected is not None and value == selected else ""}>{escape(label)}</option>'
        for value, label in choices)
    assert html == expected
