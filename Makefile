# storyline — two commands do everything on a fresh machine:
#   make demo    set up .venv, then brief the bundled example corpus
#   make test    set up .venv (and headless Chromium), then lint, type-check and test
#                (the tests include the quality gate: bench/gate.py, bench/gate.json)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
DEMO_OUT := out/demo

# bench-<name> runs bench/<name>.py through a pattern rule, which make skips for
# .PHONY targets, so only the fixed targets are listed here
.PHONY: setup demo test lint typecheck unit browser postgres bench bench-web gate gate-refresh schema clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

demo: setup
	@mkdir -p $(DEMO_OUT)
	$(VENV)/bin/storyline brief examples/demo/reports --db $(DEMO_OUT)/storyline.db -o $(DEMO_OUT)
	@echo
	@echo "Briefs written (open one in a browser):"; find $(DEMO_OUT) -name brief.html | sort
	@echo "Or browse them all: $(VENV)/bin/storyline serve --db $(DEMO_OUT)/storyline.db"

# Debian's Chromium for the browser tests (no browser download is possible here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will skip"; \
	  else echo "warning: /usr/bin/chromium missing and apt-get unavailable; browser tests will skip"; fi; \
	fi

# Debian's PostgreSQL server for the store tests (each test starts a throwaway cluster).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || echo "warning: could not install postgresql; PostgreSQL tests will skip"; \
	  else echo "warning: PostgreSQL server binaries missing and apt-get unavailable; PostgreSQL tests will skip"; fi; \
	fi

lint: setup
	$(VENV)/bin/ruff check src tests bench

typecheck: setup
	$(VENV)/bin/mypy

unit: setup
	$(VENV)/bin/pytest

test: setup browser postgres lint typecheck unit

# The quality gate alone (make test runs it too, as tests/test_quality_gate.py):
# a fast subset of each benchmark against the baselines in bench/gate.json.
gate: setup
	$(PY) bench/gate.py

# Rewrite bench/gate.json from this code: only after a change meant to move a figure.
gate-refresh: setup
	$(PY) bench/gate.py --refresh

schema: setup
	$(PY) -m storyline.schema > schema/brief.schema.json

bench: bench-ingest bench-summarize bench-same_fact bench-timex bench-entities bench-attribution bench-stance bench-cluster bench-web bench-stream bench-scale

# bench-ingest, bench-summarize, bench-timex, ...: bench/<name>.py
bench-%: setup
	$(PY) bench/$*.py

bench-web: setup browser
	$(PY) bench/web.py
	STORYLINE_SCREENSHOTS=1 $(VENV)/bin/pytest -q tests/test_web_browser.py

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
