import pytest

pytestmark = pytest.mark.django_db


def test_rules_with_sources_by_region_and_date(api):
    rows = {r["name"]: r for r in api("county").get("/api/v1/rules").json()}
    assert rows["rights.mediation_days"]["value"] == 15
    assert rows["rights.mediation_days"]["source"] == "劳动争议调解仲裁法 第十四条"
    assert rows["wcongress.quorum_share"]["value"] == "2/3"
    assert rows["union.chair_transfer_answer_days"]["value"] is None  # Shanghai only
    sh = {r["name"]: r for r in api("county").get("/api/v1/rules", {"region": "310000"}).json()}
    assert sh["union.chair_transfer_answer_days"]["value"] == 15 and sh["wcongress.passing_strict"]["value"] is False
    zj = {r["name"]: r for r in api("county").get("/api/v1/rules", {"region": "330100"}).json()}
    assert zj["wcongress.passing_strict"]["value"] is True
    assert zj["contracts.answer_days"]["unit"] == "working_days"
    old = {r["name"]: r for r in api("county").get("/api/v1/rules", {"on": "2010-01-01"}).json()}
    assert old["rights.mediation_days"]["value"] == 15 and old["election.recall_share"]["value"] is None  # 2021 law
    # terms elected before the 2021 revision: the 2001 text (also three or five years)
    term = old["union.term_years"]
    assert term["value"] == 5 and term["source"].startswith("工会法（2001年修正）")


def test_bad_region_is_refused(api):
    r = api("county").get("/api/v1/rules", {"region": "43a"})
    assert r.status_code == 400 or r.status_code == 422


def test_a_table_by_size_answers_as_rows(api):
    rows = {r["name"]: r for r in api("county").get("/api/v1/rules").json()}
    assert rows["election.committee_size"]["value"][0] == {"from": 0, "to": 24, "least": 3, "most": 5}
    assert rows["election.committee_size"]["value"][-1]["to"] is None
