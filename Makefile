# AI Career Hub: `make run` serves the site with sample content; `make test` runs every check.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := careerhub.settings
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/careerhub
PYTEST_ARGS ?=
# Two pytest-xdist workers, one per core: browsers and servers wait on I/O much of the time.
PYTEST_WORKERS ?= 2

.PHONY: run test lint check-db migrations-check sqlite-smoke pytest chromium bench bench-newsletter mutate clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Install only when a requirements file changed (the stamp is newer otherwise).
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py load_sample_content
	DJANGO_DEBUG=1 $(PY) manage.py ensure_editor
	@echo "Serving on http://127.0.0.1:$(PORT)/  (editor login: http://127.0.0.1:$(PORT)/admin/)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests drive: Chromium (browser tests), poppler-utils (reading the printed
# PDFs) and nginx (the multi-node test).
chromium:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	test -x /usr/sbin/nginx || command -v nginx >/dev/null || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian's$$missing for the tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

check-db: $(VENV)/.installed-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) $(PY) scripts/check_db.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(VENV)/.installed-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The zero-set-up default: a fresh SQLite file migrates and takes the sample content.
sqlite-smoke: $(VENV)/.installed-dev
	@tmp=$$(mktemp -d); \
	env -u DATABASE_URL DJANGO_DEBUG=1 SQLITE_PATH=$$tmp/smoke.sqlite3 $(PY) manage.py migrate --no-input -v0 && \
	env -u DATABASE_URL DJANGO_DEBUG=1 SQLITE_PATH=$$tmp/smoke.sqlite3 $(PY) manage.py load_sample_content >/dev/null && \
	env -u DATABASE_URL DJANGO_DEBUG=1 SQLITE_PATH=$$tmp/smoke.sqlite3 $(PY) manage.py load_sample_content >/dev/null && \
	echo "SQLite default: migrates and loads the sample content (twice)."; status=$$?; rm -rf $$tmp; exit $$status

pytest: $(VENV)/.installed-dev chromium check-db
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest $(if $(CI),--create-db,--reuse-db) \
		-n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

test: check-db lint migrations-check sqlite-smoke pytest

bench: $(VENV)/.installed-dev
	$(PY) -m bench.run $(BENCH_ARGS)

# One issue to 10,000 subscribers through a loopback SMTP sink: messages/s and peak memory.
# Uses a throwaway database next to TEST_DATABASE_URL. BENCH_ARGS="--subscribers 2000 --tracemalloc"
bench-newsletter: $(VENV)/.installed-dev check-db
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/newsletter_send.py $(BENCH_ARGS)

# Mutation testing with mutmut (slow, so not part of `make test`): each module against its own
# tests, then the kill rate per module and every surviving mutant. Modules: scripts/mutate.py.
# One module: make mutate MUTATE_MODULES=careerhub/cache.py
MUTATE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/careerhub_mutate
MUTATE_MODULES ?=
mutate: $(VENV)/.installed-dev
	DATABASE_URL=$(MUTATE_DATABASE_URL) $(PY) scripts/mutate.py $(MUTATE_MODULES)

clean:
	rm -rf $(VENV) staticfiles artifacts mutants .pytest_cache .ruff_cache
