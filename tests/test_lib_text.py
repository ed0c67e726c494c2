"""The one text cleaner (lib/text.py) and the form data it is applied to (lib/forms.py)."""
import unicodedata

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from dangjian.lib.forms import clean_form_data
from dangjian.lib.text import BIDI_CONTROLS, KEPT_CONTROLS, clean_text, is_clean

REMOVED = st.sampled_from(list(BIDI_CONTROLS) + [chr(c) for c in range(0x20) if chr(c) not in KEPT_CONTROLS]
                          + ["\x7f", "\x85", "\x9f", "\ud800", "\udfff"])


def _removable(ch):
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in KEPT_CONTROLS)


@given(st.text())
def test_nothing_removable_is_left_and_nothing_else_is_touched(value):
    cleaned = clean_text(value)
    assert is_clean(cleaned)
    assert cleaned == "".join(ch for ch in value if not _removable(ch))


@given(st.text())
def test_cleaning_twice_changes_nothing(value):
    assert clean_text(clean_text(value)) == clean_text(value)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf"))), REMOVED, st.integers(0, 50))
def test_an_inserted_control_is_removed_wherever_it_stands(value, bad, at):
    at = min(at, len(value))
    assert clean_text(value[:at] + bad + value[at:]) == value


def test_chinese_lines_and_tabs_are_kept():
    assert clean_text("第一行\r\n\t第二行") == "第一行\r\n\t第二行"
    assert clean_text("\u202egpj.exe") == "gpj.exe"


@given(st.dictionaries(st.sampled_from(["a", "b", "password"]), st.lists(st.text(), min_size=1, max_size=3)))
def test_form_data_is_cleaned_value_by_value_but_the_skipped_keys(data):
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    cleaned = clean_form_data(query, skip={"password"})
    for key, values in data.items():
        expected = values if key == "password" else [clean_text(v) for v in values]
        assert cleaned.getlist(key) == expected
    assert dict(query.lists()) == data         # the request's own data is left as it came


def test_plain_dicts_are_cleaned_too():
    assert clean_form_data({"a": "x\x00", "b": ["\u2066y", 3]}) == {"a": "x", "b": ["y", 3]}
