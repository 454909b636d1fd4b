"""A project's calendar feed read by a real calendar library (icalendar), as a calendar program
subscribing to it would read it.

Signs in through the form, makes a feed of a project with open milestones (the feed's secret
address is shown once), reads the address with no session, parses it with icalendar, and checks
that every open milestone of the project (from the API) is there as an all-day event on its
forecast date with a stable UID, and that a stopped feed answers 404.

Usage: calendar_check.py BASE_URL TOKEN EMAIL PASSWORD
"""
import html
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import icalendar

BASE, TOKEN, EMAIL, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def api(path):
    request = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main():
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def csrf(page):
        return html.unescape(re.search(r'name="_csrf" value="([^"]+)"', page).group(1))

    page = browser.open(BASE + "/sign-in").read().decode()
    browser.open(BASE + "/sign-in", urllib.parse.urlencode({"_csrf": csrf(page), "email": EMAIL, "password": PASSWORD}).encode()).read()

    # A project with open milestones.
    project, open_milestones = None, []
    for item in api("/api/v1/projects?per_page=100")["items"]:
        milestones = [m for m in api(f"/api/v1/projects/{item['id']}/milestones")["items"] if not m.get("actualDate")]
        if len(milestones) >= 2:
            project, open_milestones = item, milestones
            break
    expect(project is not None, "the demo has a project with open milestones")
    if project is None:
        return

    page = browser.open(BASE + "/account/calendar-feeds").read().decode()
    made = browser.open(BASE + "/account/calendar-feeds",
                        urllib.parse.urlencode({"_csrf": csrf(page), "project": project["id"]}).encode()).read().decode()
    found = re.search(r'id="new-feed">([^<]+)<', made)
    expect(found is not None, "making a feed shows its address once")
    if found is None:
        return
    address = html.unescape(found.group(1))
    path = urllib.parse.urlparse(address).path

    with urllib.request.urlopen(BASE + path) as response:  # no session: the address is the key
        expect(response.headers.get_content_type() == "text/calendar", "a feed is text/calendar")
        body = response.read()
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    expect(str(calendar.get("X-WR-CALNAME", "")).startswith(project["code"]), "the calendar is named after the project")
    for milestone in open_milestones:
        uid = f"milestone-{milestone['id']}@waymark"
        event = events.get(uid)
        expect(event is not None, f"{milestone['reference']} is in the feed")
        if event is None:
            continue
        start = event.decoded("DTSTART")
        expect(isinstance(start, date) and start.isoformat() == milestone["forecastDate"],
               f"{milestone['reference']} falls on its forecast date ({start} against {milestone['forecastDate']})")
        expect(milestone["title"] in str(event["SUMMARY"]), f"{milestone['reference']}'s summary names it")
        expect(str(event.get("URL", "")).endswith(f"/milestones/{milestone['id']}"), f"{milestone['reference']} links to its page")
    expect(all(len(line) <= 75 for line in body.split(b"\r\n")), "no line is longer than 75 octets")

    # Stopped, the address answers nothing.
    page = browser.open(BASE + "/account/calendar-feeds").read().decode()
    stop = re.search(r'action="(/account/calendar-feeds/[0-9a-f-]+/revoke)"', page)
    expect(stop is not None, "the feed is listed with a way to stop it")
    if stop:
        browser.open(BASE + stop.group(1), urllib.parse.urlencode({"_csrf": csrf(page)}).encode()).read()
        try:
            urllib.request.urlopen(BASE + path)
            failures.append("a stopped feed still answers")
        except urllib.error.HTTPError as error:
            expect(error.code == 404, f"a stopped feed answers 404, not {error.code}")
    print(f"calendar: {project['code']}'s feed read by icalendar, {len(events)} events, {len(open_milestones)} open milestones checked")


main()
if failures:
    print("calendar: " + str(len(failures)) + " failed\n  " + "\n  ".join(failures))
    sys.exit(1)
print("calendar: passed")
