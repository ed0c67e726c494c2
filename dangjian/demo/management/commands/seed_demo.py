"""manage.py seed_demo --scale city|province [--seed N] [--password P] [--reset | --if-empty]

Same seed and same day give the same registry: random.Random(seed) drives every draw,
people's dates are relative to the fixed 2026-01-01, and term dates are offsets from the
day the seed runs (``--today`` fixes that day too), so term reminders always show.
"""
import argparse
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError

from dangjian.demo.accounts import DEMO_USERNAMES, existing_usernames
from dangjian.demo.reset import registry_counts, registry_is_empty
from dangjian.demo.seeding import demo_seed, tables_analyze

DEFAULT_PASSWORD = "Dangjian#2024"


class Command(BaseCommand):
    help = "生成确定性的演示数据（市级或省级规模）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["city", "province", "tiny"], default="city",
                            metavar="{city,province}",   # tiny (4 units) is for the tests
                            help="city：一个市（91 个单位、1035 个支部）；province：20 个市")
        parser.add_argument("--seed", type=int, default=2024, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="全部演示账号的密码")
        parser.add_argument("--reset", action="store_true", help="先删除全部登记数据（不删除审计日志和账号）")
        parser.add_argument("--if-empty", action="store_true", help="登记库已有数据时跳过，不报错")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help=argparse.SUPPRESS)   # fixes the reference day of term dates

    def handle(self, *args, scale, seed, password, reset, if_empty, today, **options):
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("演示账号密码不符合密码规则：" + "；".join(exc.messages))
        if not registry_is_empty() and not reset:
            if if_empty:
                self.stdout.write("登记库已有数据，跳过生成演示数据。")
                return
            c = registry_counts()
            raise CommandError(
                f"登记库中已有数据（单位 {c['units']} 个、党组织 {c['party_orgs']} 个、党员 {c['members']} 名），"
                "未作任何修改。如需重建演示数据，请加 --reset（将删除全部登记数据，审计日志和账号保留）。"
            )
        taken = existing_usernames(DEMO_USERNAMES)
        if taken and not reset:
            raise CommandError(
                f"已存在同名账号：{'、'.join(taken)}，未作任何修改。如需重建演示数据和账号，请加 --reset。"
            )
        self.stdout.write(f"开始生成演示数据：规模 {scale}，随机种子 {seed}")
        try:
            result = demo_seed(scale=scale, seed=seed, password=password, today=today, reset=reset,
                               log=self.stdout.write)
        except (ProtectedError, RestrictedError, IntegrityError) as exc:
            raise CommandError(f"无法清空或写入登记数据，未作任何修改：{exc}")
        tables_analyze()
        self.stdout.write(self.style.SUCCESS(
            f"完成：支部 {result.branches} 个，党员 {result.members} 名，用时 {result.elapsed:.1f} 秒。"))
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        for a in result.accounts:
            self.stdout.write(f"  {a.username:<10} {a.role.label:<10} {a.scope_label}  {a.display_name}")
