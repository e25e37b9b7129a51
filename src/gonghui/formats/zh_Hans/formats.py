"""How pages show dates and times: the one place (FORMAT_MODULE_PATH) for every template's
`|date`, every list column and `gonghui.core.dates`. Chinese form on pages — 2026年12月7日,
with time 2026年12月7日 14:05 (Asia/Shanghai); exports and the API keep ISO 8601
(`gonghui.core.dates.iso`). Input formats are Django's own for zh_Hans, ISO first."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
