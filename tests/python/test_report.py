"""`thidua report --html` in a real browser (Debian's Chromium driven by Playwright): the
report of a run on the seeds and the district dev set shows its counts, seed 001's three
checks with their figures marked, a working filter and the map, logs no console error and
makes no request beyond its own file."""
import os
import shutil
from pathlib import Path

import pytest

from conftest import SHARED, thidua

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium here", allow_module_level=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-run")
    thidua("extract", str(SHARED / "seeds"), str(SHARED / "district" / "daksong-dev.jsonl"), "--out", str(out), "--quiet")
    page = out / "report.html"
    thidua("report", str(out), "--html", str(page))
    return page


@pytest.fixture(scope="module")
def page(report):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        tab.errors, tab.requests = [], []
        tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        tab.on("request", lambda r: tab.requests.append(r.url))
        tab.goto(report.as_uri())
        tab.wait_for_load_state("load")
        yield tab
        if os.environ.get("THIDUA_REPORT_SCREENSHOT"):
            tab.fill("#q", "")
            tab.screenshot(path=os.environ["THIDUA_REPORT_SCREENSHOT"], full_page=True)
        browser.close()


def test_counts_of_the_run(page):
    assert page.title().startswith("thidua report")
    shown = {n: page.inner_text(f"#n-{n}") for n in ("documents", "quantities", "awards", "dates", "checks")}
    assert shown["documents"] == "22"
    assert shown["checks"] == "5"
    assert int(shown["quantities"]) > 150 and int(shown["awards"]) > 40


def test_seed_001_checks_with_their_figures_marked(page):
    article = page.locator("article", has_text="001_babac2bdff31ffb1")
    checks = article.locator(".check")
    assert checks.count() == 3
    kinds = sorted(checks.nth(i).get_attribute("data-kind") for i in range(3))
    assert kinds == ["denominator_mismatch", "percent_sum", "ratio_percent_mismatch"]
    marks = article.locator("mark").all_inner_texts()
    assert "05/39 tổ chức cơ sở đảng" in marks and "13,76%" in marks
    assert "claimed 13,76, expected 12,82" in article.inner_text()
    assert page.locator("section.district h3", has_text="Bình Giang, Hải Dương").count() == 1


def test_the_filter_narrows_the_checks(page):
    page.fill("#q", "51,4")
    assert page.inner_text("#shown") == "1"
    page.fill("#q", "001_babac")
    assert page.inner_text("#shown") == "3"
    page.fill("#q", "")
    page.select_option("#fd", "Đắk Song")
    assert page.inner_text("#shown") == "2"
    assert page.locator("article", has_text="001_babac2bdff31ffb1").is_hidden()
    page.select_option("#fd", "")
    assert page.inner_text("#shown") == "5"


def test_commendations_and_the_map_have_their_tables(page):
    assert page.locator("figure", has_text="Award rows by grantor level").locator("tr").count() >= 4
    assert page.locator("svg.map circle.dot").count() == 696
    hits = page.locator("svg.map circle.hit")
    # Five districts with a code: four seeds' and Đắk Song (seed 002's Châu Thành is one of ten).
    assert hits.count() == 5
    assert page.locator("svg.map circle.checked").count() == 2
    assert "Đắk Song" in page.locator("figure.mapfig table").inner_text()


def test_no_console_error_and_no_request_beyond_the_file(page, report):
    assert page.errors == []
    assert page.requests == [report.as_uri()]
