"""Generated hostile values posted to every add form of the admin (configuration), signed in
as the admin the model's gate names: never a 5xx; a refusal writes nothing; what is saved is
clean text. (Django's admin answers a refused form with 200 and its errors.)"""
from urllib.parse import urlencode

import time_machine
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangjian.accounts.admin_site import GatekeptAdmin
from dangjian.accounts.gatekeeper import MANAGE_ACCOUNTS
from dangjian.audit.models import AuditEntry
from dangjian.lib.text import is_clean

from .factories import make_registry
from .fuzz_forms import TODAY
from .test_security_fuzz import FAST, HOSTILE, _strings

ADDABLE = sorted(((model, model_admin) for model, model_admin in admin.site._registry.items()
                  if isinstance(model_admin, GatekeptAdmin) and model_admin.allow_add),
                 key=lambda pair: pair[0]._meta.label)


@time_machine.travel(TODAY, tick=False)
class AdminFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = make_registry()

    def persona(self, model_admin):
        return self.r.sysadmin if model_admin.gate_perm == MANAGE_ACCOUNTS else self.r.committee

    def check(self, model, model_admin, draw):
        user = self.persona(model_admin)
        request = RequestFactory().get("/")
        request.user = user
        names = sorted(model_admin.get_form(request).base_fields)
        data = {n: draw(HOSTILE, label=n) for n in names}
        self.client.force_login(user)
        table = connection.ops.quote_name(model._meta.db_table)
        before = (model._default_manager.count(), AuditEntry.objects.filter(success=True).count())
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = self.client.post(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")
        self.assertIn(response.status_code, (200, 302), (table, response.content.decode(errors="replace")[:1000]))
        if response.status_code == 200:
            self.assertEqual((model._default_manager.count(), AuditEntry.objects.filter(success=True).count()), before)
        for entry in AuditEntry.objects.filter(pk__gt=first_entry):
            self.assertEqual([s for s in _strings([entry.changes, entry.object_repr]) if not is_clean(s)], [])


def _add(model, model_admin):
    @FAST
    @given(st.data())
    def test(self, data):
        self.check(model, model_admin, data.draw)

    test.__name__ = f"test_{model._meta.app_label}_{model._meta.model_name}_add_never_5xx"
    setattr(AdminFuzz, test.__name__, test)


for _model, _model_admin in ADDABLE:
    _add(_model, _model_admin)


def test_the_admin_forms_are_found():
    assert len(ADDABLE) >= 8
