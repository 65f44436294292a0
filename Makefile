PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench corpus corpus-office scans clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/jixiao extract corpus/seed/example-word.pdf --format csv --output out/example-facts.csv
	$(BIN)/jixiao check corpus/seed --fail-on never
	$(BIN)/jixiao check corpus/seed corpus/generated corpus/office corpus/hardbreak --format xlsx --output out/findings.xlsx --fail-on never --jobs 2  # the scans need jixiao[ocr]
	$(BIN)/jixiao check corpus/seed --format html --output out/example-report.html --fail-on never
	@echo "wrote out/example-facts.csv, out/findings.xlsx and out/example-report.html"

test: lint
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,corpus]'
	$(BIN)/python bench/run.py --write

# Regenerates the corpus into out/corpus with the bundled fonts (corpus/fonts); the committed corpus
# is regression material and is not overwritten (python -m corpus.generate without --out does that).
corpus: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[corpus]'
	$(BIN)/python -m corpus.generate --out out/corpus

# Rewrites corpus/office (Word and Excel files, their LibreOffice PDFs) and corpus/hardbreak; needs LibreOffice
# (Debian: libreoffice-writer-nogui libreoffice-calc-nogui), which sees only the bundled fonts.
corpus-office: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[corpus]'
	$(BIN)/python -m corpus.generate --only office
	$(BIN)/python -m corpus.generate --only hardbreak

# Rewrites the committed scanned renderings (corpus/scans) from corpus/generated.
scans: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[corpus]'
	$(BIN)/python -m corpus.generate --only scans

clean:
	rm -rf $(VENV) build *.egg-info
