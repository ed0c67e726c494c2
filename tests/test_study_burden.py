"""Burden rules: nothing in study counts time, photos, likes or logins; attachments never asked for."""
from django.apps import apps
from django.db import models

FORBIDDEN = ("photo", "image", "picture", "video", "duration", "minutes", "hours", "seconds", "score", "points",
             "rank", "like", "login", "online", "checkin", "check_in")


def test_no_study_field_counts_time_photos_or_ranks_people():
    for model in apps.get_app_config("study").get_models():
        for field in model._meta.get_fields():
            name = field.name.lower()
            assert not any(word in name for word in FORBIDDEN), f"{model.__name__}.{field.name}"
            assert not isinstance(field, (models.FileField, models.ImageField)), f"{model.__name__}.{field.name}"


def test_the_checklist_does_not_judge_by_photos_or_notes(db):
    from dangjian.study.models import ChecklistItem

    for item in ChecklistItem.objects.all():
        text = item.name + item.description
        assert "照片" not in text and "笔记" not in text and "留痕" not in text
