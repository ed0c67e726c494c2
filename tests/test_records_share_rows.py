"""The picture's tables are written in one pass (share_rows) exactly as the template loop
with the share filter wrote them."""
from django.template import Context, Template
from hypothesis import given, settings, strategies as st

from dangjian.records.templatetags.records_tags import share_rows

LOOP = Template("{% load records_tags %}{% for name, cells in rows %}<tr><td>{{ name }}</td>"
                "{% for c in cells %}<td>{{ c|share }}</td>{% endfor %}</tr>{% endfor %}")

cell = st.one_of(st.none(), st.tuples(st.integers(0, 500), st.integers(0, 500)).map(list))
rows = st.lists(st.tuples(st.text(max_size=12), st.lists(cell, max_size=9)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_share_rows_writes_what_the_loop_wrote(rows):
    assert share_rows(rows) == LOOP.render(Context({"rows": rows}))


def test_names_are_escaped():
    assert share_rows([('<b>&"\'', [[1, 2], None])]) == \
        "<tr><td>&lt;b&gt;&amp;&quot;&#x27;</td><td>1/2（50%）</td><td>—</td></tr>"
