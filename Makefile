# Two commands for a newcomer: `make run` (set up + open the app) and `make test`
# (set up + the whole suite, headless). Everything else here is optional.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-stamp
STAMP := $(VENV)/.installed-stamp
PACKAGE_STAMP := $(VENV)/.package-stamp

.PHONY: run test lint bench compare-anki screenshots package clean

# `make run` installs only what the app needs (a 1.2 GB .venv: Qt is 650 MB of it, the speech model and
# CTranslate2 220 MB); `make test` adds the test tools (Anki's core, PyInstaller, mypy, PDF makers): 1.4 GB.
$(APP_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(APP_STAMP)
	$(VENV)/bin/flashdeck

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check flashdeck tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/bench_core.py --n 10000

compare-anki: $(STAMP)
	$(PY) bench/compare_anki.py --n 1000 --n 10000 --n 50000

# Each size on a screen of that size, so dialogs fit it as they would for a user.
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m flashdeck.ui.screenshots docs/screenshots --size 1280x800
	xvfb-run -a -s "-screen 0 1024x640x24" $(PY) -m flashdeck.ui.screenshots docs/screenshots --size 1024x640
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m flashdeck.ui.screenshots_cards docs/screenshots

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	@touch $(PACKAGE_STAMP)

# dist/flashdeck/ (the one-folder app) and dist/flashdeck-VERSION-linux-ARCH.tar.gz (it, plus install.sh).
package: $(PACKAGE_STAMP)
	$(PY) packaging/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache packaging/__pycache__
