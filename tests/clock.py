"""One fixed "today" for the whole suite, so that it gives the same result on any day it runs.

The clock is travelled (time-machine, ticking) to 10:00 Beijing time on ``TODAY`` before the
test modules are imported, so dates computed at import time agree with those computed in a
test. ``TEST_TODAY=2027-03-31 pytest ...`` runs the suite on another day, to check that no
test depends on the day. A test marked ``real_clock`` runs on the real clock: one that
compares with a clock the suite cannot travel (the database's ``now()``).
"""
import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

TODAY = date.fromisoformat(os.environ.get("TEST_TODAY") or "2026-12-16")
MOMENT = datetime.combine(TODAY, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))

_traveller = None


def start(moment=MOMENT):
    global _traveller
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()


def stop():
    """Back to the real clock; returns the suite's time, to resume from."""
    global _traveller
    if _traveller is None:
        return None
    now = datetime.now(MOMENT.tzinfo)
    _traveller.stop()
    _traveller = None
    return now
