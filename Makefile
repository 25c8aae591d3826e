# The portal's two commands are `make run` and `make test`; the rest are for maintainers.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/improvement_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
DEMO_SCALE ?= 0.05
DEMO_PORT ?= 8000

.PHONY: run test install services chromium bench audit lock lint frontend clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## make run: a fresh machine to a portal full of demo data on http://127.0.0.1:8000 (SQLite, and a
## Celery worker on a broker kept in files, so no Redis; Ctrl-C stops the server and the worker)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_councils
	$(PY) manage.py seed_demo --scale $(DEMO_SCALE)
	$(PY) scripts/run_demo.py 127.0.0.1:$(DEMO_PORT)

## make test: the whole suite on the real PostgreSQL and Redis, browser tests in Debian's Chromium
test: install services chromium
	DATABASE_URL=$(PG_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -q $(PYTEST_ARGS); \
	status=$$?; if [ $$status -eq 5 ]; then echo "No tests were collected."; fi; exit $$status

services:
	@pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; pg_isready -h 127.0.0.1
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; redis-cli -h 127.0.0.1 ping

chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null)
	@command -v pdftotext >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null)

## make bench: the portal under load on PostgreSQL against its own floor (see README, Performance)
bench: install services
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/improvement_portal_bench $(PY) -m bench.run

## make audit: known vulnerabilities in the pinned runtime dependencies (needs the package registry)
## --strict fails when a package cannot be looked up, so an unreachable service is never a pass.
audit: install
	$(PY) -m pip_audit --requirement requirements.lock --no-deps --strict --progress-spinner off

## make lock: pin the installed runtime dependencies in requirements.lock (what make audit checks)
lock: install
	$(PY) scripts/lock_requirements.py > requirements.lock

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make frontend: rebuild the vendored GOV.UK Frontend CSS/JS and the axe-core copy (needs Node)
frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm .broker media staticfiles
