"""The one masking rule, tested by counting candidates (issue 21, defect 7).

A reader who knows the union's region (衡阳县, 430421) reads one masked output (a page, an export,
an API answer) about one member. From everything it shows together (the masked ID's last
characters, any birth date, year or month, and the filters that found the row, such as the age
band) tests/members/candidates.py counts every ID number that fits, with the GB 11643 check digit.
At least gonghui.core.crypto.MIN_CANDIDATES must remain."""

import io
import re
import zipfile
from datetime import date

from django.urls import reverse

from gonghui.core import search
from gonghui.core.crypto import MIN_CANDIDATES
from gonghui.members import services
from gonghui.members.identity import AGE_BANDS

from .candidates import REGION, Known, candidates
from .test_matrix import _rid

BORN = date(1985, 6, 15)
MASKED_ID = re.compile(r"\d{4}\*{8,14}([\dX]{1,4})(?![\dX*])")


def known_from(shown, born=BORN):
    """What the text `shown` (one output about one member) tells about their ID number."""
    m = MASKED_ID.search(shown)
    assert m, "no masked ID number in the output"
    known = Known(tail=m.group(1))
    if born.isoformat() in shown or born.strftime("%Y%m%d") in shown or born.strftime("%Y年%-m月%-d日") in shown:
        known.born = born
    if born.strftime("%Y-%m") in shown or born.strftime("%Y年%-m月") in shown:
        known.month = (born.year, born.month)
    if re.search(rf"(?<!\d){born.year}(?!\d)", shown):
        known.year = born.year
    return known


def count(shown, window=None):
    return candidates(known_from(shown), window=window)


def band_window(band, today=None):
    """The birth dates an age band lets through (ages low <= age < high reached this year)."""
    year = (today or date.today()).year
    first = year - band.high + 1 if band.high is not None else year - 70
    return date(first, 1, 1), date(year - band.low, 12, 31)


def test_the_count_itself():
    """The figures: the last four alone leave about 1,800, with a ten-year age band about 330, with
    the birth year about 33; the last two (today's mask) about 180,000, 33,000 and 3,300."""
    assert 1500 < count("4304**********0025") < 1900
    assert 20 < count("4304**********0025 1985") < 45
    assert count("4304**********0025 1985-06-15") <= 1
    assert 300 < candidates(Known(tail="0025"), window=band_window(AGE_BANDS[2])) < 360
    assert count("4304************25") > 150_000
    assert count("4304************25 1985") > 3000
    assert candidates(Known(tail="25"), window=band_window(AGE_BANDS[2])) > 30_000


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
    counts = {name: count(text) for name, text in _outputs(city, client, api).items()}
    print(f"candidates left by each masked output: {counts}")
    assert all(n >= MIN_CANDIDATES for n in counts.values()), counts


def _api_query(api, query):
    """The API's form of `query`: the search text sealed first (POST /api/v1/searches)."""
    token = api("city").post("/api/v1/searches", {"q": query["q"]}, content_type="application/json").json()["qh"]
    return {k: v for k, v in query.items() if k != "q"} | {"qh": token}


def _band_of(born):
    return next(i for i, band in enumerate(AGE_BANDS) if band.contains(date.today().year - born.year))


def test_the_roster_filtered_by_age_band_leaves_enough_candidates(city, client, api):
    """The age band the rows were found with is shown with them (the filter bar, the printed
    line, the export's filters): it narrows the birth dates to ten years."""
    m = _member(city)
    band = _band_of(BORN)
    client.force_login(city.users["city"])
    query = {"q": m.name, "age": str(band)}  # an old-style address: sent on with the search sealed
    outputs = {
        "roster page": _row(client.get(reverse("members:list"), query, follow=True).content.decode(), m.number),
        "roster export": _xlsx_text(client.get(reverse("members:list"), query | {"export": "xlsx"}, follow=True)),
        "members API": str([i for i in api("city").get("/api/v1/members", _api_query(api, query)).json()["items"]
                            if i["number"] == m.number]),
    }
    window = band_window(AGE_BANDS[band])
    counts = {name: count(text, window) for name, text in outputs.items()}
    print(f"candidates left by a masked roster row found with an age band: {counts}")
    assert all(n >= MIN_CANDIDATES for n in counts.values()), counts


def test_an_age_band_is_never_combined_with_a_search_by_the_last_four(city, client, api):
    """A search by the last four shows them again beside the band: about 330 numbers would be
    left. The page and the API refuse the pair with a message naming the age filter."""
    m = _member(city)
    number = m.id_number.reveal()
    client.force_login(city.users["city"])
    query = {"q": number[-4:], "age": str(_band_of(BORN))}
    page = client.get(reverse("members:list"), query, follow=True).content.decode()
    assert m.number not in page and "年龄段" in page
    r = api("city").get("/api/v1/members", _api_query(api, query))
    assert r.status_code == 422 and "age" in r.json()["errors"], r.json()
    found = client.get(reverse("members:list"), {"q": number[-4:]}, follow=True).content.decode()
    assert m.number in found  # the search by the last four alone still works
