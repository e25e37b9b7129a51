"""The one masking rule, tested by counting candidates (issue 21, defect 7).

A reader who knows the union's region (衡阳县, 430421) reads one masked output (a page, an export,
an API answer) about one member. From what it shows together (the masked ID's last four
characters, any birth date, year or month) we enumerate every ID number that fits: the region,
a birth date of a member's lifetime, the shown tail and the GB 11643 check digit (python-stdnum).
At least gonghui.core.crypto.MIN_CANDIDATES must remain."""

import io
import re
import zipfile
from datetime import date, timedelta

from django.urls import reverse
from stdnum.cn import ric

from gonghui.core import search
from gonghui.core.crypto import MIN_CANDIDATES
from gonghui.members import services

from .test_matrix import _rid

REGION = "430421"
BORN = date(1985, 6, 15)
MASKED_ID = re.compile(r"(\d{4})\*{10}(\d{3}[\dX])")


def candidates(shown, born=BORN, region=REGION):
    """ID numbers of the region consistent with the text `shown` (one output about one member)."""
    m = MASKED_ID.search(shown)
    assert m, "no masked ID number in the output"
    tail = m.group(2)
    full = born.isoformat() in shown or born.strftime("%Y%m%d") in shown or born.strftime("%Y年%-m月%-d日") in shown
    month = born.strftime("%Y-%m") in shown or born.strftime("%Y年%-m月") in shown
    year = re.search(rf"(?<!\d){born.year}(?!\d)", shown) is not None
    today = date.today()
    day, last, n = date(today.year - 70, 1, 1), date(today.year - 16, 12, 31), 0
    while day <= last:
        if ((not full or day == born) and (not month or (day.year, day.month) == (born.year, born.month))
                and (not year or day.year == born.year)):
            body = f"{region}{day:%Y%m%d}{tail[:3]}"
            n += ric.calc_check_digit(body + "0") == tail[3]
        day += timedelta(days=1)
    return n


def test_the_count_itself():
    """The figures of the issue: the tail alone leaves about 1,700; with the birth year about 33."""
    assert 1500 < candidates("4304**********0025") < 1900
    assert 20 < candidates("4304**********0025 1985") < 45
    assert candidates("4304**********0025 1985-06-15") <= 1




def _member(city, name="欧阳秀英", seq="002"):
    return services.add_member(acting_user=city.users["city"], union=city.grassroots, name=name,
                               id_number=_rid(f"{REGION}{BORN:%Y%m%d}{seq}"))


def _row(html, marker):
    rows = [r for r in re.findall(r"<tr.*?</tr>", html, flags=re.S) if marker in r]
    assert rows, marker
    return re.sub(r"<[^>]+>", " ", rows[0])


def _xlsx_text(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(re.sub(r"<[^>]+>", " ", z.read(n).decode()) for n in z.namelist()
                        if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml")


def _outputs(city, client, api):
    m = _member(city)
    twin = _member(city, seq="022")  # same name, birth date and sex: a likely duplicate
    client.force_login(city.users["city"])
    out = {
        "roster page": _row(client.get(reverse("members:list"), {"q": m.name}, follow=True).content.decode(), m.number),
        "roster export": _xlsx_text(client.get(reverse("members:list"), {"q": m.name, "export": "xlsx"}, follow=True)),
        "member page": re.sub(r"<[^>]+>", " ", client.get(reverse("members:detail", args=[m.pk])).content.decode()),
        "members API": str([i for i in api("city").get("/api/v1/members", {"qh": search.token(m.name)}).json()["items"]
                            if i["number"] == m.number]),
        "member API": api("city").get(f"/api/v1/members/{m.pk}").content.decode(),
        "clean-up page": _row(client.get(reverse("members:cleanup"), {"kind": "duplicate"}).content.decode(),
                              twin.number),
        "clean-up export": _xlsx_text(client.get(reverse("members:cleanup"), {"kind": "duplicate",
                                                                             "export": "xlsx"})),
        "clean-up API": str([i for i in api("city").get("/api/v1/member-cleanup/suspects",
                                                        {"kind": "duplicate"}).json()["items"]
                             if i["number"] == twin.number]),
    }
    return out


def test_every_masked_output_leaves_enough_candidates(city, client, api):
    counts = {name: candidates(text) for name, text in _outputs(city, client, api).items()}
    assert all(n >= MIN_CANDIDATES for n in counts.values()), counts
