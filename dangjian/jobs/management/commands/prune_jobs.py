from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from dangjian.jobs.services import jobs_prune


class Command(BaseCommand):
    help = "Delete background jobs (and their files) finished more than JOB_KEEP_DAYS ago (nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.JOB_KEEP_DAYS)

    def handle(self, *, days, **options):
        count = jobs_prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"deleted {count} jobs finished more than {days} days ago")
