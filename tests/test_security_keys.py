"""Production never starts on a public key, nor on a DATA_KEY that does not match the data."""
import os
import runpy
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from dangjian.lib import crypto
from dangjian.lib.keys import decode_data_key
from dangjian.orgs.datakey import (
    MISMATCH, data_key_check_ensure, data_key_mismatch, data_key_verify_at_start,
)
from dangjian.orgs.models import DataKeyCheck
from dangjian.orgs.services import member_update

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "dangjian" / "settings.py"
OWN_SECRET = "a-secret-key-of-our-own-for-this-test-only-0123456789abcdef"
KEY_A = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="  # b"A" * 32
KEY_B = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI="  # b"B" * 32
DEV_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789"


def _load_settings(monkeypatch, **env):
    for name in ("SECRET_KEY", "DATA_KEY", "DEBUG", "DEMO_MODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DATA_KEY", "DEBUG", "DEMO_MODE", "NEW_DATA_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="dangjian.settings", DEBUG="0", **extra)
    return env


def _run_all(commands):
    """Run (command, env) pairs side by side; [(returncode, stdout + stderr)]."""
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for cmd, env in commands]
    return [(p.returncode, out) for p, (out, _) in ((p, p.communicate(timeout=120)) for p in procs)]


# --- which keys the settings accept -------------------------------------------------------

def test_production_refuses_to_load_without_keys(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as exc:
        _load_settings(monkeypatch, DEBUG="0")
    message = str(exc.value)
    assert "拒绝启动" in message and "Refusing to start" in message
    assert "SECRET_KEY 未设置" in message and "DATA_KEY 未设置" in message
    assert "secrets.token_urlsafe(50)" in message and "token_bytes(32)" in message


def test_production_refuses_the_public_development_keys(monkeypatch):
    settings = _load_settings(monkeypatch, DEBUG="1")
    dev_data_key = settings["DEV_DATA_KEY"]
    with pytest.raises(ImproperlyConfigured) as exc:
        _load_settings(monkeypatch, SECRET_KEY=DEV_SECRET, DATA_KEY=dev_data_key)
    assert "SECRET_KEY 是仓库中公开的开发密钥" in str(exc.value)
    assert "DATA_KEY 是仓库中公开的开发密钥" in str(exc.value)
    # the same key written in standard base64 is still the development key
    standard = dev_data_key.replace("-", "+").replace("_", "/")
    with pytest.raises(ImproperlyConfigured, match="DATA_KEY 是仓库中公开的开发密钥"):
        _load_settings(monkeypatch, SECRET_KEY=OWN_SECRET, DATA_KEY=standard)


@pytest.mark.parametrize("data_key", ["not base64!", "QUFB", KEY_A + KEY_A])
def test_a_data_key_must_be_32_bytes_of_base64(monkeypatch, data_key):
    with pytest.raises(ImproperlyConfigured, match="DATA_KEY 必须是 32 字节的 base64 编码"):
        _load_settings(monkeypatch, SECRET_KEY=OWN_SECRET, DATA_KEY=data_key)


def test_production_loads_with_keys_of_its_own(monkeypatch):
    settings = _load_settings(monkeypatch, SECRET_KEY=OWN_SECRET, DATA_KEY=KEY_A)
    assert settings["SECRET_KEY"] == OWN_SECRET and decode_data_key(settings["DATA_KEY"]) == b"A" * 32
    assert settings["DEBUG"] is False


@pytest.mark.parametrize("mode", ["DEBUG", "DEMO_MODE"])
def test_debug_and_demo_keep_the_development_keys(monkeypatch, mode):
    import base64
    import hashlib
    settings = _load_settings(monkeypatch, **{mode: "1"})
    assert settings["SECRET_KEY"] == DEV_SECRET
    # the key demo databases were encrypted with before keys were required
    assert decode_data_key(settings["DATA_KEY"]) == hashlib.sha256(DEV_SECRET.encode()).digest()
    assert settings["DATA_KEY"] == settings["DEV_DATA_KEY"]
    assert base64.urlsafe_b64decode(settings["DATA_KEY"]) == decode_data_key(settings["DATA_KEY"])


def test_check_deploy_and_the_server_refuse_to_start_without_keys(tmp_path):
    env = _clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}")
    results = _run_all([
        ([sys.executable, "manage.py", "check", "--deploy"], env),
        ([sys.executable, "-c", "import dangjian.wsgi"], env),  # what gunicorn and runserver import
    ])
    for returncode, output in results:
        assert returncode != 0
        assert "拒绝启动" in output and "SECRET_KEY 未设置" in output and "DATA_KEY 未设置" in output


# --- DATA_KEY against the data ----------------------------------------------------------

def test_the_check_value_is_stored_on_migrate(db):
    assert DataKeyCheck.objects.get().value == crypto.check_value()
    assert data_key_mismatch() is None


def test_check_database_fails_under_another_key(db):
    call_command("check", databases=["default"])
    with override_settings(DATA_KEY=KEY_B), pytest.raises(SystemCheckError) as exc:
        call_command("check", databases=["default"])
    assert "orgs.E001" in str(exc.value) and "DATA_KEY 与数据库中的数据不符" in str(exc.value)
    call_command("check")  # without --database the data is not read: other commands still run


def test_without_a_check_value_a_stored_id_number_decides(reg):
    member_update(user=None, member=reg.member, id_number="110101198001011234", phone="")
    DataKeyCheck.objects.all().delete()
    with override_settings(DATA_KEY=KEY_B):
        assert data_key_mismatch() == MISMATCH
        assert data_key_check_ensure() is False
    assert not DataKeyCheck.objects.exists()
    assert data_key_mismatch() is None
    assert data_key_check_ensure() is True
    assert DataKeyCheck.objects.get().value == crypto.check_value()


def test_an_empty_registry_takes_the_key_it_is_given(db):
    DataKeyCheck.objects.all().delete()
    with override_settings(DATA_KEY=KEY_B):
        assert data_key_mismatch() is None
        assert data_key_check_ensure() is True
        assert DataKeyCheck.objects.get().value == crypto.check_value(key=b"B" * 32)


def test_the_server_start_refuses_another_key(db):
    data_key_verify_at_start()
    with override_settings(DATA_KEY=KEY_B), pytest.raises(ImproperlyConfigured, match="DATA_KEY does not match"):
        data_key_verify_at_start()


@pytest.mark.slow
def test_check_database_and_server_refuse_a_database_of_another_key(tmp_path):
    """The real commands, on a database whose check value is key A's."""
    path = tmp_path / "a.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orgs_datakeycheck (id integer PRIMARY KEY, value varchar(64) NOT NULL, "
                   "changed_at datetime NOT NULL)")
        db.execute("INSERT INTO orgs_datakeycheck VALUES (1, ?, '2026-01-01 00:00:00')",
                   [crypto.check_value(key=b"A" * 32)])
    url = f"sqlite:///{path}"
    wrong = _clean_env(DATABASE_URL=url, SECRET_KEY=OWN_SECRET, DATA_KEY=KEY_B)
    right = _clean_env(DATABASE_URL=url, SECRET_KEY=OWN_SECRET, DATA_KEY=KEY_A)
    check = [sys.executable, "manage.py", "check", "--database", "default"]
    server = [sys.executable, "-c", "import dangjian.wsgi"]
    started = [sys.executable, "-c", "import gc, dangjian.wsgi; print('frozen', gc.get_freeze_count())"]
    (check_wrong, out_check), (server_wrong, out_server), (check_right, out_right), (server_right, out_started) = (
        _run_all([(check, wrong), (server, wrong), (check, right), (started, right)]))
    assert check_wrong != 0 and "orgs.E001" in out_check and "DATA_KEY 与数据库中的数据不符" in out_check
    assert server_wrong != 0 and "DATA_KEY does not match the data" in out_server
    assert check_right == 0, out_right
    # a started server has its own objects frozen out of the garbage collector's full collections
    assert server_right == 0 and int(out_started.split("frozen ")[1].split()[0]) > 10_000, out_started
