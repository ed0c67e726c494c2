"""Writes of the front's own models: the complaint and suggestion entry."""
from django.db import transaction

from dangjian.audit.services import audit_log

from .models import Feedback


@transaction.atomic
def feedback_create(*, user, text, request=None) -> Feedback:
    """A complaint or suggestion (意见建议与投诉) from a signed-in user; audited."""
    item = Feedback.objects.create(user=user, text=text)
    audit_log(user=user, action="feedback.create", obj=item, request=request)
    return item
