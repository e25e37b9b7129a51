"""The console SMS backend prints and logs the message with the phone masked."""

import logging

from gonghui.accounts.sms import ConsoleSmsBackend


def test_the_console_backend_never_writes_a_full_phone(caplog, capsys):
    with caplog.at_level(logging.WARNING, logger="gonghui.sms"):
        ConsoleSmsBackend().send("13812348000", "您的验证码是 123456")
    printed = capsys.readouterr().out
    assert "138****8000" in printed and "13812348000" not in printed
    assert "138****8000" in caplog.text and "13812348000" not in caplog.text
    assert "123456" in printed  # the developer still reads the code
