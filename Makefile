# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
SCALE ?= city
DEMO_PASSWORD ?= Dangjian\#2024

.PHONY: demo test install install-test browser office fonts migrate serve bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium for the end-to-end tests (never a browser download).
browser:
	@sh scripts/ensure-chromium.sh

# Debian's CJK fonts for charts and documents; LibreOffice and poppler for the tests that open them.
office:
	@sh scripts/ensure-office.sh

fonts:
	@sh scripts/ensure-office.sh --fonts-only

migrate: install
	$(PY) manage.py migrate --noinput

# Create the demo city (once) and serve it at http://127.0.0.1:$(PORT), with the background-job
# worker beside it (stopped when the server stops).
demo: install fonts
	DEMO_MODE=1 $(PY) manage.py migrate --noinput
	DEMO_MODE=1 $(PY) manage.py seed_demo --scale $(SCALE) --password '$(DEMO_PASSWORD)' --if-empty
	DEMO_MODE=1 DEBUG=0 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	DEMO_MODE=1 DEBUG=0 $(PY) manage.py runserver --insecure 127.0.0.1:$(PORT)

# Two pytest-xdist workers, each with its own test database; --dist load keeps pytest-django's
# order on each worker (committing tests after the others). TEST_WORKERS=0 runs in one process.
# Bytecode is cached even where the environment sets PYTHONDONTWRITEBYTECODE (these machines do):
# otherwise every run and every worker compiles the project and rewrites the tests' asserts anew.
TEST_WORKERS ?= 2
test: install-test browser office
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist load)

bench: install-test
	$(PY) bench/bench_import.py
	$(PY) bench/bench_seed.py
	$(PY) bench/bench_pages.py
	$(PY) bench/bench_assessment.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
