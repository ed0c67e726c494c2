"""The complaint and suggestion entry writes through feedback_create: stored and audited."""
from django.test import TestCase
from django.urls import reverse

from dangjian.audit.models import AuditEntry
from dangjian.front.models import Feedback
from dangjian.front.services import feedback_create

from .factories import make_registry


class FeedbackEntry(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()

    def test_the_page_stores_the_text_and_audits_it(self):
        self.client.force_login(self.reg.member_user)
        response = self.client.post(reverse("feedback"), {"text": "填报表格太多"})
        assert response.status_code == 302
        item = Feedback.objects.get()
        assert item.text == "填报表格太多" and item.user == self.reg.member_user and not item.handled
        entry = AuditEntry.objects.get(action="feedback.create")
        assert entry.object_id == str(item.pk) and entry.user == self.reg.member_user

    def test_the_service_alone_does_the_same(self):
        item = feedback_create(user=self.reg.secretary, text="提醒很有用")
        assert AuditEntry.objects.filter(action="feedback.create", object_id=str(item.pk)).exists()

    def test_anonymous_users_are_sent_to_sign_in_and_nothing_is_stored(self):
        response = self.client.post(reverse("feedback"), {"text": "匿名"})
        assert response.status_code == 302 and "/login" in response["Location"]
        assert not Feedback.objects.exists()
