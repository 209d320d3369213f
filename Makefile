# argmap — the two commands a user needs: `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
THREADS := $(wildcard threads/*)

.PHONY: install run test lint browser clean

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq torch==2.13.0          # the local CPU build; must come before anything needing torch
	$(PIP) install -qq -e '.[dev,ray]'
	touch $@

install: .venv/.installed

run: install                                  ## map every thread in threads/ into outputs/
	.venv/bin/argmap map $(THREADS) -o outputs/

test: install                                 ## the test suite (browser tests need `make browser`)
	HF_HUB_OFFLINE=1 $(PY) -m pytest

lint: install
	.venv/bin/ruff check argmap tests benchmarks

browser:                                      ## Debian's headless Chromium + driver for the browser tests
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -q && apt-get install -y -q chromium chromium-driver)

clean:
	rm -rf .venv outputs/*.html outputs/dataset
