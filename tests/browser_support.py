"""Browser tests: Playwright driving Debian's chromium against the live test server.

Each app keeps its page flows in `tests/<app>/test_browser.py` (or `test_*_browser.py`); the
fixtures here reach them through tests/conftest.py."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def mark_browser_tests(items):
    """Every test in a test_*browser module is marked `browser` (tools/test.sh can leave them out)."""
    for item in items:
        if item.path.stem.endswith("browser") and item.path.stem.startswith("test_"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, city):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.console_errors = errors
    yield pg
    context.close()


@pytest.fixture
def new_phone(browser, live_server):
    """new_phone(**context options) opens a cheap phone's screen: 360 px wide, touch, console
    errors collected in `page.console_errors`. Every phone is closed before the live server."""
    contexts = []

    def make(**extra):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                      viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, **extra)
        context.set_default_timeout(10_000)
        contexts.append(context)
        pg = context.new_page()
        errors = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.console_errors = errors
        return pg

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_phone, city):
    return new_phone()


def member_sign_in(pg, phone_number, password="Gonghui@2026"):
    """A member signs in on the member tab with their mobile number and password."""
    pg.goto("/accounts/login/?tab=member")
    form = pg.get_by_test_id("login-member-password")
    form.locator("[name=phone]").fill(phone_number)
    form.locator("[name=password]").fill(password)
    pg.get_by_test_id("member-submit").click()
    pg.wait_for_load_state("networkidle")
    return pg


@pytest.fixture
def sign_in(page):
    """sign_in("county") goes through the real sign-in form."""

    def _sign_in(username, password="Gonghui@2026"):
        page.goto("/accounts/login/")
        page.get_by_test_id("staff-username").fill(username)
        page.get_by_test_id("staff-password").fill(password)
        page.get_by_test_id("staff-submit").click()
        page.wait_for_load_state("networkidle")
        return page

    return _sign_in


def choose_union(pg, text, shown=None):
    """Type `text` into a form's union lookup and wait until the union list offers `shown`
    (by default the same text): the lookup fills the list from the server as one types."""
    from playwright.sync_api import expect

    pg.get_by_test_id("lookup-union").fill(text)
    expect(pg.locator("#id_union")).to_contain_text(shown or text)
