"""The test run's settings: dangjian.settings with keys of the tests' own.

The suite runs with DEBUG unset, as production does, and outside DEBUG and DEMO_MODE the
settings refuse to load without keys (tests/test_security_keys.py checks that). pytest-django
loads the settings before any conftest runs, so the keys are named here, before the import.
"""
import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-never-used-outside-the-test-suite-4d7e1b")
os.environ.setdefault("DATA_KEY", "dGVzdHMtb25seSBEQVRBX0tFWSwgMzIgYnl0ZXMhISE=")  # b"tests-only DATA_KEY, 32 bytes!!!"

from dangjian.settings import *  # noqa: E402,F401,F403
