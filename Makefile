# `make run` for coders (the app only), `make test` for developers (adds the test extra), `make dist` for a
# frozen build. Each creates .venv when needed, with the pip a fresh venv brings (not upgraded: the wheel
# and this set-up must work with it, as they must for a user's own venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.installed-run
STAMP      := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist
PIP := $(BIN)/python -m pip install --quiet

.PHONY: run test test-wheel lint bench screenshot dist smoke clean

$(BIN)/python:
	@sh scripts/ensure-system-libs.sh
	$(PYTHON) -m venv $(VENV)

# The runtime dependencies only, then the system libraries Qt's plugins link to (read from the plugins).
$(RUN_STAMP): pyproject.toml scripts/qt_system_libs.py | $(BIN)/python
	$(PIP) -e .
	$(BIN)/python scripts/qt_system_libs.py --install
	@touch $@

# The test extra, and PostgreSQL's server programs for the team-server tests (they start a throwaway cluster).
$(STAMP): $(RUN_STAMP) scripts/ensure-postgres.sh
	@sh scripts/ensure-postgres.sh
	$(PIP) -e '.[test]'
	@touch $@

$(DIST_STAMP): $(RUN_STAMP)
	$(PIP) -e '.[dist]'
	@touch $@

run: $(RUN_STAMP)
	$(BIN)/annotator

lint: $(STAMP)
	$(BIN)/ruff check annotator tests benchmarks scripts packaging
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not wheel"

# The wheel built, installed with a fresh venv's pip outside the repository, and run (~2 min; .ci/run runs it).
test-wheel: $(STAMP)
	$(BIN)/python -m pytest -q -m wheel tests/test_wheel.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot.py docs/screenshot.png

# The one-folder app in dist/annotator/ (macOS: dist/annotator.app), from packaging/annotator.spec.
dist: $(DIST_STAMP)
	rm -rf dist/annotator dist/annotator.app build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/annotator.spec
	$(BIN)/python scripts/check_build.py contents dist/annotator

# The built app's smoke run (offscreen): demo project, one span labelled, exported, window rendered.
smoke:
	QT_QPA_PLATFORM=offscreen dist/annotator/annotator --smoke build/smoke/smoke.png
	$(BIN)/python scripts/check_build.py smoke build/smoke/smoke.png

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
