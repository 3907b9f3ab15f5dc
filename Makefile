# 碳盤查小幫手 — build, run and test. See README.md (Quick start: `make run`, `make test`).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 for Rasa (pyenv; a bare python3.10 is refused by the shim), 3.11 for everything else.
PY310 ?= $(shell pyenv prefix 3.10.13 2>/dev/null || pyenv prefix 3.10 2>/dev/null)/bin/python
PY311 ?= $(shell pyenv prefix 3.11.7 2>/dev/null || pyenv prefix 3.11 2>/dev/null)/bin/python
VENV := .venv
RVENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RVENV)/bin/rasa
PIP_FLAGS := --disable-pip-version-check --quiet
# Debian packages the tests need (apt-get, only when missing).
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-noto-color-emoji

.PHONY: help install system-deps migrate run test test-fast fuzz check-knowledge validate train build-rasa eval-nlu eval-collect bench bench-calc lock clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: system-deps $(VENV)/.installed $(RVENV)/.installed ## build both environments (seconds when nothing changed)

system-deps: ## Debian packages the tests need (installed with apt-get only when missing)
	@bash scripts/system_deps.sh $(SYSTEM_PACKAGES)

$(VENV)/.installed: requirements/app.txt requirements/app.lock requirements/tools.txt pyproject.toml
	@test -x $(PY) || $(PY311) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements/tools.txt
	$(PY) -m pip install $(PIP_FLAGS) -r requirements/app.txt -c requirements/app.lock -e .
	@touch $@

$(RVENV)/.installed: requirements/rasa.txt requirements/rasa.lock requirements/tools.txt pyproject.toml
	@test -x $(RVENV)/bin/python || $(PY310) -m venv $(RVENV)
	$(RVENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements/tools.txt
	$(RVENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements/rasa.txt -c requirements/rasa.lock -e .
	@touch $@

build-rasa: $(VENV)/.installed ## assemble the Rasa project (FAQ data generated from knowledge/, jieba dictionary) under build/
	$(PY) -m scripts.rasa_project build

train: install ## train the Rasa model, the follow-up and the scope model if what they learn from (rasa_project/, knowledge/, the tuning sets) changed
	$(PY) -m scripts.rasa_project train
	$(RVENV)/bin/python -m scripts.train_followup
	$(RVENV)/bin/python -m scripts.train_scope

migrate: $(VENV)/.installed ## bring the gateway's database (DATABASE_URL) to the newest schema: alembic upgrade head
	$(VENV)/bin/alembic upgrade head

run: install train migrate ## install, train if needed, migrate and start Rasa, the action server and the gateway
	$(PY) -m scripts.stack

check-knowledge: $(VENV)/.installed ## validate the knowledge base content
	$(PY) -m knowledge check

validate: build-rasa $(RVENV)/.installed ## rasa data validate on the assembled project
	$(PY) -m scripts.rasa_project validate

test: install check-knowledge train ## install, train if needed and run every test
	$(PY) -m scripts.rasa_project validate
	$(PY) -m scripts.rasa_project test-stories
	$(RVENV)/bin/python -m pytest -q -p no:cacheprovider tests/nlu_components tests/actions
	$(PY) -m pytest -q --ignore=tests/nlu_components --ignore=tests/actions

test-fast: $(VENV)/.installed $(RVENV)/.installed ## the tests that need no Rasa server
	$(RVENV)/bin/python -m pytest -q -p no:cacheprovider tests/actions
	$(PY) -m pytest -q -m "not rasa and not browser" --ignore=tests/nlu_components --ignore=tests/actions

fuzz: $(VENV)/.installed ## schemathesis against the OpenAPI schema, no 5xx allowed (make test runs 25 examples per operation; FUZZ_EXAMPLES=200 here)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(PY) -m pytest -q -p no:cacheprovider tests/fuzz

eval-nlu: train ## the questions of tests/nlu/ through the whole stack: in scope, follow-ups, rules, out of scope, small talk
	$(PY) -m scripts.eval_nlu

eval-collect: train ## the realistic inventory conversations through the stack (WHICH=tuning|heldout|heldout2|heldout3|heldout4|heldout5|all, default tuning)
	$(PY) -m scripts.eval_collect $(or $(WHICH),tuning)

bench: train ## latency, throughput and memory of the stack vs one Rasa server (about 8 min; writes docs/benchmark.md)
	$(PY) -m scripts.bench

bench-calc: $(VENV)/.installed ## 10,000 activity lines through calc
	$(PY) scripts/bench_calc.py

lock: ## re-resolve requirements/*.lock from the pins in requirements/*.txt and pyproject.toml
	rm -rf /tmp/lock-venv && $(PY311) -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install $(PIP_FLAGS) -r requirements/tools.txt && /tmp/lock-venv/bin/pip install $(PIP_FLAGS) -r requirements/app.txt -e . \
	  && { echo "# Resolved from requirements/app.txt + pyproject.toml on Python 3.11 (make lock)"; /tmp/lock-venv/bin/pip freeze --exclude-editable; } > requirements/app.lock
	rm -rf /tmp/lock-venv && $(PY310) -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install $(PIP_FLAGS) -r requirements/tools.txt && /tmp/lock-venv/bin/pip install $(PIP_FLAGS) -r requirements/rasa.txt -e . \
	  && { echo "# Resolved from requirements/rasa.txt + pyproject.toml on Python 3.10 (make lock)"; /tmp/lock-venv/bin/pip freeze --exclude-editable; } > requirements/rasa.lock

clean: ## remove build outputs (keeps the environments)
	rm -rf build models var test-output
