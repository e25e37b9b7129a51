"""The shared money and attachment helpers every assistance app builds on."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.money import to_fen, validate_bank_account, yuan, yuan_decimal
from gonghui.core.uploads import check_upload


@given(st.integers(min_value=0, max_value=10**12))
def test_fen_survive_the_round_trip_through_yuan(fen):
    assert to_fen(yuan(fen)) == fen
    assert to_fen(yuan_decimal(fen)) == fen


@pytest.mark.parametrize("text, fen", [("1200", 120000), ("1,200.5", 120050), ("0.01", 1), (" 3 ", 300),
                                       (Decimal("6196000"), 619600000)])
def test_amounts_in_yuan(text, fen):
    assert to_fen(text) == fen


@pytest.mark.parametrize("bad, message", [("12.345", "最多两位小数"), ("-5", "不能为负"), ("一百", "请输入"),
                                          ("NaN", "最多两位小数"), ("1e20", "过大")])
def test_bad_amounts_are_refused_in_chinese(bad, message):
    with pytest.raises(ValidationError) as e:
        to_fen(bad)
    assert message in e.value.messages[0]


def test_floats_are_never_money():
    with pytest.raises(TypeError):
        to_fen(0.1)


def test_bank_cards_need_their_check_digit():
    assert validate_bank_account("6222 0202 0000 0000 006") == "6222020200000000006"
    with pytest.raises(ValidationError, match="校验位"):
        validate_bank_account("6222020200000000005")
    assert validate_bank_account("43001500061052500000") == "43001500061052500000"  # 20-digit corporate
    with pytest.raises(ValidationError, match="8 至 30 位"):
        validate_bank_account("6222-abc")


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_uploads_are_judged_by_content_not_name(settings):
    assert check_upload(_upload("诊断.pdf", b"%PDF-1.7\n...")) == "application/pdf"
    assert check_upload(_upload("x.bin", b"\x89PNG\r\n\x1a\n....")) == "image/png"
    with pytest.raises(ValidationError, match="不是"):
        check_upload(_upload("诊断.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError, match="不是PDF"):
        check_upload(_upload("照片.jpg", b"\xff\xd8\xff\xe0"), kinds=("pdf",))
    with pytest.raises(ValidationError, match="空的"):
        check_upload(_upload("空.pdf", b""))
    settings.ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError, match="超过 1 MB"):
        check_upload(_upload("大.pdf", b"%PDF-" + b"0" * (1024 * 1024)))


def test_export_titles_excel_would_refuse_are_made_safe(city):
    from gonghui.core.export import sheet_title, xlsx_response

    from ..factories import read_xlsx

    assert sheet_title("金秋助学[2026]: 名单/批次?") == "金秋助学_2026__ 名单_批次_"
    assert sheet_title("'" + "长" * 40) == "长" * 30
    response = xlsx_response(user=city.users["rights"], title="发放批次 1/2", headers=["金额（元）"],
                             rows=[[Decimal("1234.50")]])
    assert "1_2" in response["Content-Disposition"]
    assert read_xlsx(response) == {"发放批次 1_2": [["金额（元）"], [1234.5]]}


def test_a_large_upload_waits_in_our_own_0700_directory(settings):
    """An upload over FILE_UPLOAD_MAX_MEMORY_SIZE is buffered to disk while the request runs:
    in FILE_UPLOAD_TEMP_DIR (0700, ours), never in /tmp where other accounts can list it."""
    import os
    import stat

    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    handler = TemporaryFileUploadHandler()
    handler.new_file("file", "花名册.csv", "text/csv", 3 * 1024 * 1024)
    handler.receive_data_chunk(b"x" * 1024, 0)
    path = handler.file.temporary_file_path()
    try:
        assert os.path.dirname(path) == settings.FILE_UPLOAD_TEMP_DIR
        assert stat.S_IMODE(os.stat(settings.FILE_UPLOAD_TEMP_DIR).st_mode) == 0o700
    finally:
        handler.file.close()
