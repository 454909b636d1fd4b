"""Writes the ids of a running Waymark's records as schemathesis dictionaries (one quoted value a
line, libFuzzer's format), so generated requests name real organisations, stages, people and
projects as well as random ones. Usage: write_ids.py BASE_URL TOKEN FOLDER"""
import json
import os
import sys
import urllib.request

base, token, folder = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(folder, exist_ok=True)


def ids(path):
    found, page = [], 1
    while True:
        separator = "&" if "?" in path else "?"
        request = urllib.request.Request(f"{base}/api/v1/{path}{separator}per_page=100&page={page}",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request) as response:
            body = json.load(response)
        found += [item["id"] for item in body["items"]]
        if page * body["perPage"] >= body["total"]:
            return found
        page += 1


def items(kind):
    """Every risk (or issue, ...) of every project the token may read: each project's log in turn, once
    each (a dependency is on both its projects' lists)."""
    return list(dict.fromkeys(item for project in ids("projects") for item in ids(f"projects/{project}/{kind}")))


for name, path in [("organisations", "organisations"), ("people", "people"), ("projects", "projects"),
                   ("themes", "themes"), ("programmes", "programmes"), ("stages", "stages"),
                   ("risk-categories", "risk-categories"), ("glossary-terms", "glossary-terms"), ("resources", "resources"), ("risks", None), ("issues", None), ("milestones", None),
                   ("dependencies", None), ("assumptions", None), ("actions", None),
                   ("decisions", None), ("lessons", None), ("measures", None), ("benefits", None), ("drivers", None), ("pdsa-cycles", None),
                   ("status-updates", None), ("gate-reviews", None)]:
    values = items(name) if path is None else ids(path)
    if not values:
        sys.exit(f"no {name} to write")
    with open(os.path.join(folder, f"{name}.dict"), "w", encoding="utf-8") as file:
        file.writelines(f'"{value}"\n' for value in values)
    print(f"{name}: {len(values)} ids")

def write_listed(path, key, name):
    """The `key` of every item `path` lists, as the dictionary `name`."""
    request = urllib.request.Request(f"{base}/api/v1/{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        values = [item[key] for item in json.load(response)["items"]]
    with open(os.path.join(folder, f"{name}.dict"), "w", encoding="utf-8") as file:
        file.writelines(f'"{value}"\n' for value in values)
    print(f"{name}: {len(values)} ids")


# The stages with a gate, for the gate settings' routes; the reporting periods, for closing one
# and for the reports of a period.
write_listed("gates", "stageId", "gates")
write_listed("reporting-periods", "period", "periods")

# Every observation of every measure written above.
with open(os.path.join(folder, "measures.dict"), encoding="utf-8") as file:
    measures = [line.strip().strip('"') for line in file if line.strip()]
observations = [item for measure in measures for item in ids(f"measures/{measure}/observations")]
with open(os.path.join(folder, "observations.dict"), "w", encoding="utf-8") as file:
    file.writelines(f'"{value}"\n' for value in observations)
print(f"observations: {len(observations)} ids")
annotations = [item for measure in measures for item in ids(f"measures/{measure}/annotations")]
if not annotations:
    sys.exit("no annotations to write")
with open(os.path.join(folder, "annotations.dict"), "w", encoding="utf-8") as file:
    file.writelines(f'"{value}"\n' for value in annotations)
print(f"annotations: {len(annotations)} ids")
