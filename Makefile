# secure-mou: every target creates/updates the virtualenv first, so a fresh clone needs
# only `make demo` or `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_MOU ?= sample_mous/harbor-county-1998.docx

.PHONY: install demo test lint unit eval bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	@# exit code 1 means "gaps found", which is the point of the demo
	$(VENV)/bin/secure-mou check $(DEMO_MOU) || test $$? -eq 1

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

unit: install
	$(PY) -m pytest -n 2

test: lint unit

eval: install
	$(PY) -m secure_mou.evaluation sample_mous
	@echo "holdout (written without sight of the rules; measured, not gated):"
	$(PY) -m secure_mou.evaluation sample_mous/holdout --report-only
	@echo "real agreements (../shared/realdev; documents 21-30 and every third clause held back):"
	$(PY) -m secure_mou.realset --baseline --by-step

bench: install
	$(PY) bench/run.py

# 10,000 seeded mutations of the samples, each read in a watched subprocess; fails on any
# traceback, dead worker, hang (> 10 s) or case over 1 GB. `make test` runs 300 of them.
fuzz: install
	$(PY) -m tests.fuzz.run --cases 10000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
