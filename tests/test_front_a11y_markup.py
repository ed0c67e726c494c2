"""Markup the browser tests rely on, checked fast without a browser: links only to pages that will
open, a name for every control on the filter bars, one reason box per member with the member's
name in it, and form errors linked to their fields."""
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from dangjian.records.models import ActivityKind

class _Controls(HTMLParser):
    """Collects form controls with whether a label (around them or by ``for``) or aria-label names them."""

    def __init__(self):
        super().__init__()
        self.depth, self.controls, self.label_for = 0, [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("select", "input", "textarea") and attrs.get("type") != "hidden":
            self.controls.append((attrs, self.depth > 0 or "aria-label" in attrs))

    def handle_endtag(self, tag):
        if tag == "label":
            self.depth -= 1


def unnamed_controls(html):
    """Controls that have neither a label nor an aria-label (hidden inputs need none)."""
    parser = _Controls()
    parser.feed(html)
    return [attrs for attrs, named in parser.controls if not named and attrs.get("id") not in parser.label_for]


def test_coverage_offers_to_schedule_only_to_the_committee(reg, login):
    url = reverse("study:coverage")
    schedule = reverse("study:sit_in_create") + "?unit="
    assert schedule in login(reg.committee).get(url).content.decode()
    page = login(reg.dept).get(url)
    assert page.status_code == 200 and schedule not in page.content.decode()


def test_a_member_sees_their_unit_named_but_not_linked(reg, login):
    url = reverse("org_detail", args=[reg.branch_a1.pk])
    unit_link = reverse("unit_detail", args=[reg.unit_a.pk])
    assert unit_link in login(reg.unit_admin).get(url).content.decode()
    page = login(reg.member_user).get(url).content.decode()
    assert reg.unit_a.name in page and unit_link not in page
    assert login(reg.outsider).get(url).status_code == 404


@pytest.mark.parametrize("name", ["unit_list", "member_list", "audit_log", "records:list", "records:gaps",
                                  "records:picture", "study:sit_in_plan", "study:coverage",
                                  "study:course_list", "study:booking_list", "assessment:ledger", "figures:annual"])
def test_every_filter_control_has_a_name(reg, login, name):
    user = reg.auditor if name == "audit_log" else reg.committee
    page = login(user).get(reverse(name))
    assert page.status_code == 200
    assert unnamed_controls(page.content.decode()) == []


def test_the_record_form_has_a_named_reason_box_per_member(reg, login):
    url = reverse("records:create", args=[reg.branch_a1.pk, "theme_day"])
    html = login(reg.secretary).get(url).content.decode()
    for member in reg.members_a1:
        assert f'name="reason_{member.pk}"' in html
        assert f'aria-label="{member.name}的缺席原因（可不填）"' in html
    assert unnamed_controls(html) == []
    assert login(reg.outsider).get(url).status_code == 404


def test_form_errors_are_linked_to_their_field_and_summarised(reg, login):
    assert ActivityKind.objects.filter(code="theme_day").exists()
    url = reverse("records:create", args=[reg.branch_a1.pk, "theme_day"])
    page = login(reg.secretary).post(url, {"held_on": "2026-01-05", "topic": "   "})
    html = page.content.decode()
    assert page.status_code == 400
    topic = re.search(r'<input[^>]*name="topic"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in topic and 'aria-describedby="id_topic_error"' in topic
    assert 'id="id_topic_error"' in html
    assert '<a href="#id_topic">' in html  # the summary's link, for a browser without script
