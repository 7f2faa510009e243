"""Rewrite the README's configuration table from `config_options.OPTIONS` (one source of truth)."""

from pathlib import Path

from strands_airflow.settings import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- config-table:start -->", "<!-- config-table:end -->"

text = README.read_text()
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
README.write_text(f"{head}{START}\n{markdown_table()}\n{END}{tail}")
print("README configuration table rewritten")
