"""The city dashboard in a real headless browser (Debian's chromium and its driver,
through selenium) against the real API served by uvicorn: the page shows the figures
the API computes, redraws itself after a new appeal without a reload, holds no
citizen's data, and a screenshot of it is saved for anyone to look at."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from kc1551_demo.embedded import ApiServerThread
from kc1551_demo.seed_data import DEMO_PASSWORD, seed_demo
from server_api.app import create_app
from server_api.settings import ROUND_THE_CLOCK, Settings
from tests.fixtures.servers import missing_server

CITIZEN = "Прихована Заявниця Тестова"
PHONE = "+380671234321"
DESCRIPTION = "Подробиці квартири 15, які не для екрана"
LIFTS = ("3.1", "3.2", "3.3")
WAIT_S = 30


@pytest.fixture(scope="module")
def api_server(database_url: str, test_resources: Path) -> Iterator[ApiServerThread]:
    seed_demo(database_url, test_resources)
    server = ApiServerThread(create_app(database_url, Settings(resources_dir=test_resources,
                                                               **ROUND_THE_CLOCK)))
    server.start()
    yield server
    server.stop()
    server.app.state.engine.dispose()


@pytest.fixture(scope="module")
def api(api_server: ApiServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=30) as http:
        yield http


def headers_of(api: httpx.Client, username: str) -> dict[str, str]:
    response = api.post("/api/v1/auth/login",
                        json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def register(api: httpx.Client, operator: dict[str, str], problem: str, street: str,
             entrance: str | None = None) -> dict[str, Any]:
    building = api.get("/api/v1/buildings", params={"q": street}, headers=operator).json()[0]
    response = api.post("/api/v1/appeals", headers=operator, json={
        "phone": PHONE, "full_name": CITIZEN, "problem_code": problem,
        "building_id": building["id"], "flat": "15", "entrance": entrance,
        "description": DESCRIPTION})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def city(api: httpx.Client) -> dict[str, str]:
    """A morning's appeals and an outage, so every table has something to show."""
    operator, lead = headers_of(api, "operator"), headers_of(api, "lead")
    for index, problem in enumerate((*LIFTS, "3.18", "3.18", "3.4", "1.2", "3.1")):
        register(api, operator, problem, ("Хрещатик", "Володимирська", "Січових")[index % 3],
                 entrance=str(1 + index % 2))
    building = api.get("/api/v1/buildings", params={"q": "Володимирська"},
                       headers=operator).json()[0]
    now = datetime.now(UTC)
    outage = api.post("/api/v1/outages", headers=lead, json={
        "kind": "outage", "service": "hot_water", "building_id": building["id"],
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(days=1)).isoformat(), "description": "Аварія на мережі"})
    assert outage.status_code == 201, outage.text
    admin = headers_of(api, "admin")
    made = api.post("/api/v1/dashboard/keys", headers=admin, json={"name": "Зала 1551"})
    assert made.status_code == 201, made.text
    return {"key": made.json()["key"], "district": building["district"]}


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if binary is None or driver is None:
        missing_server("Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(binary)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1920,1200", "--lang=uk-UA"):
        options.add_argument(argument)
    chrome = webdriver.Chrome(service=Service(str(driver)), options=options)
    yield chrome
    chrome.quit()


def tile(browser: WebDriver, name: str) -> int | None:
    digits = re.sub(r"\D", "", browser.find_element(By.ID, f"tile-{name}").text)
    return int(digits) if digits else None


def wait_for(browser: WebDriver, condition: Any, what: str) -> None:
    try:
        WebDriverWait(browser, WAIT_S, poll_frequency=0.1).until(lambda _d: condition())
    except TimeoutException:
        pytest.fail(f"the dashboard did not {what} within {WAIT_S} s")


def drawn(browser: WebDriver) -> int:
    return int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-generation") or 0)


def test_the_page_shows_the_api_figures_and_follows_a_new_appeal(
        api_server: ApiServerThread, api: httpx.Client, city: dict[str, str],
        browser: WebDriver, tmp_path: Path) -> None:
    wall = {"X-Dashboard-Key": city["key"]}
    expected = api.get("/api/v1/dashboard/data", headers=wall).json()
    browser.get(f"{api_server.url}/dashboard?refresh=2#key={city['key']}")
    wait_for(browser, lambda: drawn(browser) >= 1, "draw its figures")
    assert "key=" not in browser.current_url  # taken out of the address once kept
    assert tile(browser, "in-work") == expected["contact_centre"]["in_work"]
    assert tile(browser, "overdue") == expected["contact_centre"]["overdue"]
    assert tile(browser, "appeals-today") == expected["contact_centre"]["appeals_today"]
    assert tile(browser, "emergencies") == expected["contact_centre"]["emergencies_today"]
    lifts = browser.find_elements(By.CSS_SELECTOR, "#top-lifts li")
    assert len(lifts) == len(expected["housing"]["top_lifts_week"]) > 0
    assert expected["housing"]["top_lifts_week"][0]["address"] in lifts[0].text
    problems = browser.find_elements(By.CSS_SELECTOR, "#housing-problems li")
    assert [p.text.split("\n")[0] for p in problems] == [
        f"{p['count']}{p['name']}" for p in expected["housing"]["top_problems_week"]]
    outage_row = [row.text for row in browser.find_elements(
        By.CSS_SELECTOR, "#without-services tbody tr") if row.text.startswith(city["district"])]
    assert outage_row == [f"{city['district']} 1 0 0 0"]

    before, generation = expected["contact_centre"]["in_work"], drawn(browser)
    register(api, headers_of(api, "operator"), "3.3", "Хрещатик", entrance="3")
    wait_for(browser, lambda: tile(browser, "in-work") == before + 1,
             "show the new appeal")
    assert drawn(browser) > generation
    assert browser.execute_script("return performance.getEntriesByType('navigation').length") == 1
    assert tile(browser, "emergencies") == expected["contact_centre"]["emergencies_today"] + 1

    page = browser.find_element(By.TAG_NAME, "body").text
    for secret in (CITIZEN, PHONE, DESCRIPTION, "кв. 15"):
        assert secret not in page
        assert secret not in browser.page_source
    shot = tmp_path / "dashboard.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


def test_a_lead_signs_in_on_the_page_and_an_operator_is_refused(
        api_server: ApiServerThread, city: dict[str, str], browser: WebDriver) -> None:
    browser.get(f"{api_server.url}/dashboard")
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.get(f"{api_server.url}/dashboard?refresh=2")
    wait_for(browser, lambda: browser.find_element(By.ID, "signin").is_displayed(),
             "ask for a sign-in")
    assert not browser.find_element(By.ID, "board").is_displayed()

    def sign_in(username: str) -> None:
        for field, value in (("username", username), ("password", DEMO_PASSWORD)):
            element = browser.find_element(By.ID, field)
            element.clear()
            element.send_keys(value)
        browser.find_element(By.CSS_SELECTOR, "#signin-form button").click()

    sign_in("operator")
    wait_for(browser, lambda: "старшим зміни" in browser.find_element(By.ID, "signin-error").text,
             "refuse an operator")
    sign_in("lead")
    wait_for(browser, lambda: browser.find_element(By.ID, "board").is_displayed(),
             "open for a shift lead")
    assert tile(browser, "in-work") is not None
