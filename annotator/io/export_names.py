"""The export formats by name, with their file suffixes: what the CLI's `--format` offers and the GUI's save
dialog filters, without importing the writers (so `annotator --help` and each command's start stay quick)."""

from __future__ import annotations

# name -> the suffix of the file (or, for a folder format, of the folder) written by default
SUFFIXES = {"jsonl": ".jsonl", "doccano": ".doccano.jsonl", "prodigy": ".prodigy.jsonl",
            "labelstudio": ".labelstudio.jsonl", "csv": ".csv", "csv-stances": ".stances.csv", "brat": "-brat"}
FOLDER_FORMAT_NAMES = frozenset({"brat"})  # written as a folder of files, not one file
