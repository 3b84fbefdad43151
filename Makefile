# rtkit: `make demo` and `make test` each set up .venv when needed, then run.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.rtkit-installed

.PHONY: demo test test-fast lab bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "setting up $(VENV) (pip log: $(VENV)/install.log)"
	@$(PY) -m pip install -q --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PY) -m pip install -q -e '.[dev]' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PY) -m pip install -q --no-deps 'silero-vad>=5.1' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/rtkit run data/portfolio_summary.wav --mcp finance --out runs/demo --overwrite

# two workers (pytest-xdist); conftest.py at the root says how they share the cores
PYTEST := $(VENV)/bin/pytest -n 2 --dist loadgroup

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy | $(PY) tests/mypy_baseline.py
	$(PYTEST) tests notebooks --nbval-lax

test-fast: $(STAMP)
	$(PYTEST) -m "not slow" tests

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf runs .pytest_cache
