"""Search keys for member names, and what a search box query means.

A member is found by name in Simplified or Traditional characters (劉越高 finds 刘越高), by full
pinyin or its prefix (``liuyuegao``, ``liuyue``), by initials (``lyg``), by the tail of a phone or
ID number (``8000``) or by a whole number, which the caller looks up by its keyed hash (ID numbers are
stored encrypted, never searched as plain text).

``name_keys`` makes the two stored keys of a name; ``parse_query`` says which of those a query is
matched against. Conversion uses OpenCC (t2s) and pypinyin, never hand-made tables, except for the
reading of polyphonic surnames, which pypinyin cannot know from a bare name.
"""

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

import opencc
from django.core.exceptions import ValidationError
from pypinyin import lazy_pinyin

from .identity import clean_mobile

_local = threading.local()


def _t2s():
    """One OpenCC converter per thread (cheap to build; sharing one across threads is not documented as safe)."""
    converter = getattr(_local, "t2s", None)
    if converter is None:
        converter = _local.t2s = opencc.OpenCC("t2s")
    return converter


def simplified(text):
    """``text`` in Simplified characters (OpenCC t2s); other characters are left alone."""
    return _t2s().convert(text) if text else ""


# Surnames whose reading as a surname differs from pypinyin's default reading of the character.
# Applied to the start of a name only; two-character (compound) surnames first.
COMPOUND_SURNAMES = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
}
SURNAMES = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "覃": "qin", "翟": "zhai", "盖": "ge", "缪": "miao", "秘": "bi", "种": "chong", "繁": "po",
    "员": "yun", "句": "gou", "召": "shao", "阚": "kan", "祭": "zhai", "折": "she", "能": "nai",
    "薄": "bo", "隗": "wei", "藏": "zang",
}

# CJK ideographs: the unified blocks, extension A and the supplementary planes, and 〇.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(f"[{_HAN}]+|[A-Za-z]+")
_HAS_HAN = re.compile(f"[{_HAN}]")


def _fold_latin(text):
    """Full-width to half-width and accents dropped (José → Jose, Ａｎｎａ → Anna)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _syllables(name):
    """The name as a list of lower-case syllables: one per Chinese character (with the surname read as a surname),
    one per Latin word. Characters without a reading, digits and punctuation are dropped."""
    syllables = []
    for position, token in enumerate(_TOKEN.findall(_fold_latin(name))):
        if not _HAS_HAN.match(token):
            syllables.append(token.lower())
            continue
        readings = lazy_pinyin(token, errors=lambda chars: ["" for _ in chars])
        if position == 0:  # the surname is at the very start of a Chinese name
            if len(token) > 2 and token[:2] in COMPOUND_SURNAMES:
                readings[:2] = COMPOUND_SURNAMES[token[:2]]
            elif token[0] in SURNAMES:
                readings[0] = SURNAMES[token[0]]
        syllables.extend(reading for reading in readings if reading)
    return syllables


@functools.lru_cache(maxsize=1 << 18)  # names repeat on any roster (张伟, 王芳 ...); a big one has 100k+ distinct
def name_keys(name):
    """``(pinyin, initials)`` of a name, from its Simplified form, lower-case, no tones, no spaces.

    ``刘越高`` → ``("liuyuegao", "lyg")``; ``曾国藩`` → ``("zengguofan", "zgf")``; ü is written v (吕 → ``lv``);
    a Latin name keeps its letters: ``Anna Smith`` → ``("annasmith", "as")``.
    """
    syllables = _syllables(simplified(name or ""))
    return "".join(syllables), "".join(s[0] for s in syllables)


# Queries ------------------------------------------------------------------------------------------------------


TAIL_DIGITS = (4, 4)  # "the last four": matched by keyed hash (crypto.tail_hash), never the digits themselves


@dataclass(frozen=True)
class Query:
    """What a search box query means: at most one of ``name``, ``pinyin``, ``digits``, ``document`` is set
    (``bool(query)`` is False when none is: blank, a single digit, or something that fits no branch).

    - ``name``: the query had Chinese characters. Simplified form, only the Chinese characters and · kept
      (Chinese wins over anything typed with it: ``刘 8000`` searches the name 刘). Match the member's name.
    - ``pinyin``: Latin letters only, lower-case without spaces or apostrophes (ü as v). Match the start of the
      pinyin key *or* the start of the initials key: ``liuyue`` and ``lyg`` both find 刘越高.
    - ``digits``: digits only (spaces, dashes, brackets and + ignored), at least 4; or three digits and an X.
      ``tail`` (exactly 4: "the last four"): match the last four characters of the phone number and of the
      document number by their keyed hashes (crypto.tail_hash), never the plain numbers.
      Otherwise (7 digits or more) a whole number: a member number, or a phone or ID number looked up by its
      keyed hash. ``phone`` then holds the clean 11-digit mobile number when the digits are one (``+86`` /
      ``86`` dropped, so ``+86 138-0013-8000`` gives ``8613800138000`` and phone ``13800138000``), else "".
    - ``document``: an ID-like number: 17 digits and a digit or X (takes precedence over ``digits`` for 18
      digits), or letters and digits mixed, 5–20 characters (passport, permit, old foreign card). Upper-case;
      match exactly by keyed hash.
    """

    name: str = ""
    pinyin: str = ""
    digits: str = ""
    document: str = ""
    phone: str = ""

    @property
    def tail(self):
        """True when ``digits`` are the last four characters of a phone or ID number."""
        low, high = TAIL_DIGITS
        return low <= len(self.digits) <= high

    @property
    def kind(self):
        """Which field is set: "name", "pinyin", "digits", "document", or "" for an empty query."""
        return next((kind for kind in ("name", "pinyin", "digits", "document") if getattr(self, kind)), "")

    def __bool__(self):
        return bool(self.kind)


_SPACING = re.compile(r"[\s\-+'’()]+")


def parse_query(q):
    """Classify a search box query; see ``Query`` for the branches and how each is matched."""
    text = unicodedata.normalize("NFKC", q or "").strip()
    if _HAS_HAN.search(text):
        return Query(name="".join(char for char in simplified(text) if _HAS_HAN.match(char) or char == "·"))
    compact = _SPACING.sub("", text)
    if re.fullmatch(r"[0-9]{17}[0-9Xx]", compact):
        return Query(document=compact.upper())
    if re.fullmatch(r"[0-9]{3}[Xx]", compact):  # the last four of an ID number ending in X
        return Query(digits=compact.upper())
    if re.fullmatch(r"[0-9]+", compact):
        if len(compact) < TAIL_DIGITS[0]:
            return Query()
        if len(compact) <= TAIL_DIGITS[1]:
            return Query(digits=compact)
        try:
            phone = clean_mobile(compact)
        except ValidationError:
            phone = ""
        return Query(digits=compact, phone=phone)
    folded = _fold_latin(compact.replace("ü", "v").replace("Ü", "V"))  # pypinyin writes ü as v
    if re.fullmatch(r"[A-Za-z]+", folded):
        return Query(pinyin=folded.lower())
    if re.fullmatch(r"[A-Za-z0-9]{5,20}", compact):
        return Query(document=compact.upper())
    return Query()
