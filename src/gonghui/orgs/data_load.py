"""Loading the shipped reference data (divisions, code tables) into the database."""

import csv
import gzip
from pathlib import Path

from gonghui.core.codes import load_code_tables

DATA = Path(__file__).resolve().parent / "data"


def read_regions():
    with gzip.open(DATA / "regions.csv.gz", "rt", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def load(regions, codes, batch=5000):
    """Insert divisions (parents first) and code tables through the given managers.
    Idempotent: rows already present are left as they are."""
    Region = regions.model
    have = set(regions.values_list("code", flat=True))
    rows = [Region(code=r["code"], name=r["name"], level=int(r["level"]), parent_id=r["parent"] or None)
            for r in read_regions() if r["code"] not in have]
    rows.sort(key=lambda r: (r.level, r.code))
    regions.bulk_create(rows, batch_size=batch)
    load_code_tables(codes, DATA, {"industry": "industries", "ownership": "ownership_types"})
