# The two commands of the README:
#   make demo   install (with Spark), prepare Airflow, run the reference DAG on local and spark
#   make test   install with the test extra, start Redis if needed, lint, type-check, run the tests
#   make cluster-up / cluster-down   a multi-process Airflow (Celery, PostgreSQL, Redis, S3) on
#               this machine: scripts/cluster.sh, docs/deploy.md
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install install-test install-cluster test lint demo bench cluster-up cluster-down

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(PY)
	$(PIP) install -q -c constraints.txt -e ".[spark]"

install-test: $(PY)
	$(PIP) install -q -c constraints.txt -e ".[test,rs,spark]"

lint: install-test
	$(VENV)/bin/ruff check strands_airflow tests benchmarks dags scripts examples
	$(VENV)/bin/mypy strands_airflow

install-cluster: $(PY)
	$(PIP) install -q -c constraints.txt -e ".[cluster,spark]"

cluster-up: install-cluster
	bash scripts/ensure_services.sh
	VENV=$(VENV) bash scripts/cluster.sh up

cluster-down:
	VENV=$(VENV) bash scripts/cluster.sh down

test: install-test
	bash scripts/ensure_services.sh
	bash scripts/install_browser.sh
	$(MAKE) lint
	$(PY) -m pytest -q

demo: install
	VENV=$(VENV) bash scripts/demo.sh
