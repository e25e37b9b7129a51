"""姓氏笔画 order for ballots: candidates by the stroke count of their surname, then of the
following characters.

Stroke counts come from the Unicode Han Database (Unihan), field kTotalStrokes, as shipped by
Debian's `unicode-data` package (/usr/share/unicode/Unihan_IRGSources.txt.bz2; tools/debian.sh
installs it). Where Unihan gives two counts the first is the one for the PRC's forms. Unihan
carries no first-stroke (起笔 横竖撇点折) field, so characters with equal stroke counts are
ordered by their pinyin (pypinyin, with tone numbers), then by code point; characters Unihan
does not know (Latin letters...) come after every Han character.
"""

import bz2
import functools
from pathlib import Path

from pypinyin import Style, lazy_pinyin

UNIHAN_FILES = (Path("/usr/share/unicode/Unihan_IRGSources.txt.bz2"),
                Path("/usr/share/unicode/Unihan_IRGSources.txt"))
UNKNOWN = 10_000  # after every real stroke count


class StrokeDataMissing(RuntimeError):
    pass


@functools.cache
def stroke_table():
    """{character: total strokes} read once per process from Unihan."""
    for path in UNIHAN_FILES:
        if path.exists():
            opener = bz2.open if path.suffix == ".bz2" else open
            table = {}
            with opener(path, "rt", encoding="utf-8") as f:
                for line in f:
                    if "\tkTotalStrokes\t" not in line:
                        continue
                    code, _field, value = line.rstrip("\n").split("\t")
                    table[chr(int(code[2:], 16))] = int(value.split()[0])
            return table
    raise StrokeDataMissing("Unihan stroke counts not found: install Debian's unicode-data package "
                            "(tools/debian.sh does), it provides /usr/share/unicode/Unihan_IRGSources.txt.bz2")


def strokes(ch):
    return stroke_table().get(ch, UNKNOWN)


@functools.cache
def _char_key(ch):
    return strokes(ch), lazy_pinyin(ch, style=Style.TONE3)[0], ord(ch)


def sort_key(name):
    """The key ordering `name` in 姓氏笔画 order (surname first, then the rest, character by
    character: strokes, then pinyin, then code point)."""
    return tuple(_char_key(ch) for ch in (name or "").strip())


def by_strokes(items, name=lambda x: x.name):
    return sorted(items, key=lambda x: sort_key(name(x)))
