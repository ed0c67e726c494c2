"""Delete audit entries older than AUDIT_RETENTION_DAYS (at least 180 days)."""
from django.core.management.base import BaseCommand

from dangjian.audit.retention import audit_prune, retention_days


class Command(BaseCommand):
    help = "删除超过保存期限（AUDIT_RETENTION_DAYS，至少 180 天）的审计日志 (prune the audit log)"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, dry_run=False, **options):
        n = audit_prune(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {n} 条早于 {retention_days()} 天的审计日志")
