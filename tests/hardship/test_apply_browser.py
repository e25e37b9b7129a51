"""What a new member found on the phone: the hardship application showed the household as a
seven-column desktop table at 360 px (the ID box 45 px wide), always three rows, no way to add
one and a delete box on blank rows. Now each household member is a card, added and removed one
at a time, every control a 44 px target."""

from playwright.sync_api import expect

from gonghui.hardship.models import HardshipFile

from ..browser_support import member_sign_in
from ..campaigns.conftest import member
from ..core.test_h5_browser import fits
from .conftest import standards


def _fill(card, name, relation, income=""):
    card.locator("input[name$=-name]").fill(name)
    card.locator("select[name$=-relation]").select_option(relation)
    if income:
        card.locator("input[name$=-annual_income]").fill(income)


def test_a_member_fills_in_the_household_card_by_card_on_a_phone(new_phone, city):
    standards(city)
    m = member(city, login=True)
    phone = new_phone()
    member_sign_in(phone, m.login_phone)
    phone.goto("/hardship/mine/")
    form = phone.get_by_test_id("apply-form")
    form.locator("#id_household_size").fill("3")
    form.locator("#id_annual_income").fill("30000")
    form.locator("#id_main_cause").select_option("illness")

    cards = phone.locator("[data-testid=household-card]:visible")
    expect(cards).to_have_count(1)  # one blank card, no table
    assert phone.locator("[data-testid=household-formset] table").count() == 0
    assert phone.locator("[data-testid=household-formset] input[type=checkbox]:visible").count() == 0
    _fill(cards.nth(0), "王芳", "spouse", "6000")
    add = phone.get_by_test_id("household-add")
    add.click()
    expect(cards).to_have_count(2)
    _fill(cards.nth(1), "刘小明", "child")

    # Every control of a card is a full-width, 44 px target; nothing scrolls sideways.
    for control in [add, *cards.nth(0).locator("input:visible, select:visible, button:visible").all()]:
        box = control.bounding_box()
        assert box["height"] >= 44, control
    assert cards.nth(0).locator("input[name$=-id_number]").bounding_box()["width"] >= 250
    assert fits(phone)

    cards.nth(0).get_by_test_id("household-remove").click()  # 王芳 out
    expect(cards).to_have_count(1)
    expect(cards.nth(0).locator("[data-formset-number]")).to_have_text("1")
    add.click()
    expect(cards).to_have_count(2)
    expect(cards.nth(1).locator("[data-formset-number]")).to_have_text("2")
    _fill(cards.nth(1), "刘小红", "child")
    assert fits(phone)

    phone.once("dialog", lambda d: d.accept())
    form.locator("button.btn-primary").click()
    phone.wait_for_load_state("networkidle")
    expect(phone.get_by_test_id("my-files")).to_contain_text("2026")
    f = HardshipFile.objects.get(member=m)
    assert sorted((h.name, h.relation) for h in f.household.all()) == [("刘小明", "child"), ("刘小红", "child")]
    assert phone.console_errors == []
