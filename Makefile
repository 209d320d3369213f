# argmap — the two commands a user needs: `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
THREADS := $(wildcard threads/*)

.PHONY: install run screenshots test lint browser clean

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq torch==2.13.0          # the local CPU build; must come before anything needing torch
	$(PIP) install -qq -e '.[dev,ray]'
	touch $@

install: .venv/.installed

run: install                                  ## map every thread in threads/ into outputs/
	.venv/bin/argmap map $(THREADS) -o outputs/

# A rerun reuses cached graphs and pages made by an earlier argmap: start from an empty outputs/, as a
# fresh checkout's `make run` does, so the images show what today's code draws.
screenshots: install                          ## the README's images, from the pages `make run` writes today
	rm -rf outputs/.cache outputs/dataset outputs/*.html outputs/exports
	$(MAKE) run
	$(PY) benchmarks/screenshot.py outputs/ai-roi-debate.html docs/seed-002.png --select c17 --size 1440x800
	$(PY) benchmarks/screenshot.py outputs/ai-roi-debate.html docs/seed-002-edit.png --select c17 --edit support \
	  --size 1440x800
	$(PY) benchmarks/screenshot.py outputs/grok3-delay-article.html docs/grok3-delay-article-outline.png \
	  --view outline --open 2 --size 1440x560

test: install                                 ## the test suite (browser tests need `make browser`)
	HF_HUB_OFFLINE=1 $(PY) -m pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install node_modules/.installed           ## ruff for Python, eslint for the page script
	.venv/bin/ruff check argmap tests benchmarks
	npx --no-install eslint argmap/render/js eslint.config.js

browser:                                      ## Debian's headless Chromium + driver for the browser tests
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -q && apt-get install -y -q chromium chromium-driver)

clean:
	rm -rf .venv node_modules outputs/*.html outputs/dataset
