PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench corpus clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/jixiao extract corpus/seed/example-word.pdf --format table | head -40
	$(BIN)/jixiao check corpus --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerates corpus PDFs; needs reportlab and the Debian fonts fonts-wqy-zenhei and fonts-arphic-uming.
corpus: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[corpus]'
	$(BIN)/python -m corpus.generate

clean:
	rm -rf $(VENV) build *.egg-info
