# make demo : install into .venv, build a glossary from data/corpus, show it
# make test : install into .venv, run the test suite
# make bench: install into .venv, run the benchmarks (figures, not pass/fail tests)
# make mutate: mutation audit of store/xmlsafe/merge/lookup (slow, not in CI; docs/testing.md)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: install demo test bench mutate clean

install: $(STAMP)

# torch==2.13.0 first: it is the local CPU build; any other spec pulls gigabytes of CUDA.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev,mt]'
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/glossary --db $(DEMO_DB) build data/corpus
	@echo "--- top domain terms: glossary --db $(DEMO_DB) terms --kind term --limit 20"
	$(BIN)/glossary --db $(DEMO_DB) terms --kind term --limit 20
	@echo "--- loanwords and top names"
	$(BIN)/glossary --db $(DEMO_DB) terms --kind loanword
	$(BIN)/glossary --db $(DEMO_DB) terms --kind name --limit 8
	@echo "--- glossary --db $(DEMO_DB) lookup \"sociaal krediet\" kredietwaardigheid guanxi"
	$(BIN)/glossary --db $(DEMO_DB) lookup "sociaal krediet" kredietwaardigheid guanxi

test: install
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider tests

bench: install
	$(BIN)/python benchmarks/run_all.py

# MUTATOR=mutmut runs mutmut (config in pyproject.toml) instead of the curated mutant list
MUTATOR ?= curated
mutate: install
ifeq ($(MUTATOR),mutmut)
	$(BIN)/mutmut run
	$(BIN)/mutmut results
else
	$(BIN)/python scripts/mutate.py
endif

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm build *.egg-info
