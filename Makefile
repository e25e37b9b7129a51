# Gonghui: `make run` serves a demo city on http://127.0.0.1:$(PORT) (with the task scheduler, and a
# worker when REDIS_URL is set); `make test` runs every suite.
# Both install what they need first (virtualenv, Python packages, Debian packages for tests).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
WORKERS ?= 3
export GONGHUI_VAR_DIR ?= $(CURDIR)/var

.PHONY: install run serve test lint bench vendor messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed
	@bash tools/debian.sh

run: install
	GONGHUI_ENV=local $(BIN)/gonghui migrate --no-input -v0
	GONGHUI_ENV=local $(BIN)/gonghui demo --if-empty
	GONGHUI_ENV=local $(BIN)/gonghui collectstatic --no-input -v0
	@GONGHUI_ENV=local $(BIN)/gonghui demo --logins
	@# Beside the web server: the scheduler (celery beat; without a broker it runs the periodic
	@# tasks itself) and, when REDIS_URL or GONGHUI_BROKER_URL is set, a worker. All stop with make.
	export GONGHUI_ENV=local; trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	$(BIN)/celery -A gonghui beat -l warning -s $(GONGHUI_VAR_DIR)/celerybeat-schedule & pids=$$!; \
	if [ -n "$$REDIS_URL$$GONGHUI_BROKER_URL" ]; then $(BIN)/celery -A gonghui worker -l warning & pids="$$pids $$!"; fi; \
	$(BIN)/gunicorn -c python:gonghui.gunicorn_conf gonghui.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--threads 4 --access-logfile - --forwarded-allow-ips 127.0.0.1

test: install
	$(BIN)/ruff check src tests bench tools
	bash tools/test.sh

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools || true

bench: install
	bash tools/bench.sh

# Maintainers: refresh the vendored front-end files and the division data from npm.
vendor:
	bash tools/vendor.sh
	bash tools/regions.sh

messages: install
	cd src/gonghui && GONGHUI_ENV=test ../../$(BIN)/gonghui makemessages -l zh_Hans --no-obsolete \
		--ignore 'static/*' && GONGHUI_ENV=test ../../$(BIN)/gonghui compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var
