"""Loading shipped code tables (CSV files with `code,name`) into the Code table."""

import csv
from pathlib import Path


def load_code_tables(codes, data_dir: Path, tables: dict[str, str]):
    """Insert the entries of each `table` from `data_dir/<file>.csv` that are missing.
    Idempotent, so it runs after every migrate and every test flush."""
    Code = codes.model
    for table, name in tables.items():
        have = set(codes.filter(table=table).values_list("code", flat=True))
        with open(data_dir / f"{name}.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        codes.bulk_create([Code(table=table, code=r["code"], name=r["name"], sort=i)
                           for i, r in enumerate(rows) if r["code"] not in have])
