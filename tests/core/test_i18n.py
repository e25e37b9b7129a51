"""The Chinese catalogue is complete and the compiled file matches it."""

from pathlib import Path

import polib

import gonghui

LOCALE = Path(gonghui.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))

    def singular(entries):
        return {(e.msgctxt or "", e.msgid): e.msgstr for e in entries if not e.msgid_plural}

    assert singular(mo) == singular(po.translated_entries())


def test_pages_speak_chinese(client, city):
    client.force_login(city.users["county"])
    html = client.get("/orgs/unions/").content.decode()
    assert "工会" in html and "导出 Excel" in html and "Export to Excel" not in html
