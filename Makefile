# rtkit: `make demo` and `make test` each set up .venv when needed, then run.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.rtkit-installed
UV := $(PY) -m uv pip install -q --python $(PY)
# Python writes the bytecode of each module it imports, once: compiling all of site-packages up front costs more than
# the few thousand modules the tests and the demo import
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-fast lab bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "setting up $(VENV) (install log: $(VENV)/install.log)"
	@# uv installs the same packages in seconds; pip does it when uv cannot be had.
	@{ $(PY) -m pip install -q uv && $(UV) -e '.[dev]' && $(UV) --no-deps 'silero-vad>=5.1'; } > $(VENV)/install.log 2>&1 \
	  || { $(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e '.[dev]' \
	       && $(PY) -m pip install -q --no-deps 'silero-vad>=5.1'; } >> $(VENV)/install.log 2>&1 \
	  || (cat $(VENV)/install.log; exit 1)
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/rtkit run data/portfolio_summary.wav --mcp finance --out runs/demo --overwrite

# four workers (pytest-xdist) on two cores: many tests wait on real time, backoff or subprocesses (the whole suite in
# a fresh clone: 5.3-5.4 minutes, against 5.4-5.6 on three; run again: 4.4-4.7 against 5.4); conftest.py at the root
# says how they share the cores
PYTEST := $(VENV)/bin/pytest -n 4 --dist loadgroup

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# mypy (one core for about 20 s) checks the types while the tests run; its verdict is printed after them
	$(VENV)/bin/mypy 2>&1 | $(PY) tests/mypy_baseline.py > $(VENV)/mypy.log 2>&1 & types=$$!; \
	$(PYTEST) tests notebooks --nbval-lax; tests=$$?; \
	wait $$types; typed=$$?; cat $(VENV)/mypy.log; exit $$(( tests || typed ))

test-fast: $(STAMP)
	$(PYTEST) -m "not slow" tests

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf runs .pytest_cache
