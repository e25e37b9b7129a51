"""Encryption of personal fields (ID numbers, phones) with the national algorithms.

PIPL and 等保 2.0 ask that personal identifiers be stored encrypted; GB/T 39786 names the
SM algorithms for it. Each value is sealed with SM4-GCM under a key derived (HKDF-SM3) from
the key ring in ``settings.FIELD_KEYS``; the token names its key, so the key can be rotated
row by row (``gonghui rotate_field_keys``). Look-up and dedupe use a keyed hash
(HMAC-SM3 with ``settings.LOOKUP_KEY``) stored beside the token, never the value itself.

Values leave this module masked unless a caller asks for ``Sealed.reveal()``, and callers
record every reveal in the audit trail.
"""

import base64
import binascii
import logging
import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

KEY_BYTES = 32
IV_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"^[a-z0-9]{1,16}$")  # lower case: SQLite's LIKE ignores case
HKDF_INFO = b"gonghui-sm4"
MASK = "*"


class SealError(ValueError):
    """A token that cannot be opened: malformed, sealed under an unknown key, or altered."""


class UnknownKeyError(SealError):
    pass


class TamperedError(SealError):
    pass


# --- the key ring ----------------------------------------------------------------------------

def _check_key(name, key):
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must be {KEY_BYTES} bytes.")
    return bytes(key)


def key_ring():
    """settings.FIELD_KEYS checked: an ordered {key id: 32 bytes}, the first one current."""
    ring = getattr(settings, "FIELD_KEYS", None)
    if not ring:
        raise ImproperlyConfigured("FIELD_KEYS is empty: configure GONGHUI_FIELD_KEYS.")
    for key_id, key in ring.items():
        if not KEY_ID.match(key_id):
            raise ImproperlyConfigured(f"FIELD_KEYS: the key id {key_id!r} must be 1-16 lower-case letters or digits.")
        _check_key(f"FIELD_KEYS[{key_id!r}]", key)
    return ring


def current_key_id():
    return next(iter(key_ring()))


@lru_cache(maxsize=64)
def _derive(raw: bytes) -> bytes:
    """The SM4 key for a ring key (HKDF-SM3); cached by the raw key, so a changed ring
    (tests, a reload) never serves a stale derivation."""
    return HKDF(algorithm=hashes.SM3(), length=16, salt=None, info=HKDF_INFO).derive(raw)


def _sm4_key(key_id, ring=None):
    raw = (ring if ring is not None else key_ring()).get(key_id)
    if raw is None:
        raise UnknownKeyError(f"the token was sealed with key {key_id!r}, which is not in FIELD_KEYS; "
                              "add the old key back to GONGHUI_FIELD_KEYS (after the current one)")
    return _derive(bytes(raw))


def _b64encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- sealing ---------------------------------------------------------------------------------

def _associated(key_id, context):
    """The associated data: the key id, and the purpose when there is one, so a token sealed for
    one purpose (a search in an address) never opens as another (a stored ID number)."""
    return key_id.encode("ascii") + (b"\0" + context.encode("ascii") if context else b"")


def seal(plaintext: str, *, context: str = "") -> str:
    """``"<key id>:" + base64url(iv + ciphertext + tag)`` under the current key; a fresh IV each
    time, so equal values give different tokens. The key id (and `context`, if given) is the
    associated data: open it with the same `context`."""
    if not isinstance(plaintext, str):
        raise TypeError(f"seal() takes a str, not {type(plaintext).__name__}")
    key_id = current_key_id()
    iv = os.urandom(IV_BYTES)
    enc = Cipher(algorithms.SM4(_sm4_key(key_id)), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(_associated(key_id, context))
    body = enc.update(plaintext.encode("utf-8")) + enc.finalize()
    return f"{key_id}:{_b64encode(iv + body + enc.tag)}"


def sealer(*, context: str = ""):
    """`seal` for a run of values (a roster import's rows): the key ring is read and checked
    once and the current key's SM4 set up once, not again for every value. The tokens are
    exactly what `seal` makes. Ask for a new sealer per run, so a changed key ring is seen."""
    key_id = current_key_id()
    algorithm, aad = algorithms.SM4(_sm4_key(key_id)), _associated(key_id, context)
    prefix, urandom, gcm, b64 = f"{key_id}:", os.urandom, modes.GCM, base64.urlsafe_b64encode

    def seal_one(plaintext):
        if not isinstance(plaintext, str):
            raise TypeError(f"seal() takes a str, not {type(plaintext).__name__}")
        iv = urandom(IV_BYTES)
        enc = Cipher(algorithm, gcm(iv)).encryptor()
        enc.authenticate_additional_data(aad)
        body = enc.update(plaintext.encode("utf-8")) + enc.finalize()
        return prefix + b64(iv + body + enc.tag).rstrip(b"=").decode("ascii")

    return seal_one


def _split(token):
    if not isinstance(token, str) or ":" not in token:
        raise SealError("not a sealed token")
    key_id, _, body = token.partition(":")
    if not KEY_ID.match(key_id):
        raise SealError("not a sealed token: bad key id")
    return key_id, body


def key_id_of(token: str) -> str:
    """The id of the key a token was sealed with (without opening it)."""
    return _split(token)[0]


def open_sealed(token: str, *, context: str = "") -> str:
    """The plaintext of a token sealed with the same `context`; SealError (UnknownKeyError,
    TamperedError) when it cannot be opened. Never returns a wrong value: the GCM tag covers the
    ciphertext, the key id and the context."""
    return opener(context=context)(token)


def opener(*, context: str = ""):
    """`open_sealed` for a run of tokens (an export's rows): the key ring is read and checked
    once, and each key's SM4 set up once, not again for every token (that was half the cost of
    opening one). Ask for a new opener per run, so a changed key ring is always seen."""
    ring = key_ring()
    ciphers = {}  # key id -> (algorithms.SM4, the associated data)

    def open_one(token):
        key_id, _sep, body = token.partition(":") if isinstance(token, str) else ("", "", "")
        cipher = ciphers.get(key_id)
        if cipher is None:  # a key id not met yet: checked here once
            key_id, body = _split(token)
            cipher = ciphers[key_id] = (algorithms.SM4(_sm4_key(key_id, ring)), _associated(key_id, context))
        algorithm, aad = cipher
        try:
            raw = _b64decode(body)
        except (binascii.Error, ValueError):
            raise TamperedError("the sealed token is not valid base64") from None
        if len(raw) < IV_BYTES + TAG_BYTES:
            raise TamperedError("the sealed token is too short")
        dec = Cipher(algorithm, modes.GCM(raw[:IV_BYTES], raw[-TAG_BYTES:])).decryptor()
        dec.authenticate_additional_data(aad)
        try:
            data = dec.update(raw[IV_BYTES:-TAG_BYTES]) + dec.finalize()
        except InvalidTag:
            raise TamperedError(f"the sealed token (key {key_id!r}) failed its integrity check: "
                                "it was altered or sealed with a different key of that id") from None
        return data.decode("utf-8")

    return open_one


def looks_sealed(value: str) -> bool:
    """True when `value` is a token that opens with the key ring (the GCM tag rules out a
    plaintext that merely looks like one)."""
    try:
        open_sealed(value)
    except SealError:
        return False
    return True


# --- sealed files ----------------------------------------------------------------------------
# An uploaded roster holds the ID numbers and phones of thousands of people; it waits on disk
# until its import ends, so it is sealed like the fields it carries: SM4-GCM under the current
# field key, written as the upload streams in, in a file only the server's user may read.

FILE_MAGIC = b"GHSEALED1\n"


def seal_file(chunks, path):
    """Write the byte `chunks` to a new file at `path`, sealed: the magic line, the key id and a
    newline (both authenticated), the IV, the ciphertext, the tag. The file is created 0600 and
    never exists in clear; an existing file is not overwritten (FileExistsError)."""
    key_id = current_key_id()
    header = FILE_MAGIC + key_id.encode("ascii") + b"\n"
    iv = os.urandom(IV_BYTES)
    enc = Cipher(algorithms.SM4(_sm4_key(key_id)), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(header)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(header + iv)
        for chunk in chunks:
            out.write(enc.update(chunk))
        out.write(enc.finalize() + enc.tag)


def open_sealed_file(path) -> bytes:
    """The plaintext of a file `seal_file` wrote, in memory (it is never written out in clear);
    SealError when it is not such a file, was altered or names a key no longer in the ring."""
    with open(path, "rb") as f:
        data = memoryview(f.read())
    end = bytes(data[:64]).find(b"\n", len(FILE_MAGIC))
    if bytes(data[:len(FILE_MAGIC)]) != FILE_MAGIC or end < 0:
        raise SealError("not a sealed file")
    header, key_id = bytes(data[:end + 1]), bytes(data[len(FILE_MAGIC):end]).decode("ascii", "replace")
    if not KEY_ID.match(key_id):
        raise SealError("not a sealed file: bad key id")
    if len(data) < end + 1 + IV_BYTES + TAG_BYTES:
        raise TamperedError("the sealed file is too short")
    iv, body, tag = data[end + 1:end + 1 + IV_BYTES], data[end + 1 + IV_BYTES:-TAG_BYTES], data[-TAG_BYTES:]
    dec = Cipher(algorithms.SM4(_sm4_key(key_id)), modes.GCM(bytes(iv), bytes(tag))).decryptor()
    dec.authenticate_additional_data(header)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag:
        raise TamperedError("the sealed file failed its integrity check: it was altered") from None


# --- keyed look-up hash ----------------------------------------------------------------------

def lookup_key():
    return _check_key("LOOKUP_KEY", getattr(settings, "LOOKUP_KEY", None))


def normalise(value: str, kind: str = "") -> str:
    """Upper case without surrounding spaces; phones keep only their digits, so 0734-8123456
    and 0734 8123456 hash alike (a clean 11-digit mobile is unchanged)."""
    value = str(value).strip().upper()
    return re.sub(r"[^0-9]", "", value) if kind.startswith("phone") else value


def lookup_hash(kind: str, value: str, *, key: bytes | None = None) -> str:
    """Hex HMAC-SM3 of ``kind + "\\0" + normalised value`` with LOOKUP_KEY (or `key`): equal
    values of one kind hash alike, so it serves look-up and dedupe without the value."""
    h = hmac.HMAC(_check_key("lookup key", key) if key is not None else lookup_key(), hashes.SM3())
    h.update(f"{kind}\0{normalise(value, kind)}".encode())
    return h.finalize().hex()


def hasher(kind: str):
    """`lookup_hash` of one kind for a run of values: the keyed HMAC-SM3 is set up once and
    copied for each value (a third of the cost of setting it up again). Same hashes."""
    base = hmac.HMAC(lookup_key(), hashes.SM3())
    prefix = f"{kind}\0"

    def hash_one(value):
        h = base.copy()
        h.update((prefix + normalise(value, kind)).encode())
        return h.finalize().hex()

    return hash_one


def tail_hasher(kind: str):
    """`tail_hash` of one kind for a run of values, as `hasher`."""
    hash_tail = hasher(f"{kind}_tail")
    return lambda value: hash_tail(normalise(value, kind)[-TAIL:])


TAIL = 4  # "the last four": what people read off a card or a phone to find its holder


def tail_hash(kind: str, value: str) -> str:
    """The keyed hash of the last four characters of an ID number (kind "id") or a phone
    ("phone"). A search by the last four compares these, so the database never holds the
    characters themselves: in clear, an ID's last four beside its holder's birth date and the
    union's region rebuilt the whole number (see the masking rule below)."""
    return lookup_hash(f"{kind}_tail", normalise(value, kind)[-TAIL:])


# --- masking ---------------------------------------------------------------------------------

def _mask_short(value):
    """All but the last 2 characters; values of 5 or fewer are masked whole, so at least four
    characters are always hidden."""
    if len(value) <= 5:
        return MASK * len(value)
    return MASK * (len(value) - 2) + value[-2:]


ID_FULL_MASK_FROM = 15  # mainland ID cards have 15 or 18 characters; passports and permits fewer
ID_SHOWN_HEAD, ID_SHOWN_TAIL = 4, 2

# The one masking rule for what a masked output (page, export, API) shows together about a person
# (PIPL art. 51, 去标识化). A reader is assumed to know the union's region (the first six digits of
# most members' ID numbers); what is shown must leave at least MIN_CANDIDATES ID numbers fitting it
# (GB 11643: region, birth date, three sequence digits, check digit).
# - An ID number shows its first four and its last two characters: the last sequence digit (which
#   says the sex) and the check digit. About 9 numbers per birth day fit them (100 sequences, one in
#   eleven with that check digit): some 33,000 over a ten-year age band, 3,300 over a birth year.
#   The last four would leave one per eleven days: 330 over a ten-year age band.
# - A birth date is never shown beside it, whole or in part (a date leaves 9).
# - The roster's age filter is never combined with a search by the last four characters
#   (members.filtersets): the search would show the last four again.
# tests/members/test_masking.py counts the candidates left by every masked output.
MIN_CANDIDATES = 1000
BIRTH_MASK = "****-**-**"
MASKED_WHOLE = {"birth": BIRTH_MASK}  # kinds shown as a fixed mask, without opening the value


def mask_name(name: str) -> str:
    """A name as a 公示 list shows it: the family name and the last character (张*丰), 张* for two."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask(kind: str, plaintext) -> str:
    """A value for display, by the rule above: ID numbers as ``4304************3X`` (first 4, last
    2), phones as ``138****8000`` (first 3, last 4), birth dates hidden whole; shorter ID numbers
    (a 9-character passport would show 6 of 9 the ID way) and other kinds show only their last 2
    characters. "" for no value."""
    value = "" if plaintext is None else str(plaintext)
    if not value:
        return ""
    if kind in MASKED_WHOLE:
        return MASKED_WHOLE[kind]
    if kind == "id" and len(value) >= ID_FULL_MASK_FROM:
        return value[:ID_SHOWN_HEAD] + MASK * (len(value) - ID_SHOWN_HEAD - ID_SHOWN_TAIL) + value[-ID_SHOWN_TAIL:]
    if kind.startswith("phone") and len(value) >= 11:
        return value[:3] + MASK * 4 + value[-4:]
    return _mask_short(value)


def mask_sealed(kind: str, token: str, open_one=open_sealed) -> str:
    """A token's masked display (``Sealed.masked`` without a Sealed): `open_one` is an
    `opener()` when many are masked in a row. One that cannot be opened shows as ****, logged."""
    if kind in MASKED_WHOLE:
        return MASKED_WHOLE[kind]  # nothing of it is shown: no need to open it
    try:
        return mask(kind, open_one(token))
    except SealError as e:
        log.warning("a %s value cannot be opened: %s", kind or "sealed", e)
        return MASK * 4


# --- the value class -------------------------------------------------------------------------

class Sealed:
    """A sealed value as models hold it. ``str()`` and ``repr()`` give the masked value, so
    templates, logs and JSON never show the plaintext; ``reveal()`` gives it (audit that).
    Equal when the plaintexts are equal. Opening is lazy: a row read from the database is
    decrypted only when something asks for its value."""

    __slots__ = ("token", "kind", "_plain")

    def __init__(self, token: str, kind: str = "", *, _plain: str | None = None):
        self.token = token
        self.kind = kind
        self._plain = _plain

    @classmethod
    def wrap(cls, plaintext: str, kind: str = "") -> "Sealed":
        """Seal `plaintext` now under the current key."""
        return cls(seal(plaintext), kind, _plain=plaintext)

    @property
    def key_id(self) -> str:
        return key_id_of(self.token)

    def is_current(self) -> bool:
        return self.key_id == current_key_id()

    def reveal(self) -> str:
        if self._plain is None:
            self._plain = open_sealed(self.token)
        return self._plain

    @property
    def masked(self) -> str:
        return mask_sealed(self.kind, self.token, lambda _token: self.reveal())

    def lookup_hash(self) -> str:
        return lookup_hash(self.kind, self.reveal())

    def __str__(self):
        return self.masked

    def __repr__(self):
        return self.masked

    def __eq__(self, other):
        if isinstance(other, Sealed):
            return self.token == other.token or self.reveal() == other.reveal()
        if isinstance(other, str):
            return self.reveal() == other
        return NotImplemented

    def __hash__(self):
        return hash(self.reveal())

    def __bool__(self):
        return bool(self.token)

    def __reduce__(self):
        # Pickles (sessions, caches) carry the token, never the opened plaintext.
        return (Sealed, (self.token, self.kind))
