# Small Wins — the README's commands. Everything sets itself up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Compiled bytecode is kept, in .cache/pycache rather than beside the sources, even where the
# environment says PYTHONDONTWRITEBYTECODE (this machine's and CI's do): without it every process
# compiles every module from source again, and every pytest worker rewrites the asserts of every
# test module again (collecting the suite: 7.5 s per worker without the cache, 2.6 s with it).
export PYTHONDONTWRITEBYTECODE :=
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache

.PHONY: run demo test test-fast lint typecheck contracts pytest bench backup restore copy-to-postgres format messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Small Wins needs Python 3.11 or newer (found " + sys.version.split()[0] + "). Set PYTHON=python3.11.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -m pip install --quiet -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c 'import telegram, asyncpg, pydantic_settings, aiohttp, prometheus_client, pytest' \
		|| { echo "Installing dependencies failed; see the pip output above." >&2; exit 1; }
	@touch $(STAMP)

## run: the bot (real Telegram with TELEGRAM_BOT_TOKEN; the local demo otherwise, in a terminal)
run: $(STAMP)
	$(BIN)/python -m bot

## demo: chat with the coach in this terminal — no token, no network
demo: $(STAMP)
	$(BIN)/python -m bot.demo

## backup: a checked copy of the database (safe while the bot runs): data/backups/ for SQLite
backup: $(STAMP)
	$(BIN)/python -m bot.backup

## restore: put a backup back (stop the bot first): make restore FILE=data/backups/smallwins-....db
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=data/backups/smallwins-YYYYMMDD-HHMMSS.db" >&2; exit 2; }
	$(BIN)/python -m bot.backup restore "$(FILE)"

## copy-to-postgres: the SQLite database into PostgreSQL (stop the bot first):
##   make copy-to-postgres TO=postgresql://user:password@host:5432/db [FROM=sqlite:///x.db] [REPLACE=1]
# The command is not echoed: TO holds the database's password.
copy-to-postgres: $(STAMP)
	@test -n "$(TO)" || { echo "Name the PostgreSQL database: make copy-to-postgres TO=postgresql://user:password@host:5432/database" >&2; exit 2; }
	@$(BIN)/python -m bot.copy_db --to "$(TO)" $(if $(FROM),--from "$(FROM)") $(if $(REPLACE),--replace)

## test: every check — lint, format, types, import contracts, every test (on all cores)
test: lint typecheck contracts pytest

# Test workers (pytest-xdist). make test runs two per core: a third of its time is spent waiting
# on real clocks (Telegram's one-second retry_after, a paced send wave, child processes starting
# and stopping), and a second worker per core fills those waits (2 cores, quiet, 2026-12-04:
# 53 s at four workers, 72 s at two, 53 s at six). make test-fast is all CPU: one per core. PYTEST_WORKERS=0 runs in one
# process. Tests are isolated either way: each worker has its own PostgreSQL database and folders.
CORES := $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
PYTEST_WORKERS ?= $(shell echo $$(( $(CORES) * 2 )))
FAST_WORKERS ?= $(if $(filter 0,$(PYTEST_WORKERS)),0,$(CORES))

## test-fast: the inner loop — the coaching rules (tests/coach) and the use cases (tests/services),
## without the few exhaustive walks over whole tables and long logs (make test runs those)
test-fast: $(STAMP)
	$(BIN)/pytest -n $(FAST_WORKERS) -m "not exhaustive" tests/coach tests/services

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

## bench: speed and scale figures (see BENCHMARKS.md)
bench: $(STAMP)
	$(BIN)/python -m bench

## messages: add the views' new texts to every language's catalogue (bot/locales/), list what is left to translate
messages: $(STAMP)
	$(BIN)/python -m bot.locales.catalogues

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache .cache *.egg-info
