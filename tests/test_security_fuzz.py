"""Generated hostile values posted to every create and edit form (issue 9: no input gives a 500).

For each form of tests/fuzz_forms.py, signed in as a persona who may use it:
- any mix of valid and hostile values (huge and negative numbers, NUL, bidirectional overrides,
  very long text, odd dates, empty values, bytes that are not UTF-8, lists) never answers 5xx;
  a refusal (400, or 409 for a stale version) writes nothing, and what a success stores is clean;
- a valid post with one field made surely invalid answers 400 and writes nothing.
A last test checks that the list covers every URL whose view takes a POST.
"""
import ast
import inspect
import re
from urllib.parse import urlencode

import time_machine
from django.apps import apps
from django.db import connection
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangjian.audit.models import AuditEntry
from dangjian.lib.text import is_clean

from .factories import make_registry
from .fuzz_forms import ACTIONS, SPECS, TODAY, build

EXAMPLES = 12
BREAKS = 6
# each example is a request: no shrinking (a failure is reported as drawn), no deadline
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.reuse, Phase.generate])
WRITING_APPS = ("accounts", "orgs", "records", "study", "front", "imports", "assessment", "commitments", "brands",
                "challenges", "rectification", "selections")

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
ODD = st.sampled_from([
    "99999999999999999999", "2147483648", "-2147483649", "-1", "0", "1e309", "NaN", "0x10", "١٢", "３",
    "0001-01-01", "9999-12-31", "2026-02-30", "1921-06-30", "2100-01-01", "-0001-01-01", "2026-13-01",
    "20261120", "", " ", "\x00", "\u202e", "\u2066\u2069", "on", "true", "null", "None", "[]",
])
HOSTILE_SCALAR = st.one_of(
    ODD,
    st.integers(-(10**25), 10**25).map(str),
    TEXT,
    TEXT.map(lambda s: f"\u202e{s}\x00\u2067"),
    st.integers(51, 2500).map(lambda n: "长" * n),
    st.binary(min_size=1, max_size=6),           # not UTF-8
)
HOSTILE = st.one_of(HOSTILE_SCALAR, st.lists(HOSTILE_SCALAR, max_size=3))


def _bad_value(kind):
    """A value that the field of this kind surely refuses, or None when there is none."""
    name, _, rest = kind.partition(":")
    if name == "text":
        return st.just("长" * (int(rest) + 1))
    if name == "int":
        lo, hi = map(int, rest.split(":"))
        return st.sampled_from([str(hi + 1), str(lo - 1), "99999999999999999999", "十二"])
    if name == "date":
        return st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "1900-13-01"])
    if name == "secret":
        return st.just("Wrong#Pass0000")     # a wrong old password, or a new one that does not match
    if name == "choice":
        return st.just("no-such-choice")
    if name == "multi":
        return st.just(["987654321"])
    return None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


@time_machine.travel(TODAY, tick=False)
class FormFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.d = build(make_registry())
        tables = [m._meta.db_table for label in WRITING_APPS for m in apps.get_app_config(label).get_models()]
        # one query for every table's row count, and the successful audit entries
        cls.count_sql = "SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables) + ", " + (
            f"(SELECT COUNT(*) FROM {connection.ops.quote_name(AuditEntry._meta.db_table)} WHERE success = %s)")

    def fingerprint(self, spec):
        target = spec.target(self.d) if spec.target else None
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, [True])
            counts = cursor.fetchone()
        return counts, list(type(target).objects.filter(pk=target.pk).values()) if target else None

    def sign_in(self, spec):
        if spec.persona:
            self.client.force_login(getattr(self.d, spec.persona))     # audited: before the fingerprint

    def post(self, spec, data):
        url = reverse(spec.url, kwargs=spec.kwargs(self.d))
        data = {k: v for k, v in data.items() if v is not None}
        if spec.files:
            return self.client.post(url, data | spec.files(self.d))
        return self.client.post(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")

    def check_hostile(self, spec, draw):
        base = spec.base(self.d)
        names = sorted(set(base) | set(spec.field_types(self.d)))
        data = {n: draw(st.one_of(st.just(base.get(n)), HOSTILE), label=n) for n in names}
        self.sign_in(spec)
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        before = self.fingerprint(spec)
        response = self.post(spec, data)
        self.assertIn(response.status_code, (302, spec.refused, 409), response.content.decode(errors="replace")[:1500])
        if response.status_code != 302:
            self.assertEqual(self.fingerprint(spec), before)
        for entry in AuditEntry.objects.filter(pk__gt=first_entry):
            dirty = [s for s in _strings([entry.changes, entry.object_repr]) if not is_clean(s)]
            self.assertEqual(dirty, [], entry.action)

    def check_break(self, spec, draw):
        types = spec.field_types(self.d)
        breakable = sorted(n for n, kind in types.items() if _bad_value(kind) is not None)
        name = draw(st.sampled_from(breakable), label="field")
        data = spec.base(self.d) | {name: draw(_bad_value(types[name]), label="value")}
        self.sign_in(spec)
        before = self.fingerprint(spec)
        response = self.post(spec, data)
        self.assertEqual(response.status_code, spec.refused, (name, response.content.decode(errors="replace")[:1500]))
        self.assertEqual(self.fingerprint(spec), before)

    def check_base(self, spec):
        self.sign_in(spec)
        response = self.post(spec, spec.base(self.d))
        expected = 400 if spec.files else 302      # the upload's file is deliberately no workbook
        self.assertEqual(response.status_code, expected, response.content.decode(errors="replace")[:1500])


def _add_tests(index, spec):
    slug = f"{index:02d}_{spec.url.replace(':', '_')}"
    @FAST
    @given(st.data())
    def test_hostile(self, data):
        self.check_hostile(spec, data.draw)

    @settings(FAST, max_examples=BREAKS)
    @given(st.data())
    def test_break(self, data):
        self.check_break(spec, data.draw)

    def test_base(self):
        self.check_base(spec)

    for kind, test in (("hostile_values_never_5xx", test_hostile), ("one_bad_field_is_400", test_break),
                       ("valid_post_is_accepted", test_base)):
        test.__name__ = f"test_{slug}_{kind}"
        setattr(FormFuzz, test.__name__, test)


for _i, _spec in enumerate(SPECS):
    _add_tests(_i, _spec)


# ---- the list is complete ----------------------------------------------------------------

def _patterns(resolver=None, namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            yield from _patterns(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif p.name:
            yield f"{namespace}{p.name}", p.callback


READS_POST = re.compile(r"\bPOST\b|\bposted\(")


def _takes_post(view):
    """True when the view, or a function of its module it calls, reads a POST."""
    if hasattr(view, "view_class"):
        return hasattr(view.view_class, "post")
    func = inspect.unwrap(view)
    source = inspect.getsource(func)
    if READS_POST.search(source):
        return True
    called = {n.func.id for n in ast.walk(ast.parse(inspect.getsource(func).lstrip())) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Name)}
    helpers = [func.__globals__.get(n) for n in called]
    return any(inspect.isfunction(h) and READS_POST.search(inspect.getsource(h)) for h in helpers)


def test_every_url_that_takes_a_post_is_fuzzed_or_an_action():
    views = dict(_patterns())
    listed = {s.url for s in SPECS}
    assert listed | ACTIONS <= set(views), (listed | ACTIONS) - set(views)
    takes_post = {name for name, view in views.items() if _takes_post(view)}
    assert takes_post - listed - ACTIONS == set()
    assert listed <= takes_post            # nothing is fuzzed that ignores its POST
