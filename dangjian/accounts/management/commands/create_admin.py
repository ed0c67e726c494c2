"""Create the first accounts of a fresh deployment: the three separated admins and a committee admin."""
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dangjian.accounts.roles import COMMITTEE, NONE, roles_with_scope, spec
from dangjian.accounts.services import user_create

# The roles that need no scope object: system, security, audit and committee.
ROLES = {role.value.removesuffix("_admin"): role for role in roles_with_scope(NONE, COMMITTEE)
         if spec(role).separated or spec(role).scope == COMMITTEE}     # not the per-round expert reviewer


class Command(BaseCommand):
    help = "创建账号并授予系统/安全/审计/工委管理员角色 (create an account with an admin role)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--password", help="omit to be asked (recommended: keeps it out of shell history)")

    def handle(self, *args, username, role, password=None, **options):
        if not password:
            password = getpass.getpass("密码: ")
            if password != getpass.getpass("再次输入: "):
                raise CommandError("两次输入的密码不一致")
        try:
            user_create(by=None, username=username, password=password, role=ROLES[role])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
        self.stdout.write(f"已创建 {username}（{ROLES[role].label}）")
