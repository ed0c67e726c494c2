"""Re-encrypt every ID number and phone under a new DATA_KEY, in one transaction."""
import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dangjian.lib.keys import GENERATE_DATA_KEY, decode_data_key
from dangjian.orgs.datakey import data_key_rotate


def _os_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid in a container
        return str(os.getuid())


class Command(BaseCommand):
    help = ("用新的 DATA_KEY 重新加密全部身份证号和电话（一个事务）。先停止服务：仍在运行的进程会继续用旧密钥写入。"
            " / Re-encrypt all ID numbers and phones under a new DATA_KEY, in one transaction. The current "
            "DATA_KEY must be set. Stop the server first: a running worker would go on writing under the old key.")

    def add_arguments(self, parser):
        parser.add_argument("--new-key", help="the new key; better: put it in NEW_DATA_KEY, which "
                                              "stays out of the shell history")

    def handle(self, *args, new_key=None, **options):
        text = new_key or os.environ.get("NEW_DATA_KEY", "")
        if not text:
            raise CommandError("请在环境变量 NEW_DATA_KEY 中给出新密钥 / set the new key in NEW_DATA_KEY "
                               f"(generate one with: {GENERATE_DATA_KEY})")
        try:
            key = decode_data_key(text)
        except ValueError as exc:
            raise CommandError(f"新密钥无效 / the new key is not valid: {exc}") from None
        try:
            counts = data_key_rotate(new_key=key, username=f"rotate_data_key ({_os_user()})")
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            f"已用新密钥重新加密 {counts['members']} 名党员的身份证号和电话、{counts['import_batches']} 个待确认的导入文件。\n"
            f"Re-encrypted {counts['members']} members and {counts['import_batches']} pending import files.\n"
            "现在把 DATA_KEY 改为新密钥并重启服务；在此之前服务拒绝启动。旧密钥不再能解密这些数据。\n"
            "Now set DATA_KEY to the new key and restart; until then the server refuses to start. "
            "The old key no longer opens this data.")
