"""The portfolio's downloads read back as a spreadsheet program reads them.

Fetches the API's project list (every page) and its download as .xlsx and as CSV, with the same
filters and sort, and checks that the workbook opens with openpyxl, has a frozen bold header row
with filters, and holds every listed project in the list's order with typed cells: dates as dates,
budgets as numbers in pounds, text as text; and that the CSV holds the same rows.

Usage: exports_check.py BASE_URL TOKEN
"""
import csv
import io
import json
import sys
import urllib.request
from datetime import date, datetime

import openpyxl

BASE, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
failures = []


def get(path):
    request = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as response:
        return response.headers["Content-Type"], response.read()


def expect(condition, message):
    if not condition:
        failures.append(message)


def log_across(log):
    """A log across projects as a workbook (its header and rows), held to the same log as CSV."""
    _, body = get(f"/api/v1/exports/logs/{log}?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    _, body = get(f"/api/v1/exports/logs/{log}")
    records = list(csv.DictReader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))
    expect([(r["Project code"], r["Reference"]) for r in records] == [(row[0], row[3]) for row in rows], f"the {log}' CSV holds the workbook's rows")
    return header, rows


def main():
    filters = "sort=budget&order=desc"
    listed, page = [], 1
    while True:
        _, body = get(f"/api/v1/projects?{filters}&per_page=100&page={page}")
        answer = json.loads(body)
        listed += answer["items"]
        if len(listed) >= answer["total"]:
            break
        page += 1
    expect(len(listed) > 20, f"the demo lists its projects ({len(listed)})")

    kind, body = get(f"/api/v1/exports/projects?format=xlsx&{filters}")
    expect(kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"a workbook's media type ({kind})")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    headers = [cell.value for cell in sheet[1]]
    column = {name: index for index, name in enumerate(headers)}
    expect(sheet.freeze_panes == "A2", f"the header row is frozen ({sheet.freeze_panes})")
    expect(all(cell.font.b for cell in sheet[1]), "the header row is bold")
    expect(sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}{len(listed) + 1}", f"filters on every column ({sheet.auto_filter.ref})")
    expect(sheet.column_dimensions["B"].width >= 30, "the title column is wide enough to read")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expect([row[column["Code"]] for row in rows] == [item["code"] for item in listed], "every listed project, in the list's order")
    for row, item in zip(rows, listed):
        code = item["code"]
        expect(row[column["Title"]] == item["title"], f"{code}: the title as text")
        budget = row[column["Budget"]]
        if "budgetPence" in item:
            expect(isinstance(budget, (int, float)) and abs(budget - item["budgetPence"] / 100) < 1e-9, f"{code}: the budget in pounds, a number ({budget!r})")
        else:
            expect(budget is None, f"{code}: no budget, an empty cell ({budget!r})")
        for header, key in [("Start date", "startDate"), ("End date", "endDate")]:
            value = row[column[header]]
            if key in item:
                expect(isinstance(value, datetime) and value.date() == date.fromisoformat(item[key]), f"{code}: {header} a date ({value!r})")
            else:
                expect(value is None, f"{code}: no {header}")
        expect(isinstance(row[column["Last changed"]], datetime), f"{code}: when it last changed, a date and time")
        expect(row[column["Senior responsible owner"]] == item.get("seniorResponsibleOwner"), f"{code}: the SRO")
    budgets = [row[column["Budget"]] for row in rows if row[column["Budget"]] is not None]
    expect(budgets == sorted(budgets, reverse=True), "sorted by budget, largest first")

    kind, body = get(f"/api/v1/exports/projects?{filters}")
    expect(kind.startswith("text/csv"), f"CSV by default ({kind})")
    text = body.decode("utf-8")
    expect(text.startswith("\ufeff"), "the CSV starts with a byte-order mark")
    records = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    expect([record["Code"] for record in records] == [item["code"] for item in listed], "the CSV holds the same rows")

    # The status history: the workbook and the CSV hold the same updates, periods as dates and
    # submissions as date-times.
    _, body = get("/api/v1/exports/status-history?format=xlsx")
    history = openpyxl.load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in history[1]]
    expect(header[:9] == ["Code", "Title", "Lead organisation", "Programme", "Period", "Period starts", "Revision", "Submitted", "Overall"],
           f"the status history's columns ({header[:9]})")
    updates = list(history.iter_rows(min_row=2, values_only=True))
    expect(len(updates) > 100, f"the demo's year of updates ({len(updates)})")
    expect(all(isinstance(row[5], datetime) and isinstance(row[7], datetime) for row in updates), "period starts and submissions are dates")
    expect(all(row[8] in ("Blue", "Green", "Amber", "Red") for row in updates), "every update reported has its overall status")
    _, body = get("/api/v1/exports/status-history")
    records = list(csv.DictReader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))
    expect([(r["Code"], r["Period"]) for r in records] == [(row[0], row[4]) for row in updates], "the CSV holds the workbook's rows")

    # A log across projects: every issue of the projects the token may read, led by its project,
    # raised dates as dates; the CSV holds the same rows.
    header, rows = log_across("issues")
    expect(header[:5] == ["Project code", "Project", "Lead organisation", "Reference", "Title"], f"the issues' columns ({header[:5]})")
    # (schemathesis, run before, deletes some of the demo's issues)
    expect(len(rows) > 0, f"the demo's issues ({len(rows)})")
    raised = header.index("Raised")
    expect(all(isinstance(row[raised], datetime) for row in rows), "every issue's raised date is a date")

    # Measures across projects: where each stands, counts as numbers and latest dates as dates.
    header, rows = log_across("measures")
    expect(len(rows) > 0, f"the demo's measures ({len(rows)})")
    counted, latest = header.index("Observations"), header.index("Latest date")
    expect(all(isinstance(row[counted], int) for row in rows), "every measure's count of observations is a number")
    expect(all(row[latest] is None or isinstance(row[latest], datetime) for row in rows), "every latest date is a date")
    expect(any(row[header.index("Variation")] for row in rows), "some measure has its SPC variation")

    # Dependencies across projects: each needed-by date a date.
    header, rows = log_across("dependencies")
    expect(len(rows) > 0, f"the demo's dependencies ({len(rows)})")
    needed = header.index("Needed by")
    expect(all(isinstance(row[needed], datetime) for row in rows), "every dependency's needed-by date is a date")

    # Benefits across projects: baselines, targets and actuals as numbers, cash in pounds, dates as dates.
    header, rows = log_across("benefits")
    expect(len(rows) > 0, f"the demo's benefits ({len(rows)})")
    for column in ("Baseline", "Target", "Latest actual", "Cash planned (£)"):
        values = [row[header.index(column)] for row in rows if row[header.index(column)] is not None]
        expect(len(values) > 0 and all(isinstance(value, (int, float)) for value in values), f"every benefit's {column} is a number ({values[:3]})")
    for column in ("Baseline date", "Target date"):
        expect(all(row[header.index(column)] is None or isinstance(row[header.index(column)], datetime) for row in rows),
               f"every benefit's {column} is a date")

    if failures:
        print("The portfolio's downloads failed:")
        for failure in failures:
            print(" -", failure)
        print("exports: 0 passed, 1 failed")
        sys.exit(1)
    print(f"exports: 1 passed, 0 failed ({len(listed)} projects read back from .xlsx and CSV)")


if __name__ == "__main__":
    main()
