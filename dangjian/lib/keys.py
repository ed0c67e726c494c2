"""Which keys production may start with, and what to tell the operator when it may not.

Pure functions with no Django imports: settings.py calls them while it is being loaded.
"""
import base64
import binascii

GENERATE_SECRET_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
GENERATE_DATA_KEY = ('python3 -c "import base64, secrets; '
                     'print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"')


def decode_data_key(text: str) -> bytes:
    """The 32 bytes of a DATA_KEY given as (urlsafe or standard) base64; ValueError otherwise."""
    cleaned = (text or "").strip()
    try:
        raw = base64.b64decode(cleaned.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("DATA_KEY is not base64") from None
    if len(raw) != 32:
        raise ValueError(f"DATA_KEY decodes to {len(raw)} bytes, not 32")
    return raw


def production_key_problems(secret_key, data_key, dev_secret_key, dev_data_key, *, production=True):
    """Bilingual lines naming each problem with the keys; [] when they may be used.

    Outside production only a malformed DATA_KEY is a problem (it could encrypt nothing)."""
    problems = []
    if production:
        if not secret_key:
            problems.append("SECRET_KEY 未设置 / SECRET_KEY is not set")
        elif secret_key == dev_secret_key:
            problems.append("SECRET_KEY 是仓库中公开的开发密钥 / SECRET_KEY is the public development key")
        if not data_key:
            problems.append("DATA_KEY 未设置 / DATA_KEY is not set")
        elif _same_key(data_key, dev_data_key):
            problems.append("DATA_KEY 是仓库中公开的开发密钥 / DATA_KEY is the public development key")
    if data_key:
        try:
            decode_data_key(data_key)
        except ValueError as exc:
            problems.append(f"DATA_KEY 必须是 32 字节的 base64 编码 / {exc}")
    return problems


def _same_key(a, b):
    try:
        return decode_data_key(a) == decode_data_key(b)
    except ValueError:
        return False


def refusal_message(problems) -> str:
    lines = [
        "拒绝启动：生产环境（未开启 DEBUG 或 DEMO_MODE）必须设置自己的 SECRET_KEY 和 DATA_KEY。",
        "Refusing to start: outside DEBUG and DEMO_MODE, SECRET_KEY and DATA_KEY must be set to keys of your own.",
        *(f"  - {p}" for p in problems),
        "生成密钥 / generate them with:",
        f"  SECRET_KEY: {GENERATE_SECRET_KEY}",
        f"  DATA_KEY:   {GENERATE_DATA_KEY}",
        "然后在环境变量（如 /etc/dangjian.env）中设置后重新启动。DATA_KEY 加密身份证号和电话：请与数据库备份分开保管，切勿丢失。",
        "Then set them in the environment (e.g. /etc/dangjian.env) and start again. DATA_KEY encrypts ID numbers "
        "and phones: keep it apart from the database backups and never lose it.",
    ]
    return "\n".join(lines)
