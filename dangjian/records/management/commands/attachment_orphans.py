"""List (and with --delete remove) attachment files on disk that no record names any more.

Files leave the disk with their record (after commit), so orphans come only from a crash
between saving a file and committing its row, or from restoring an older database over newer
files. Recent files are left alone: their upload may still be committing."""
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from dangjian.records.models import Attachment

ROOT = "activities"      # Attachment.file's upload_to starts here


def stored_names(storage, folder):
    """Every file name under ``folder`` in ``storage``, recursively."""
    if not storage.exists(folder):
        return
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from stored_names(storage, f"{folder}/{sub}")


def orphan_names(*, min_age=timedelta(hours=1)):
    storage = Attachment._meta.get_field("file").storage
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = timezone.now() - min_age
    return sorted(name for name in stored_names(storage, ROOT)
                  if name not in known and storage.get_modified_time(name) < cutoff)


class Command(BaseCommand):
    help = "列出（--delete 删除）没有记录引用的附件文件 (attachment files no record names)"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove them")
        parser.add_argument("--min-age-minutes", type=int, default=60,
                            help="leave younger files alone (default 60)")

    def handle(self, *args, delete=False, min_age_minutes=60, **options):
        storage = Attachment._meta.get_field("file").storage
        names = orphan_names(min_age=timedelta(minutes=min_age_minutes))
        for name in names:
            if delete:
                storage.delete(name)
            self.stdout.write(name)
        verb = "已删除" if delete else "发现"
        self.stdout.write(f"{verb} {len(names)} 个无记录引用的附件文件")
