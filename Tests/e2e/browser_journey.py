"""A demo project manager's journey in a real browser, with axe-core on every page visited.

Signs in as the demo project manager, creates a project with one invalid field, sees the error
summary and the message beside the field, fixes it, then finds the project on the portfolio page
with a filter. Fails on any serious or critical accessibility violation (WCAG 2.x A/AA).

Environment: WAYMARK_URL (a running Waymark with the demo loaded), AXE_SCRIPT (axe.min.js).
"""
import io
import json
import os
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime

import openpyxl

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["WAYMARK_URL"].rstrip("/")
AXE = open(os.environ["AXE_SCRIPT"], encoding="utf-8").read()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
visited = []
failures = []


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check_accessibility(driver, label):
    """Runs axe-core on the current page; records serious and critical violations."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(r)).catch(e => done({error: String(e)}));",
        AXE_TAGS,
    )
    if "error" in result:
        failures.append(f"axe could not run on {label}: {result['error']}")
        return
    visited.append(label)
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            nodes = [node["target"] for node in violation["nodes"][:3]]
            failures.append(f"{label}: {violation['impact']} {violation['id']} ({violation['help']}) at {nodes}")
    check_reflow(driver, label)


def check_reflow(driver, label):
    """The page as it is, narrowed to a phone's 375 px: nothing may need sideways scrolling
    (WCAG 2.2 1.4.10 Reflow). The window goes back to the size it had."""
    size = driver.get_window_size()
    narrowed = size["width"] > 375
    if narrowed:
        driver.set_window_size(375, size["height"])
    width = driver.execute_script("return document.documentElement.scrollWidth")
    wide = driver.execute_script(
        "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 376)"
        ".slice(-3).map(e => e.tagName + '.' + e.className).join(', ')") if width > 375 else ""
    if narrowed:
        driver.set_window_size(size["width"], size["height"])
    if width > 375:
        failures.append(f"{label}: needs sideways scrolling at 375 px ({width}px: {wide})")


def has_left(page):
    """Whether the document `page` belonged to has been replaced. ChromeDriver usually says so with
    a stale element error; asked while the new document is being attached, it can instead report
    that the node "does not belong to the document", which expected_conditions.staleness_of does
    not catch (it failed a CI run once)."""
    try:
        page.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def follow(driver, element):
    """Clicks a link or submit button and waits until the browser has left the page (click()
    may return before a form's redirect has been followed)."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(lambda _: has_left(page))
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def set_date(driver, field_id, iso):
    """Types a date into a date input's day, month and year boxes (the NHS.UK pattern), as a
    person would: 2026-04-01 as 1, 4 and 2026."""
    year, month, day = iso.split("-")
    for suffix, value in [("day", str(int(day))), ("month", str(int(month))), ("year", year)]:
        box = driver.find_element(By.NAME, f"{field_id}-{suffix}")
        box.clear()
        box.send_keys(value)


def expect(condition, message):
    if not condition:
        failures.append(message)
    return condition


def main():
    driver = browser()
    driver.set_script_timeout(30)
    try:
        driver.get(BASE + "/portfolio")
        expect("/sign-in" in driver.current_url, "an anonymous visit is sent to sign in")
        check_accessibility(driver, "sign-in")

        driver.find_element(By.ID, "email").send_keys("sam.patel@wessexvale.example")
        driver.find_element(By.ID, "password").send_keys("waymark-demo-2026")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect(driver.current_url.endswith("/portfolio"), f"signed in and back at the portfolio ({driver.current_url})")
        expect("Sam Patel" in driver.find_element(By.CSS_SELECTOR, ".wm-header__account").text, "the header names the person")
        check_accessibility(driver, "portfolio")

        follow(driver, driver.find_element(By.LINK_TEXT, "Create a project"))
        check_accessibility(driver, "create a project")
        # The form explains its words in place: opening one keeps what is typed.
        stage = [d for d in driver.find_elements(By.CSS_SELECTOR, "details.wm-glossary-details")
                 if "lifecycle stage" in d.find_element(By.TAG_NAME, "summary").text]
        if expect(len(stage) == 1, "the form explains 'lifecycle stage' from the glossary"):
            stage[0].find_element(By.TAG_NAME, "summary").click()
            expect(stage[0].get_attribute("open") is not None and "The part of its life a project is in" in stage[0].text,
                   "the explanation opens in place with the glossary's definition")
            check_accessibility(driver, "create a project (a word explained)")
        title = f"Frailty hub pilot {int(time.time())}"
        driver.find_element(By.ID, "title").send_keys(title)
        driver.find_element(By.ID, "summary").send_keys("Fewer emergency admissions for frail older people.")
        driver.find_element(By.CSS_SELECTOR, "input[name=themeIds]").click()
        set_date(driver, "startDate", "2026-04-01")
        # The invalid field: an end date before the start date.
        set_date(driver, "endDate", "2026-01-01")
        driver.find_element(By.ID, "budget").send_keys("250,000")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))

        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1, "the error summary is shown")
        if summary:
            expect("End date must be the same as or after the start date" in summary[0].text, "the summary names the problem")
            expect(driver.switch_to.active_element == summary[0], "the error summary has the focus")
            link = summary[0].find_element(By.CSS_SELECTOR, "a")
            expect(link.get_attribute("href").endswith("#endDate"), "the summary links to the field")
        expect(driver.find_element(By.ID, "endDate-error").is_displayed(), "the message is beside the field")
        expect(driver.find_element(By.NAME, "endDate-year").get_attribute("value") == "2026", "the date typed is kept, box by box")
        expect(driver.find_element(By.ID, "title").get_attribute("value") == title, "the title typed is kept")
        expect(driver.find_element(By.ID, "budget").get_attribute("value") == "250,000", "the budget typed is kept")
        expect(driver.title.startswith("Error: "), "the page title says there is an error")
        check_accessibility(driver, "create a project (with an error)")

        set_date(driver, "endDate", "2027-03-31")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("/projects/" in driver.current_url, f"the project page opens ({driver.current_url})")
        expect(title in driver.find_element(By.TAG_NAME, "h1").text, "the new project's title is the heading")
        expect("The project was created." in driver.page_source, "a confirmation is shown")
        check_accessibility(driver, "project page")

        # The team: a person found with the picker's combobox, never an email address typed.
        find = driver.find_element(By.ID, "find")
        expect(find.get_attribute("role") == "combobox", "the search box is a combobox")
        find.send_keys("aisha")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#find-options [role=option]"))
        expect(find.get_attribute("aria-expanded") == "true", "the combobox says its list is open")
        check_accessibility(driver, "the people picker, open")
        find.send_keys(Keys.ARROW_DOWN)
        expect(find.get_attribute("aria-activedescendant") == "find-options-0", "the arrow moves to the first match")
        page = driver.find_element(By.TAG_NAME, "html")
        find.send_keys(Keys.ENTER)
        WebDriverWait(driver, 15).until(lambda _: has_left(page))
        chosen = driver.find_elements(By.CSS_SELECTOR, "input[name=personId]:checked")
        expect(len(chosen) == 1, "the chosen person is ready for a role")
        Select(driver.find_element(By.ID, "role")).select_by_value("sro")
        check_accessibility(driver, "the people picker, a person chosen")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Save team member']"))
        expect("The team was changed." in driver.page_source and "Aisha Rahman" in driver.find_element(By.ID, "team").find_element(By.XPATH, "..").text,
               "Aisha Rahman joins the team")

        # The glossary: a word on the project page opens its term; the search finds a partner's own word.
        project_page = driver.current_url
        follow(driver, driver.find_element(By.CSS_SELECTOR, ".wm-glossary-links").find_element(By.PARTIAL_LINK_TEXT, "senior responsible owner"))
        expect(driver.find_element(By.TAG_NAME, "h1").text == "Senior responsible owner", "the glossary term opens from the project page")
        expect("SRO" in driver.find_element(By.CSS_SELECTOR, ".wm-summary-list").text, "the term lists its other names")
        check_accessibility(driver, "glossary term")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-navigation").find_element(By.LINK_TEXT, "Glossary"))
        check_accessibility(driver, "glossary")
        driver.find_element(By.ID, "q").send_keys("flash report")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.wm-glossary-search button[type=submit]"))
        expect("1 term matches" in driver.find_element(By.ID, "results").text, "a partner's own word finds the system's term")
        expect(len(driver.find_elements(By.CSS_SELECTOR, "mark.wm-mark")) >= 2, "the matches are marked")
        check_accessibility(driver, "glossary search")
        follow(driver, driver.find_element(By.LINK_TEXT, "Highlight report"))
        expect("says flash report" in driver.find_element(By.CSS_SELECTOR, ".wm-summary-list").text.replace("\u201c", "").replace("\u201d", ""),
               "the term names the organisation that says 'flash report'")
        # Lessons: a lesson found by search across the system's projects.
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-navigation").find_element(By.LINK_TEXT, "Lessons"))
        check_accessibility(driver, "lessons")
        # One search, from the header of any page.
        driver.find_element(By.ID, "header-search").send_keys("board round")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.wm-header__search button[type=submit]"))
        expect("Lessons (" in driver.find_element(By.CSS_SELECTOR, ".wm-search-kinds").text, "the search counts the lessons it found")
        check_accessibility(driver, "search")
        found = driver.find_elements(By.PARTIAL_LINK_TEXT, "Daily board rounds need a senior decision-maker")
        if expect(len(found) == 1, "a lesson is found by searching its words"):
            follow(driver, found[0])
            expect("Make a senior decision-maker" in driver.find_element(By.CSS_SELECTOR, ".wm-summary-list").text,
                   "the lesson's page shows its recommendation")
            check_accessibility(driver, "a lesson")
        # Capability: the project manager assesses themselves, sees a gap and follows a suggested resource.
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-navigation").find_element(By.LINK_TEXT, "Capability"))
        check_accessibility(driver, "capability")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Assess yourself"))
        check_accessibility(driver, "assess yourself")
        driver.find_element(By.CSS_SELECTOR, "input[name='level-risk'][value='1']").click()
        driver.find_element(By.CSS_SELECTOR, "input[name='level-planning'][value='3']").click()
        driver.find_element(By.ID, "evidence-planning").send_keys("Planned the frailty hub.")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("Your assessment was saved." in driver.page_source, "the self-assessment is saved")
        expect("Risk and issue management: from awareness to expert" in driver.page_source, "the gap for a project manager is shown")
        check_accessibility(driver, "capability (with gaps)")
        suggested = driver.find_elements(By.PARTIAL_LINK_TEXT, "Risk register template")
        if expect(len(suggested) > 0, "a resource is suggested for the gap"):
            follow(driver, suggested[0])
            expect("Risk register" in driver.find_element(By.TAG_NAME, "h1").text, "the suggested resource opens")

        # The resource library: the project's stage links its guide; the guide's Markdown is shown safely.
        driver.get(project_page)
        guides = driver.find_elements(By.CSS_SELECTOR, "#stage-resources + ul a")
        if expect(len(guides) > 0, "the project page links the guides and templates for its stage"):
            follow(driver, guides[0])
            expect(driver.find_elements(By.CSS_SELECTOR, ".wm-markdown h2"), "the guide's Markdown is shown under the page's heading")
            check_accessibility(driver, "a resource")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-navigation").find_element(By.LINK_TEXT, "Resources"))
        check_accessibility(driver, "resource library")
        driver.get(project_page)

        driver.get(BASE + "/portfolio")
        driver.find_element(By.ID, "q").send_keys("Frailty hub")
        Select(driver.find_element(By.ID, "methodology")).select_by_value("project")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.wm-filter button[type=submit]"))
        titles = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".wm-result__title")]
        expect(title in titles, f"the project is found with a filter ({titles})")
        check_accessibility(driver, "portfolio (filtered)")

        follow(driver, driver.find_element(By.LINK_TEXT, title))
        follow(driver, driver.find_element(By.LINK_TEXT, "Edit project"))
        check_accessibility(driver, "edit project")
        project_path = urllib.parse.urlparse(driver.current_url).path.replace("/edit", "")
        driver.get(BASE + project_path + "/history")
        expect(driver.find_element(By.TAG_NAME, "h1").text == "History", "the project's history page opens")
        current = driver.find_element(By.CSS_SELECTOR, ".wm-section-nav [aria-current=page]").text
        expect(current == "History", f"the project's sections mark History as the current one ({current!r})")
        expect("Created project" in driver.page_source, "the history lists the project's creation")
        check_accessibility(driver, "project history")

        # The project's plan: a milestone added (first with a mistake), shown on the timeline.
        follow(driver, driver.find_element(By.CSS_SELECTOR, ".wm-section-nav").find_element(By.LINK_TEXT, "Plan"))
        expect("No milestones have been planned" in driver.page_source, "the new project's plan is empty")
        check_accessibility(driver, "plan")
        follow(driver, driver.find_element(By.LINK_TEXT, "Add a milestone"))
        driver.find_element(By.ID, "title").send_keys("Hub opens to patients")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Enter when the milestone is expected" in summary[0].text,
               "a milestone without a forecast date is refused with a reason")
        check_accessibility(driver, "add a milestone (with an error)")
        set_date(driver, "forecastDate", "2027-03-01")
        driver.find_element(By.CSS_SELECTOR, "input[name=key][value=true]").click()
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The milestone was added to the plan." in driver.page_source, "the milestone is added")
        check_accessibility(driver, "a milestone")
        driver.get(BASE + project_path + "/plan")
        markers = driver.find_elements(By.CSS_SELECTOR, "svg.wm-timeline path.forecast[data-date='2027-03-01']")
        expect(len(markers) == 1, "the timeline draws the milestone on its forecast date")
        check_accessibility(driver, "plan (with a milestone)")

        # The project's risk register: record a risk (first with a mistake), raise its current
        # score, and see it move on the heat map.
        follow(driver, driver.find_element(By.CSS_SELECTOR, ".wm-section-nav").find_element(By.LINK_TEXT, "Risks"))
        expect("No risks have been recorded" in driver.page_source, "the new project's register is empty")
        check_accessibility(driver, "risk register")
        follow(driver, driver.find_element(By.LINK_TEXT, "Record a risk"))
        check_accessibility(driver, "record a risk")
        driver.find_element(By.ID, "title").send_keys("Too few clinicians to staff the hub")
        driver.find_element(By.ID, "event").send_keys("The hub cannot open five days a week")
        for field, value in [("inherentLikelihood", "4"), ("inherentConsequence", "4"), ("currentLikelihood", "3"),
                             ("currentConsequence", "4"), ("targetLikelihood", "2"), ("targetConsequence", "3")]:
            Select(driver.find_element(By.ID, field)).select_by_value(value)
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "an open risk needs a review date" in summary[0].text,
               "a risk without a review date is refused with a reason")
        check_accessibility(driver, "record a risk (with an error)")
        set_date(driver, "reviewDate", "2027-01-15")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The risk was recorded." in driver.page_source, "the risk is recorded")
        expect("12 (Possible × Major)" in driver.page_source, "its current score is shown with its cell")
        check_accessibility(driver, "a risk")
        risk_path = urllib.parse.urlparse(driver.current_url).path
        driver.get(BASE + project_path + "/risks")
        cell = driver.find_elements(By.CSS_SELECTOR, "svg.wm-heat-map g[data-likelihood='3'][data-consequence='4']")
        expect(cell and cell[0].get_attribute("data-count") == "1", "the heat map counts the risk at 3 by 4")
        driver.get(BASE + risk_path + "/edit")
        Select(driver.find_element(By.ID, "currentLikelihood")).select_by_value("5")
        Select(driver.find_element(By.ID, "currentConsequence")).select_by_value("5")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("escalation threshold" in driver.page_source, "a risk at 25 is flagged for escalation")
        driver.get(BASE + project_path + "/risks")
        moved = {(g.get_attribute("data-likelihood"), g.get_attribute("data-consequence")): g.get_attribute("data-count")
                 for g in driver.find_elements(By.CSS_SELECTOR, "svg.wm-heat-map g.cell")}
        expect(moved.get(("5", "5")) == "1" and moved.get(("3", "4")) == "0",
               f"the risk moved from 3 by 4 to 5 by 5 on the heat map ({moved})")
        check_accessibility(driver, "risk register (with a risk)")

        # Escalate it to the system register; the portfolio office finds it there.
        driver.get(BASE + risk_path)
        driver.find_element(By.CSS_SELECTOR, "input[name=level][value=system]").click()
        driver.find_element(By.ID, "reason").send_keys("Staffing the hub needs partners across the system.")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Move the risk']"))
        expect("The risk was moved to another register." in driver.page_source, "the risk is escalated")

        # The status update due: written in from the data, a red without its reason refused, then submitted.
        driver.get(BASE + project_path + "/updates")
        expect("Due now: the" in driver.page_source, "the project's status page says which update is due")
        check_accessibility(driver, "status updates")
        follow(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Write the')]"))
        expect("R1 Too few clinicians to staff the hub" in driver.find_element(By.ID, "escalations").get_attribute("value"),
               "the escalated risk is written into the draft")
        driver.find_element(By.CSS_SELECTOR, "input[name=overall][value=amber]").click()
        driver.find_element(By.ID, "overallJustification").send_keys("Recruitment is behind plan.")
        for dimension in ["schedule", "finance", "resources", "risks", "benefits", "scope"]:
            driver.find_element(By.CSS_SELECTOR, f"input[name={dimension}][value={'red' if dimension == 'resources' else 'green'}]").click()
        driver.find_element(By.ID, "summary").send_keys("Hub opening at risk from staffing.")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Submit the update']"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Say why resources is red" in summary[0].text, "a red dimension without its reason is refused")
        expect(driver.find_element(By.ID, "summary").get_attribute("value") == "Hub opening at risk from staffing.", "what was typed is kept")
        check_accessibility(driver, "a status update (with an error)")
        driver.find_element(By.ID, "resourcesJustification").send_keys("Two posts vacant; agency cover requested.")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Submit the update']"))
        expect("The update was submitted." in driver.page_source, "the update is submitted")
        expect("Two posts vacant; agency cover requested." in driver.page_source, "the reason is shown with the rating")
        check_accessibility(driver, "a submitted status update")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Highlight report for"))
        expect("Two posts vacant; agency cover requested." in driver.page_source and "Top risks and issues" in driver.page_source,
               "the highlight report is built from the update and the RAID log")
        check_accessibility(driver, "a highlight report")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']"))
        driver.get(BASE + "/sign-in")
        driver.find_element(By.ID, "email").send_keys("tom.hughes@wessexvale.example")
        driver.find_element(By.ID, "password").send_keys("waymark-demo-2026")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        # The portfolio office lands on the dashboard: the whole system, its exceptions and charts.
        expect(driver.find_element(By.TAG_NAME, "h1").text == "Dashboard", "signing in opens the dashboard")
        expect("Projects by delivery status" in driver.page_source and "Data quality" in driver.page_source,
               "the dashboard shows the portfolio's charts and data-quality flags")
        check_accessibility(driver, "the dashboard")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "reported red"))
        expect("delivery=red" in driver.current_url and "your filters" in driver.page_source,
               "the dashboard's red count opens the portfolio filtered to red projects")
        follow(driver, driver.find_element(By.LINK_TEXT, "Risk registers"))
        expect("System risk register" in driver.find_element(By.TAG_NAME, "h1").text, "the system risk register opens")
        expect("Too few clinicians to staff the hub" in driver.page_source, "the portfolio office finds the escalated risk")
        check_accessibility(driver, "system risk register")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-navigation").find_element(By.LINK_TEXT, "Reporting"))
        expect("Due now:" in driver.page_source and "Past their due date without a submitted update" in driver.page_source,
               "the portfolio office sees who has reported and who is overdue")
        check_accessibility(driver, "reporting")
        follow(driver, driver.find_element(By.LINK_TEXT, "Portfolio report"))
        expect("Portfolio report, " in driver.find_element(By.TAG_NAME, "h1").text and "Exceptions: red and amber" in driver.page_source,
               "the portfolio report opens for the last period due")
        check_accessibility(driver, "the portfolio report")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Make the board pack']"))
        expect("Board pack: " in driver.find_element(By.TAG_NAME, "h1").text and "Contents" in driver.page_source
               and "highlight report" in driver.page_source, "the board pack holds the report and the red and amber highlight reports")
        check_accessibility(driver, "a board pack")
        # The board has met: the portfolio office closes the period, and its report is kept as it was.
        driver.get(BASE + "/reporting#periods")
        close = driver.find_element(By.CSS_SELECTOR, "#periods ~ div table form button")
        closing = close.get_attribute("textContent").replace("Close", "", 1).strip()
        follow(driver, close)
        expect("The period was closed" in driver.page_source, f"the portfolio office closes {closing}")
        check_accessibility(driver, "reporting, a period closed")
        follow(driver, driver.find_element(By.CSS_SELECTOR, f"a[aria-label='The portfolio report for {closing}']"))
        expect(f"As at the close of {closing}" in driver.page_source, "the closed period's report is made from its snapshot")
        check_accessibility(driver, "the portfolio report as at a closed period")
        # Calendar feeds: the portfolio office's own dates, as a secret address shown once.
        driver.get(BASE + "/account/calendar-feeds")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Make your own feed']"))
        expect("Feed made." in driver.page_source and "/calendar/" in driver.find_element(By.ID, "new-feed").text,
               "a calendar feed's address is shown once when it is made")
        check_accessibility(driver, "calendar feeds")
        driver.get(BASE + "/reporting")
        # Gates: the portfolio office opens the reviews waiting and records a board's decision.
        follow(driver, driver.find_element(By.LINK_TEXT, "Gates"))
        expect("Waiting for a decision" in driver.page_source and "Gate 0: Proposal" in driver.page_source,
               "the gates page lists the reviews waiting and every gate's criteria")
        check_accessibility(driver, "gates")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Record the decision"))
        expect("The report the board reviews" in driver.page_source, "the decision form shows the locked report")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Record the decision']"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Select the board" in summary[0].text and "Say why the board decided" in summary[0].text,
               "a decision without an outcome or rationale is refused with reasons")
        check_accessibility(driver, "a gate decision (with errors)")
        driver.find_element(By.ID, "outcome-3").click()
        driver.find_element(By.ID, "rationale").send_keys("Come back when the benefits have baselines.")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Record the decision']"))
        expect("The decision was recorded." in driver.page_source and "Deferred" in driver.page_source, "the board's deferral is recorded")
        check_accessibility(driver, "a gate review")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "nav.wm-breadcrumb").find_element(By.LINK_TEXT, "Gates"))
        expect("Now at " in driver.page_source and "Deferred" in driver.page_source, "the project's gates list the deferred review")
        check_accessibility(driver, "a project's gates")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Ask for the Gate"))
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Ask for the review']"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Say why the project is ready" in summary[0].text, "a request without its case is refused")
        check_accessibility(driver, "ask for a gate review (with an error)")
        driver.get(BASE + "/risk-registers/system")

        # The portfolio office keeps the risk categories: a blank name is refused, then one is added.
        follow(driver, driver.find_element(By.LINK_TEXT, "How risks are graded and categorised"))
        expect("Risk settings" in driver.find_element(By.TAG_NAME, "h1").text, "the risk settings open from the register")
        check_accessibility(driver, "risk settings")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add category']"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary li")
        expect(len(summary) == 1 and "Enter the category" in summary[0].text, "a category without a name is refused with a reason")
        check_accessibility(driver, "risk settings (with an error)")
        driver.find_element(By.ID, "category-name").send_keys("Cyber security")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add category']"))
        expect("Category saved." in driver.page_source and "Cyber security" in driver.page_source, "the category is added")

        # It happens: the portfolio office records that, and an issue is logged from the risk.
        driver.get(BASE + risk_path)
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Record that it happened and log an issue']"))
        expect("The risk was closed as materialised" in driver.page_source, "the risk becomes an issue in one step")
        expect("Too few clinicians to staff the hub" in driver.find_element(By.TAG_NAME, "h1").text, "the issue keeps the risk's title")
        expect("Critical" in driver.page_source, "a risk at 25 becomes a critical issue")
        check_accessibility(driver, "an issue")
        driver.get(BASE + project_path + "/issues")
        expect("I1 Too few clinicians to staff the hub" in driver.page_source, "the project's issue log lists it")
        check_accessibility(driver, "issue log")
        follow(driver, driver.find_element(By.LINK_TEXT, "Log an issue"))
        set_date(driver, "targetDate", "2020-01-01")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Enter a short title for the issue" in summary[0].text
               and "on or after the date raised" in summary[0].text, "an issue without a title, due before it was raised, is refused")
        check_accessibility(driver, "log an issue (with errors)")
        # Dependencies: a project that no one can see is refused by name; the register lists the demo's.
        driver.get(BASE + project_path + "/dependencies")
        check_accessibility(driver, "a project's dependencies")
        follow(driver, driver.find_element(By.LINK_TEXT, "Record a dependency"))
        driver.find_element(By.ID, "title").send_keys("Shared record live")
        driver.find_element(By.ID, "dependsOnProject").send_keys("NOPE-1")
        set_date(driver, "neededBy", "2027-01-15")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Enter the code of a project you can see" in summary[0].text,
               "a dependency on a project no one can see is refused")
        check_accessibility(driver, "record a dependency (with errors)")
        follow(driver, driver.find_element(By.LINK_TEXT, "Dependencies"))
        expect("Dependency register" in driver.find_element(By.TAG_NAME, "h1").text, "the dependency register opens")
        expect("Across organisations" in driver.page_source, "the demo's dependencies across organisations are listed")
        check_accessibility(driver, "dependency register")
        # Assumptions and actions: one proved wrong without a date is refused; an assumption to
        # validate, overdue, gets an action from its page; the actions log flags it.
        driver.get(BASE + project_path + "/assumptions")
        check_accessibility(driver, "a project's assumptions")
        follow(driver, driver.find_element(By.LINK_TEXT, "Record an assumption"))
        driver.find_element(By.ID, "statement").send_keys("GP practices release staff for the hub rota")
        Select(driver.find_element(By.ID, "status")).select_by_value("disproved")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Enter the date the assumption was proved wrong" in summary[0].text,
               "an assumption proved wrong needs the date it was")
        check_accessibility(driver, "record an assumption (with errors)")
        # The portfolio office records it for the project's manager, who validates it.
        Select(driver.find_element(By.ID, "status")).select_by_value("unvalidated")
        Select(driver.find_element(By.ID, "ownerId")).select_by_visible_text("Sam Patel")
        set_date(driver, "validateBy", "2026-01-15")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The assumption was recorded." in driver.page_source, "the assumption is recorded")
        expect("Overdue" in driver.page_source, "its validation is overdue")
        check_accessibility(driver, "an assumption")
        follow(driver, driver.find_element(By.LINK_TEXT, "Record an action"))
        driver.find_element(By.ID, "title").send_keys("Agree the rota with the practice managers")
        Select(driver.find_element(By.ID, "ownerId")).select_by_visible_text("Sam Patel")
        set_date(driver, "dueDate", "2026-01-20")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The action was recorded." in driver.page_source, "the action is recorded")
        expect("A1 GP practices release staff for the hub rota" in driver.page_source, "the action is for the assumption")
        check_accessibility(driver, "an action")
        driver.get(BASE + project_path + "/actions")
        expect("1 overdue" in driver.page_source, "the actions log flags the overdue action")
        check_accessibility(driver, "a project's actions")
        # A decision by the project board, bearing on the assumption; the assumption's page shows it.
        driver.get(BASE + project_path + "/decisions")
        check_accessibility(driver, "a project's decisions")
        follow(driver, driver.find_element(By.LINK_TEXT, "Record a decision"))
        driver.find_element(By.ID, "title").send_keys("Start the hub on Saturdays")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary")
        expect(len(summary) == 1 and "Say who decided" in summary[0].text, "a decision needs who decided")
        check_accessibility(driver, "record a decision (with errors)")
        driver.find_element(By.ID, "board").send_keys("Urgent care programme board")
        driver.find_element(By.XPATH, "//label[starts-with(normalize-space(), 'A1 ')]").click()
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The decision was recorded." in driver.page_source and "A1 GP practices release staff for the hub rota" in driver.page_source,
               "the decision is recorded, bearing on the assumption")
        check_accessibility(driver, "a decision")
        follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "A1 GP practices"))
        expect("Start the hub on Saturdays" in driver.page_source, "the assumption's page lists the decision")
        # A measure: added (first with a mistake), fifteen weeks pasted in, then a week beyond the limit.
        driver.get(BASE + project_path + "/measures")
        check_accessibility(driver, "a project's measures")
        follow(driver, driver.find_element(By.LINK_TEXT, "Add a measure"))
        driver.find_element(By.ID, "name").send_keys("Hub appointments used")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        summary = driver.find_elements(By.CSS_SELECTOR, ".wm-error-summary li")
        expect(len(summary) == 1 and "which way is better" in summary[0].text, "a measure needs its improvement direction")
        check_accessibility(driver, "add a measure (with errors)")
        driver.find_element(By.ID, "improvementDirection").click()
        driver.find_element(By.ID, "unit").send_keys("%")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The measure was added." in driver.page_source, "the measure is added")
        weeks = [12, 11, 13, 12, 14, 10, 12, 13, 11, 12, 14, 10, 12, 13, 11]
        # Typed, a tab would move the focus on: commas separate the columns as well.
        rows = "\n".join(f"2026-{1 + week // 4:02d}-{1 + 7 * (week % 4):02d},{value}" for week, value in enumerate(weeks))
        driver.find_element(By.ID, "pasted").send_keys(rows)
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Import observations']"))
        expect("The observations were imported." in driver.page_source, "fifteen weeks are imported")
        expect("Common cause variation" in driver.page_source, "fifteen steady weeks are common cause")
        set_date(driver, "date", "2026-04-29")
        driver.find_element(By.ID, "value").send_keys("19")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Record observation']"))
        expect("Special cause improvement (high)" in driver.page_source, "a week beyond the limit is special cause improvement")
        points = driver.find_elements(By.CSS_SELECTOR, "svg.wm-spc-chart circle[data-variation='improvement-high']")
        expect(len(points) == 1, f"the chart marks the one point ({len(points)})")
        expect("2026-04-29" in driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='data-heading'] table").text,
               "the data table gives the point")
        check_accessibility(driver, "a measure with its chart")
        measure_path = driver.current_url.split("?")[0].split("#")[0].replace(BASE, "")
        # An annotation on the chart: refused without a label, then drawn as a numbered mark.
        set_date(driver, "annotation-date", "2026-03-02")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add annotation']"))
        expect("Enter a short label for the chart" in driver.page_source, "an annotation needs a label")
        driver.find_element(By.ID, "annotation-label").send_keys("Hub opened on Saturdays")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add annotation']"))
        marks = driver.find_elements(By.CSS_SELECTOR, "svg.wm-spc-chart g.mark")
        expect(len(marks) == 1, f"the chart marks the annotation ({len(marks)})")
        check_accessibility(driver, "a measure with an annotation")

        # The QI lens: an aim, a primary driver, a PDSA cycle judged by the measure.
        driver.get(BASE + project_path + "/qi")
        check_accessibility(driver, "a project's QI lens")
        follow(driver, driver.find_element(By.LINK_TEXT, "Write the aim"))
        driver.find_element(By.ID, "statement").send_keys("More hub appointments used by frail patients")
        driver.find_element(By.ID, "byHowMuch").send_keys("from 12% to 20%")
        set_date(driver, "byWhen", "2027-03-31")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The aim was saved." in driver.page_source, "the aim is saved")
        driver.find_element(By.ID, "kind").click()
        driver.find_element(By.ID, "text").send_keys("Patients know the hub exists")
        follow(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add']"))
        expect(len(driver.find_elements(By.CSS_SELECTOR, "svg.wm-driver-diagram g.box[data-kind='primary']")) == 1,
               "the driver diagram draws the primary driver")
        check_accessibility(driver, "a driver diagram")
        follow(driver, driver.find_element(By.LINK_TEXT, "Plan a PDSA cycle"))
        driver.find_element(By.ID, "title").send_keys("Text reminders from one practice")
        set_date(driver, "startDate", "2026-03-16")
        driver.find_element(By.ID, "measureIds").click()
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The PDSA cycle was planned." in driver.page_source, "the cycle is planned")
        check_accessibility(driver, "a PDSA cycle")
        driver.get(BASE + measure_path)
        expect(len(driver.find_elements(By.CSS_SELECTOR, "svg.wm-spc-chart g.mark[data-kind='pdsa']")) == 1, "the cycle is marked on the chart")

        # A benefit evidenced by the measure, and the register.
        driver.get(BASE + project_path + "/benefits")
        check_accessibility(driver, "a project's benefits")
        follow(driver, driver.find_element(By.LINK_TEXT, "Add a benefit"))
        driver.find_element(By.ID, "title").send_keys("More care closer to home")
        driver.find_element(By.ID, "cash").send_keys("2026/27 40000 -")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("Only a cash-releasing benefit" in driver.page_source, "cash needs a cash-releasing benefit")
        check_accessibility(driver, "add a benefit (with errors)")
        Select(driver.find_element(By.ID, "category")).select_by_value("cash-releasing")
        driver.find_element(By.ID, "measureIds").click()
        Select(driver.find_element(By.ID, "actualsMeasureId")).select_by_index(1)
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("The benefit was added." in driver.page_source, "the benefit is added")
        expect(len(driver.find_elements(By.CSS_SELECTOR, "svg.wm-benefit-chart circle.actual")) == 16,
               "the benefit's actuals are the measure's sixteen weeks")
        check_accessibility(driver, "a benefit")
        follow(driver, driver.find_element(By.XPATH, "//a[@href='/benefits']"))
        expect("More care closer to home" in driver.page_source, "the register lists the benefit")
        check_accessibility(driver, "the benefits register")
        follow(driver, driver.find_element(By.XPATH, "//a[@href='/measures']"))
        expect("Hub appointments used" in driver.page_source, "the icon summary lists the new measure")
        check_accessibility(driver, "measures across the portfolio")
        # The portfolio as a table: chosen once, sorted by a heading, downloaded as a workbook.
        driver.get(BASE + "/portfolio")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "button.wm-view-choice__button[value=table]"))
        expect(len(driver.find_elements(By.ID, "portfolio-table")) == 1, "the portfolio shows as a table")
        check_accessibility(driver, "the portfolio as a table")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "#portfolio-table thead").find_element(By.PARTIAL_LINK_TEXT, "End date"))
        sorted_by = driver.find_elements(By.CSS_SELECTOR, "#portfolio-table th[aria-sort]")
        expect(len(sorted_by) == 1 and sorted_by[0].get_attribute("aria-sort") == "ascending" and "End date" in sorted_by[0].text,
               "the End date heading sorts the table and says so")
        check_accessibility(driver, "the portfolio sorted by end date")
        export = driver.find_element(By.PARTIAL_LINK_TEXT, "Excel (.xlsx)").get_attribute("href")
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(export, headers={"Cookie": cookies})) as response:
            expect(response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   "the download is a workbook")
            book = openpyxl.load_workbook(io.BytesIO(response.read()))
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        expect(sheet.freeze_panes == "A2" and headers[:2] == ["Code", "Title"], f"the workbook's header row stays in view ({headers[:3]})")
        ends = [row[headers.index("End date")] for row in sheet.iter_rows(min_row=2, values_only=True)]
        dated = [end for end in ends if end is not None]
        expect(dated and all(isinstance(end, datetime) for end in dated) and dated == sorted(dated) and ends[:len(dated)] == dated,
               "the workbook's end dates are dates, in the table's order")

        follow(driver, driver.find_element(By.LINK_TEXT, "My work"))
        expect("Agree the rota with the practice managers" not in driver.page_source, "my work lists only what the reader owns")
        check_accessibility(driver, "my work")
        for path, label in [("/timeline?window=90", "key milestones"), ("/my-projects", "my projects"), ("/organisations", "organisations"), ("/people", "people"),
                            ("/portfolio-structure", "themes and programmes"), ("/account/api-tokens", "API tokens")]:
            driver.get(BASE + path)
            check_accessibility(driver, label)

        # Your account: roles said plainly, then a new password (a wrong current one first).
        follow(driver, driver.find_element(By.CSS_SELECTOR, "a.wm-header__person"))
        expect("Portfolio office" in driver.find_element(By.CSS_SELECTOR, ".wm-summary-list").text, "the account says the system role")
        expect("This browser" in driver.page_source, "the account lists this browser's session")
        check_accessibility(driver, "your account")
        follow(driver, driver.find_element(By.LINK_TEXT, "Change your password"))
        driver.find_element(By.ID, "currentPassword").send_keys("not the password")
        driver.find_element(By.ID, "newPassword").send_keys("a new demo passphrase")
        driver.find_element(By.ID, "confirmPassword").send_keys("a new demo passphrase")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("Your current password is not right" in driver.find_element(By.CSS_SELECTOR, ".wm-error-summary").text,
               "a wrong current password is refused")
        check_accessibility(driver, "change your password (with an error)")
        driver.find_element(By.ID, "currentPassword").send_keys("waymark-demo-2026")
        driver.find_element(By.ID, "newPassword").send_keys("a new demo passphrase")
        driver.find_element(By.ID, "confirmPassword").send_keys("a new demo passphrase")
        follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        expect("Your password was changed." in driver.page_source, "the password is changed and the person stays signed in")

        driver.set_window_size(375, 800)
        # On a phone the navigation folds behind a Menu button and the filters behind a summary.
        driver.get(BASE + "/portfolio?status=active")
        menu = driver.find_elements(By.CSS_SELECTOR, "button.wm-navigation__toggle")
        if expect(len(menu) == 1 and menu[0].is_displayed(), "a Menu button on a phone"):
            links = driver.find_element(By.CSS_SELECTOR, ".wm-navigation__list")
            expect(not links.is_displayed(), "the navigation starts folded")
            menu[0].click()
            expect(links.is_displayed() and menu[0].get_attribute("aria-expanded") == "true", "the Menu button unfolds the navigation")
        fold = driver.find_elements(By.CSS_SELECTOR, "details.wm-filter-fold")
        if expect(len(fold) == 1 and fold[0].get_attribute("open") is None, "the filters are folded on a phone"):
            expect("(1 set)" in fold[0].find_element(By.TAG_NAME, "summary").text, "the folded filters say how many are set")
        check_accessibility(driver, "the portfolio on a phone, navigation open")
        # A table too wide for a phone says it scrolls, and takes the focus to be scrolled.
        driver.get(BASE + measure_path)
        wraps = [w for w in driver.find_elements(By.CSS_SELECTOR, ".wm-table-wrap") if w.get_attribute("role") == "region"]
        expect(wraps and wraps[0].get_attribute("tabindex") == "0" and "scrolls sideways" in wraps[0].get_attribute("aria-label"),
               "a wide table on a phone is a labelled region that scrolls from the keyboard")
        expect(len(driver.find_elements(By.CSS_SELECTOR, ".wm-scroll-note")) >= 1, "a wide table on a phone says it scrolls")
        check_accessibility(driver, "a measure on a phone")
        for path, label in [("/portfolio", "portfolio"), ("/portfolio?sort=budget&order=desc", "the portfolio as a table"),
                            ("/account", "your account"), ("/account/password", "the password form"), ("/projects/new", "the project form"),
                            (project_path, "a project page"), (project_path + "/history", "a project's history"),
                            (project_path + "/risks", "a risk register"), (project_path + "/risks/new", "the risk form"),
                            (project_path + "/issues", "an issue log"), (project_path + "/issues/new", "the issue form"),
                            (project_path + "/plan", "a plan"), ("/timeline", "the portfolio timeline"),
                            (project_path + "/dependencies", "a project's dependencies"), ("/dependencies", "the dependency register"),
                            (project_path + "/assumptions", "a project's assumptions"), (project_path + "/actions", "a project's actions"),
                            (project_path + "/actions/new", "the action form"), ("/my-work", "my work"),
                            (project_path + "/decisions", "a project's decisions"), (project_path + "/decisions/new", "the decision form"),
                            ("/risk-settings", "the risk settings"), (project_path + "/measures", "a project's measures"),
                            ("/measures", "measures across the portfolio"), (project_path + "/qi", "a project's QI lens"),
                            (project_path + "/benefits", "a project's benefits"), ("/benefits", "the benefits register"),
                            (project_path + "/benefits/new", "the benefit form"), (project_path + "/pdsa/new", "the PDSA form"),
                            (project_path + "/updates", "a project's status updates"), ("/reporting", "reporting"),
                            (project_path + "/highlight-report", "a highlight report")]:
            driver.get(BASE + path)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            expect(width <= 375, f"{label} fits a phone screen without sideways scrolling ({width}px)")
        check_accessibility(driver, "portfolio on a phone")
    except Exception as error:  # a step that cannot go on is a failure like any other
        failures.append(f"the journey stopped at {driver.current_url}: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        driver.quit()

    print(f"Pages checked with axe-core: {len(visited)} ({', '.join(visited)})")
    if failures:
        print("Browser journey failed:")
        for failure in failures:
            print(" -", failure)
        print(f"browser: 0 passed, 1 failed")
        sys.exit(1)
    print("browser: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
