"""Waymark's benchmark, rerunnable by anyone.

Builds a release binary, creates a synthetic database of the chosen scale (cached between runs
for SQLite), starts Waymark on 127.0.0.1 and measures it with wrk at 1 and 16 connections:
reads of the API and pages (at 16 connections each paired with a /health measurement just
before it, for its ratio), a write phase (each connection creates and then updates its own
project with its versions), a contention phase (every connection updates one project; 409s
are counted and no update may be lost) and the project list measured while four connections
write (each write moves the change counter, so lists then bring the index up to date), and
the first list after a single write, twenty times; the Excel downloads (the whole system's
status history and logs across projects), each made three times one after another. Also: seed
time, start-up to ready, peak resident memory (and the server's own part of it, the rest being the
mapped SQLite file), and whether reads wrote to the database. Prints
a table and writes bench-results/*.json.

  scripts/bench                          ics scale, SQLite, release build, 10 s per measurement
  scripts/bench --database postgres      the same against a throwaway local PostgreSQL
  scripts/bench --scale tiny --debug --duration 1    the smoke run CI does
"""
import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench-results")
PASSWORD = "waymark-scale-2026"
# Words searched for once each, after the reads (which search for "winter", "leaflet" and "staffing"):
# common and rare words of the generated system's projects, lessons, risks, issues and measures.
FIRST_SEARCHES = ["ward", "discharge", "frailty", "diabetes", "pathway", "referral", "digital", "falls", "sepsis",
                  "virtual", "community", "urgent", "mental", "maternity", "cancer", "stroke", "workforce", "training",
                  "patient", "clinic", "outpatient", "theatre", "pharmacy", "records", "screening", "housing", "carers",
                  "dementia", "delay", "budget"]


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command, **kwargs):
    """Runs a command and returns what it printed; if it fails, what it said goes to stderr first."""
    result = subprocess.run(command, text=True, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}\n")
        result.check_returncode()
    return result.stdout


class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (never the system one on 5432)."""

    def __init__(self, work):
        self.bin = sorted(d for d in (os.path.join("/usr/lib/postgresql", v, "bin") for v in os.listdir("/usr/lib/postgresql")))[-1]
        self.data = os.path.join(work, "pgdata")
        self.port = free_port()
        os.makedirs(self.data)
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.data, "postgres", "postgres")
            os.chmod(work, 0o755)
        self.as_postgres([os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"])
        self.as_postgres([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l", os.path.join(self.data, "log"), "-w", "-o",
                          f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c max_connections=100", "start"])
        self.as_postgres([os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q",
                          "-c", "CREATE DATABASE waymark_bench"])
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/waymark_bench?sslmode=disable"

    def as_postgres(self, command):
        run((["runuser", "-u", "postgres", "--"] if self.root else []) + command)

    def writes(self):
        """A fingerprint of everything Waymark could write while serving reads. (Table statistics
        cannot tell: an idle PostgreSQL backend reports them up to ten seconds late.)"""
        return self.as_postgres_output(["-c", """
            SELECT (SELECT count(*) FROM sessions), (SELECT max(refreshed_at) FROM sessions),
                   (SELECT max(expires_at) FROM sessions), (SELECT count(*) FROM sign_in_throttle),
                   (SELECT count(*) FROM audit_events), (SELECT count(*) FROM api_tokens),
                   (SELECT max(updated_at) FROM projects), (SELECT max(updated_at) FROM people)"""]).strip()

    def as_postgres_output(self, args):
        command = [os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "waymark_bench", "-tA"] + args
        return run((["runuser", "-u", "postgres", "--"] if self.root else []) + command)

    def stop(self):
        try:
            self.as_postgres([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "stop"])
        except subprocess.CalledProcessError:
            pass


def wrk(url, connections, duration, headers=(), script=None, script_args=(), threads=None):
    threads = threads or (min(connections, 2) if script is None else connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--"] + list(script_args)
    output = run(command)
    return parse_wrk(output)


def first_request(url, headers):
    """One request, timed, before an endpoint is measured: what the first reader waits (a
    closed period's snapshot decoded, a report made), which wrk's steady figures leave out, and
    which at one connection could take the whole measured run."""
    request = urllib.request.Request(url, headers=dict(header.split(": ", 1) for header in headers))
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
    except urllib.error.URLError:
        return None
    return round((time.monotonic() - start) * 1000, 2)


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(output):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "requests": int(re.search(r"(\d+) requests in", output).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}(?:\.000)?%\s+(\S+)", output, re.M)
        result[f"p{percentile}_ms"] = round(to_ms(match.group(1)), 2) if match else None
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    waymark = re.search(r"WAYMARK updates=(\d+) conflicts=(\d+) failures=(\d+)", output)
    if waymark:
        result["updates"], result["conflicts"], result["failures"] = map(int, waymark.groups())
    return result


class Server:
    def __init__(self, binary, database, work):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(work, "server.log"), "w")
        started = time.monotonic()
        self.process = subprocess.Popen([binary, "serve", "--database", database, "--port", str(self.port), "--log", "warning"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        while True:
            try:
                with urllib.request.urlopen(self.base + "/ready", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() - started > 60:
                raise SystemExit("Waymark did not become ready; see " + self.log.name)
            time.sleep(0.005)
        self.startup_seconds = time.monotonic() - started
        self.peak_own_kb = 0
        self.window_own_kb = 0
        threading.Thread(target=self.sample_own_memory, daemon=True).start()

    def sample_own_memory(self):
        """The peak of the server's own memory (RssAnon), read every 20 ms. The kernel's peak (VmHWM)
        also counts the pages of files the process maps, and on SQLite Waymark maps the database
        file: those pages are the operating system's file cache, shared and given back under
        pressure, and at region scale they are most of VmHWM."""
        while self.process.poll() is None:
            try:
                with open(f"/proc/{self.process.pid}/status") as status:
                    for line in status:
                        if line.startswith("RssAnon:"):
                            own = int(line.split()[1])
                            self.peak_own_kb = max(self.peak_own_kb, own)
                            self.window_own_kb = max(self.window_own_kb, own)
            except OSError:
                return
            time.sleep(0.02)

    def peak_own_mb(self):
        return round(self.peak_own_kb / 1024, 1)

    def window_own_mb(self):
        """The peak of the server's own memory since the last call: what one endpoint's run reached
        (memory the allocator still holds from an earlier one counts too, so a rise is what to read)."""
        peak, self.window_own_kb = self.window_own_kb, 0
        return round(peak / 1024, 1)

    def own_mb(self):
        """The server's own memory now (RssAnon): what it allocated, not the file pages it maps."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return round(int(line.split()[1]) / 1024, 1)

    def peak_rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)

    def request(self, method, path, token=None, body=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read() or b"{}")

    def session_cookie(self, email):
        """Signs in through the form like a browser and returns the session cookie."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        page = opener.open(self.base + "/sign-in").read().decode()
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": PASSWORD}).encode()
        opener.open(self.base + "/sign-in", data=data).read()
        jar = next(h.cookiejar for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
        return next(f"{c.name}={c.value}" for c in jar if c.name == "waymark_session")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sqlite_writes(path):
    """A fingerprint of the SQLite files: it changes when anything is written."""
    fingerprint = []
    for suffix in ("", "-wal"):
        try:
            stat = os.stat(path + suffix)
            fingerprint.append((stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            fingerprint.append(None)
    return fingerprint


def measure_writes(server, args, lua, admin_token, me, stage, results):
    """Each of 16 connections creates its own project and updates it with its versions; then all
    16 update one project (409s counted, and no update may be lost)."""
    writes = wrk(server.base + "/", 16, args.duration, script=os.path.join(lua, "updates.lua"),
                 script_args=["own", admin_token, me["organisationId"], stage])
    writes.update(name="writes: create then update own project", connections=16,
                  updates_per_s=round(writes["updates"] / args.duration, 1))
    results.append(writes)
    log(f"  {'writes (own records)':34} c=16  {writes['updates_per_s']:9.0f} updates/s  p99 {writes['p99_ms']} ms  "
        f"conflicts {writes['conflicts']}  failures {writes['failures']}")

    # Contention: everyone updates one project.
    contended = server.request("POST", "/api/v1/projects", token=admin_token, body={
        "title": "Contended benchmark project", "leadOrganisationId": me["organisationId"], "stageId": stage,
        "methodology": "project", "visibility": "system"})
    contention = wrk(server.base + "/", 16, args.duration, script=os.path.join(lua, "updates.lua"),
                     script_args=["shared", admin_token, contended["id"]])
    time.sleep(1)  # let requests sent before wrk's deadline land before reading the outcome
    final = server.request("GET", f"/api/v1/projects/{contended['id']}", token=admin_token)["version"]
    # The server's own count of successful updates: its audit trail. wrk stops counting at the
    # deadline while requests already sent still land, so its count may trail by those.
    history = server.request("GET", f"/api/v1/projects/{contended['id']}/history?per_page=1", token=admin_token)["total"]
    recorded = history - 1
    contention.update(name="writes: 16 connections, one project", connections=16, final_version=final,
                      recorded_updates=recorded, lost_updates=recorded + 1 - final,
                      in_flight_at_stop=recorded - contention["updates"])
    results.append(contention)
    verdict = "no lost update" if final == recorded + 1 and recorded >= contention["updates"] else "LOST UPDATES"
    log(f"  {'contention (one record)':34} c=16  {recorded} updates ({contention['updates']} seen by wrk), "
        f"{contention['conflicts']} conflicts (409), final version {final} = 1 + {recorded}: {verdict}")

    # Risks: each connection records its own risk on one project, then changes its current score
    # with its versions (issue 11: at least 300/s on SQLite, no error, no lost update).
    risks = wrk(server.base + "/", 16, args.duration, script=os.path.join(lua, "updates.lua"),
                script_args=["risk", admin_token, contended["id"], me["id"]])
    risks.update(name="writes: risk score changes (own risks)", connections=16,
                 updates_per_s=round(risks["updates"] / args.duration, 1))
    results.append(risks)
    log(f"  {'writes (own risks)':34} c=16  {risks['updates_per_s']:9.0f} updates/s  p99 {risks['p99_ms']} ms  "
        f"conflicts {risks['conflicts']}  failures {risks['failures']}")

    # Observations: each connection records its own measure, then a value a day (issue 12); each
    # write re-analyses the measure and keeps its summary for the icon summary.
    observations = wrk(server.base + "/", 16, args.duration, script=os.path.join(lua, "updates.lua"),
                       script_args=["observation", admin_token, contended["id"]])
    observations.update(name="writes: observations (own measures)", connections=16,
                        updates_per_s=round(observations["updates"] / args.duration, 1))
    results.append(observations)
    log(f"  {'writes (observations)':34} c=16  {observations['updates_per_s']:9.0f} writes/s  p99 {observations['p99_ms']} ms  "
        f"failures {observations['failures']}")


# A steady writer starts an update every this many milliseconds (updates.lua): 4 of them, 222 a second.
STEADY_MS = "18"


def measure_mixed(server, args, lua, admin_token, member_token, me, stage, listing, results):
    """The list while others write, against the same list read-only, and the first list after one write."""
    # The list while others write: each write moves the portfolio counter, so the next list on this
    # instance waits for the index to be brought up to date. Issue 10's target: at least half the
    # read-only list's rate, p99 under 100 ms, and the writes at 200/s or more.
    _, list_target, list_headers = listing
    # The same list read-only at the same 12 connections, just before: what the target compares to.
    alone = wrk(server.base + list_target, 12, args.duration, list_headers)
    alone.update(name="api: project list, read-only, c=12", path=list_target, connections=12)
    results.append(alone)
    log(f"  {'list read-only (c=12)':34} c=12  {alone['rps']:9.0f} req/s  p50 {alone['p50_ms']} ms  p99 {alone['p99_ms']} ms")
    # Then the same list while 4 connections write: as fast as they can, and at a steady rate a
    # little above issue 10's floor of 200 updates/s (each starting an update every 18 ms by the
    # clock: 222 a second in all, if the server keeps up).
    for name, label, pause in [("api: project list, 4 connections writing", "list while 4 connections write", []),
                               ("api: project list, 4 connections writing steadily", "list while 4 write steadily", [STEADY_MS])]:
        background = {}
        writer = threading.Thread(target=lambda: background.update(wrk(
            server.base + "/", 4, args.duration, script=os.path.join(lua, "updates.lua"),
            script_args=["own", admin_token, me["organisationId"], stage] + pause)))
        writer.start()
        mixed = wrk(server.base + list_target, 12, args.duration, list_headers)
        writer.join()
        mixed.update(name=name, path=list_target, connections=12,
                     concurrent_updates_per_s=round(background["updates"] / args.duration, 1),
                     share_of_read_only=round(mixed["rps"] / alone["rps"], 3))
        results.append(mixed)
        log(f"  {label:34} c=12  {mixed['rps']:9.0f} req/s  p50 {mixed['p50_ms']} ms  "
            f"p99 {mixed['p99_ms']} ms  errors {mixed['errors']}  (writers: {mixed['concurrent_updates_per_s']:.0f} updates/s; "
            f"{mixed['share_of_read_only']:.0%} of read-only)")
    # The portfolio office's dashboard while 4 connections write steadily: each write moves a counter
    # the dashboard draws on, so the one kept for its reader is made again after every write (issue
    # 15's target, p99 under 100 ms at 16 connections, is for the dashboard read-only above).
    dashboard, dashboard_headers = "/api/v1/dashboard?scope=all", [f"Authorization: Bearer {admin_token}"]
    background = {}
    writer = threading.Thread(target=lambda: background.update(wrk(
        server.base + "/", 4, args.duration, script=os.path.join(lua, "updates.lua"),
        script_args=["own", admin_token, me["organisationId"], stage, STEADY_MS])))
    writer.start()
    mixed = wrk(server.base + dashboard, 12, args.duration, dashboard_headers)
    writer.join()
    mixed.update(name="api: dashboard (portfolio office), 4 connections writing steadily", path=dashboard, connections=12,
                 concurrent_updates_per_s=round(background["updates"] / args.duration, 1))
    results.append(mixed)
    log(f"  {'dashboard while 4 write steadily':34} c=12  {mixed['rps']:9.0f} req/s  p50 {mixed['p50_ms']} ms  "
        f"p99 {mixed['p99_ms']} ms  errors {mixed['errors']}  (writers: {mixed['concurrent_updates_per_s']:.0f} updates/s)")
    # The first list after a single write, twenty times: the index is brought up to date before
    # the list answers (issue 10: under 50 ms at region scale). Then the first dashboard after one:
    # made afresh, nothing kept for it.
    own = server.request("POST", "/api/v1/projects", token=admin_token, body={
        "title": "First list after a write", "leadOrganisationId": me["organisationId"], "stageId": stage,
        "methodology": "project", "visibility": "system"})
    version = own["version"]
    for what, target, token in [("list", list_target, member_token), ("dashboard", dashboard, admin_token)]:
        timings = []
        for attempt in range(20):
            version = server.request("PATCH", f"/api/v1/projects/{own['id']}", token=admin_token,
                                     body={"title": f"First {what} after a write {attempt}", "version": version})["version"]
            started = time.monotonic()
            server.request("GET", target, token=token)
            timings.append((time.monotonic() - started) * 1000)
        timings.sort()
        first = {"name": f"api: first {what} after one write (20 times)", "path": target, "connections": 1,
                 "rps": round(1000 / timings[len(timings) // 2], 1), "p50_ms": round(timings[len(timings) // 2], 2),
                 "p99_ms": round(timings[-1], 2), "errors": 0}
        results.append(first)
        log(f"  {'first ' + what + ' after one write':34} c=1   median {first['p50_ms']} ms  slowest {first['p99_ms']} ms")


def generator_fingerprint():
    """What the cached database was made by: the generator, the migrations and the seed command. A change to any
    makes a new one, so a rerun never measures a database an older generator wrote."""
    digest = hashlib.sha1()
    for folder in ("Sources/WaymarkStore/Seeding", "Sources/WaymarkStore/Migrations", "Sources/WaymarkWeb/Commands"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            with open(os.path.join(ROOT, folder, name), "rb") as source:
                digest.update(name.encode() + source.read())
    return digest.hexdigest()[:10]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="ics", choices=["tiny", "ics", "region"])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--debug", action="store_true", help="use the debug build the tests made (for the CI smoke run)")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--only", choices=["reads", "writes", "mixed"], action="append",
                        help="measure only these phases (repeatable; default all): reads, writes (own and contended), "
                             "mixed (the list while others write, and the first list after a write)")
    parser.add_argument("--match", action="append",
                        help="measure only the reads whose name contains this text (repeatable; /health always)")
    args = parser.parse_args()
    phases = set(args.only or ["reads", "writes", "mixed"])

    configuration = "debug" if args.debug else "release"
    log(f"Building waymark ({configuration})...")
    subprocess.run(["swift", "build", "-c", configuration, "--product", "waymark"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, ".build", configuration, "waymark")
    os.makedirs(RESULTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="waymark-bench.")
    postgres = None
    server = None
    report = {"scale": args.scale, "database": args.database, "build": configuration, "duration_s": args.duration,
              "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "processor": platform.processor() or platform.machine()},
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    try:
        # The database: seeded once and cached for SQLite (copied per run, since the run writes).
        seed_command = [binary, "seed", "--scale", args.scale, "--seed", args.seed, "--log", "warning"]
        if args.database == "sqlite":
            cached = os.path.join(RESULTS, f"{args.scale}-seed{args.seed}-{generator_fingerprint()}.sqlite")
            if not os.path.exists(cached):
                log(f"Generating the {args.scale} system (cached in {cached})...")
                started = time.monotonic()
                subprocess.run(seed_command + ["--database", "sqlite://" + cached], check=True)
                report["seed_s"] = round(time.monotonic() - started, 2)
            else:
                log(f"Using the cached {args.scale} system in {cached}")
            path = os.path.join(work, "bench.sqlite")
            shutil.copy(cached, path)
            database = "sqlite://" + path
        else:
            log("Starting a throwaway PostgreSQL...")
            postgres = Postgres(work)
            database = postgres.url
            log(f"Generating the {args.scale} system...")
            started = time.monotonic()
            subprocess.run(seed_command + ["--database", database], check=True)
            report["seed_s"] = round(time.monotonic() - started, 2)

        organisations = {"tiny": 6, "ics": 20, "region": 200}[args.scale]
        # The first member after the administrator, the organisation admins and the portfolio office.
        member = f"person{organisations + 6}@scale.example"
        def token(email):
            return run([binary, "token", "create", "--email", email, "--name", "benchmark", "--database", database, "--log", "warning"]).strip()
        member_token = token(member)
        admin_token = token("person0@scale.example")

        server = Server(binary, database, work)
        report["startup_to_ready_s"] = round(server.startup_seconds, 3)
        log(f"Waymark ready in {server.startup_seconds:.3f} s on {server.base} ({args.database}, {args.scale})")
        # The portfolio index is read whole by the first request that needs it: its time, and the
        # memory it holds (resident memory before and after), are what a larger system scales.
        before_index = server.own_mb()
        started = time.monotonic()
        projects = server.request("GET", "/api/v1/projects?per_page=1&sort=updated&order=desc", token=member_token)["items"]
        report["first_list_after_start_ms"] = round((time.monotonic() - started) * 1000, 1)
        time.sleep(0.2)
        report["index_rss_mb"] = round(server.own_mb() - before_index, 1)
        total = server.request("GET", "/api/v1/projects?per_page=1", token=admin_token)["total"]
        report["index_kb_per_project"] = round(report["index_rss_mb"] * 1024 / total, 2)
        log(f"First list after start (the index read whole): {report['first_list_after_start_ms']} ms; "
            f"the server's own memory +{report['index_rss_mb']} MB, {report['index_kb_per_project']} KB per project")
        cookie = server.session_cookie(member)
        project_id = projects[0]["id"]
        # The risk register measured: the member's project with the most risks.
        readable = server.request("GET", "/api/v1/projects?per_page=100&mine=true", token=member_token)["items"] or projects
        risk_project = max(readable, key=lambda p: server.request("GET", f"/api/v1/projects/{p['id']}/risks",
                                                                   token=member_token)["total"])["id"]
        lua = os.path.join(ROOT, "scripts", "bench-lua")
        bearer = f"Authorization: Bearer {member_token}"
        session = f"Cookie: {cookie}"
        # Capability across people is for administrators and the portfolio office.
        admin_bearer = f"Authorization: Bearer {admin_token}"
        admin_session = f"Cookie: {server.session_cookie('person0@scale.example')}"
        # The measure measured: the member's with the most observations (about 100 at ICS scale).
        measures = [m for p in readable for m in server.request("GET", f"/api/v1/projects/{p['id']}/measures", token=member_token)["items"]]
        measure = max(measures, key=lambda m: m["observationCount"])["id"] if measures else None
        # A 100-point series for the analysis endpoint: steady, then a shift, so every rule is tried.
        series = os.path.join(work, "spc-series.json")
        with open(series, "w") as file:
            json.dump({"improvementDirection": "up", "points": [
                {"label": f"P{i}", "value": 50 + (i * 37 % 11) - 5 + (8 if i >= 70 else 0), "target": 55} for i in range(100)]}, file)
        reads = [
            ("health", "/health", []),
            ("api: project list (100, filtered)", "/api/v1/projects?per_page=100&status=active&sort=updated&order=desc", [bearer]),
            ("api: free-text filter", "/api/v1/projects?q=ward&per_page=100", [bearer]),
            ("page: portfolio", "/portfolio", [session]),
            ("page: portfolio, filtered", "/portfolio?q=ward&methodology=qi&sort=end", [session]),
            ("page: project", f"/projects/{project_id.lower()}", [session]),
            ("page: my projects", "/my-projects", [session]),
            ("page: organisations", "/organisations", [session]),
            ("page: project risks", f"/projects/{risk_project.lower()}/risks", [session]),
            ("page: system risk register", "/risk-registers/system", [session]),
            ("api: project risks", f"/api/v1/projects/{risk_project.lower()}/risks", [bearer]),
            ("api: system risk register (100)", "/api/v1/risk-registers/system?status=all&per_page=100", [bearer]),
            ("page: project issues", f"/projects/{risk_project.lower()}/issues", [session]),
            ("api: project issues", f"/api/v1/projects/{risk_project.lower()}/issues", [bearer]),
            ("page: project plan", f"/projects/{risk_project.lower()}/plan", [session]),
            ("page: key milestones (90 days)", "/timeline?window=90", [session]),
            ("api: key milestones (90 days)", "/api/v1/milestone-timeline?window=90", [bearer]),
            ("page: project dependencies", f"/projects/{risk_project.lower()}/dependencies", [session]),
            ("page: dependency register", "/dependencies", [session]),
            ("api: dependency register (100)", "/api/v1/dependency-register?per_page=100", [bearer]),
            ("page: project assumptions", f"/projects/{risk_project.lower()}/assumptions", [session]),
            ("page: project actions", f"/projects/{risk_project.lower()}/actions", [session]),
            ("page: project decisions", f"/projects/{risk_project.lower()}/decisions", [session]),
            ("page: my work (30 days)", "/my-work?window=30", [session]),
            ("api: my work (30 days)", "/api/v1/me/work?window=30", [bearer]),
            ("page: measure summary (icons)", "/measures", [session]),
            ("api: measure summary (100)", "/api/v1/measure-summary?per_page=100", [bearer]),
            ("page: project benefits", f"/projects/{risk_project.lower()}/benefits", [session]),
            ("page: benefits register", "/benefits", [session]),
            ("api: benefits register (100)", "/api/v1/benefit-register?per_page=100", [bearer]),
            ("api: SPC analysis (100 points)", "/api/v1/spc/analysis", [], os.path.join(lua, "post.lua"), [member_token, series]),
            ("page: glossary index", "/glossary", [session]),
            ("page: glossary search", "/glossary?q=risk", [session]),
            ("api: glossary terms", "/api/v1/glossary-terms", [bearer]),
            ("page: resource library", "/resources", [session]),
            ("page: capability heat map", "/capability/heat-map", [admin_session]),
            ("api: capability heat map", "/api/v1/capability-heat-map", [admin_bearer]),
            ("page: search (common word)", "/search?q=winter", [session]),
            ("page: search (rare word)", "/search?q=leaflet", [session]),
            ("api: search (common word, 100)", "/api/v1/search?q=staffing&per_page=100", [bearer]),
            ("page: lessons search (common word)", "/lessons?q=partner", [session]),
            ("page: lessons search (rare word)", "/lessons?q=leaflet", [session]),
            ("api: lessons search (100)", "/api/v1/lessons?q=winter&per_page=100", [bearer]),
            ("page: project lessons (learn before)", f"/projects/{risk_project.lower()}/lessons", [session]),
            ("api: lesson suggestions", f"/api/v1/projects/{risk_project.lower()}/lesson-suggestions", [bearer]),
            ("page: project status updates", f"/projects/{risk_project.lower()}/updates", [session]),
            ("api: project status updates", f"/api/v1/projects/{risk_project.lower()}/status-updates", [bearer]),
            ("page: reporting (portfolio office)", "/reporting", [admin_session]),
            ("api: reporting overview", "/api/v1/reporting-overview", [admin_bearer]),
            ("api: my status reminders", "/api/v1/me/status-reminders", [bearer]),
            ("page: dashboard (portfolio office)", "/?scope=all", [admin_session]),
            ("api: dashboard (portfolio office)", "/api/v1/dashboard?scope=all", [admin_bearer]),
            ("page: dashboard (member, all they read)", "/?scope=all", [session]),
            ("page: dashboard (member, own projects)", "/?scope=mine", [session]),
            ("page: highlight report", f"/projects/{risk_project.lower()}/highlight-report", [session]),
            ("api: highlight report", f"/api/v1/projects/{risk_project.lower()}/highlight-report", [bearer]),
            ("page: portfolio report (whole system)", "/reports/portfolio", [admin_session]),
            ("api: portfolio report (whole system)", "/api/v1/reports/portfolio", [admin_bearer]),
            ("page: gates (reviews waiting)", "/gates", [admin_session]),
            ("api: gate reviews waiting", "/api/v1/gate-reviews", [admin_bearer]),
        ]
        # The latest period the seed closed: its report is made from the snapshot kept when it closed.
        closed = [row["period"] for row in server.request("GET", "/api/v1/reporting-periods", token=admin_token)["items"] if row["closed"]]
        if closed:
            reads += [("page: portfolio report (closed period)", f"/reports/portfolio?period={closed[0]}", [admin_session]),
                      ("api: portfolio report (closed period)", f"/api/v1/reports/portfolio?period={closed[0]}", [admin_bearer])]
        if measure:
            reads += [("page: measure chart", f"/measures/{measure.lower()}", [session]),
                      ("api: measure analysis", f"/api/v1/measures/{measure.lower()}/analysis", [bearer])]
        before = postgres.writes() if postgres else sqlite_writes(path)
        results = []
        listing = reads[1]
        if args.match:
            reads = [reads[0]] + [read for read in reads[1:] if any(text in read[0] for text in args.match)]
        for name, target, headers, *script in (reads if "reads" in phases else [reads[0]]):
            server.window_own_mb()
            first_ms = None if script or name == "health" else first_request(server.base + target, headers)
            if first_ms is not None and first_ms > 1000:
                log(f"  {name:34} first request {first_ms / 1000:.1f} s")
            for connections in (1, 16):
                # At 16 connections, where the targets are, /health is measured again just before
                # each endpoint and the endpoint's ratio taken to that: this machine's speed drifts
                # by a fifth within minutes, and a ceiling measured minutes earlier would carry it.
                paired = None
                if connections == 16 and name != "health":
                    paired = wrk(server.base + "/health", connections, args.duration)["rps"]
                measured = wrk(server.base + target, connections, args.duration, headers,
                               script=script[0] if script else None, script_args=script[1] if script else (),
                               threads=min(connections, 2))
                measured.update(name=name, path=target, connections=connections)
                if connections == 1 and first_ms is not None:
                    measured["first_ms"] = first_ms
                if paired:
                    measured["health_rps"] = paired
                measured["peak_own_mb"] = server.window_own_mb()
                results.append(measured)
                log(f"  {name:34} c={connections:<3} {measured['rps']:9.0f} req/s  p50 {measured['p50_ms']} ms  p99 {measured['p99_ms']} ms  errors {measured['errors']}  own {measured['peak_own_mb']} MB")
        if "reads" in phases and any("search" in read[0] for read in reads[1:]):
            # The reads above search for the same words again and again, which an instance answers
            # from what it found the first time while nothing searched changes. What a word costs
            # the first time (ranked afresh), one request at a time:
            timings = []
            for word in FIRST_SEARCHES:
                started = time.monotonic()
                server.request("GET", f"/api/v1/search?q={word}", token=member_token)
                timings.append((time.monotonic() - started) * 1000)
            timings.sort()
            report["first_search_ms"] = {"words": len(timings), "median": round(timings[len(timings) // 2], 1),
                                         "max": round(timings[-1], 1)}
            log(f"  first search of each of {len(timings)} words: median {report['first_search_ms']['median']} ms, "
                f"slowest {report['first_search_ms']['max']} ms")
        if "reads" in phases and any("portfolio report" in read[0] for read in reads[1:]) and shutil.which("weasyprint"):
            # A board pack as a PDF, made once, start to finish (the target is under 30 s): an
            # organisation's portfolio report (the one with the fewest reported projects among those
            # with at least twenty: a board's usual pack) and twenty of its highlight reports; at
            # smaller scales, the whole system's and as many as there are.
            organisations = server.request("GET", "/api/v1/organisations?per_page=100", token=admin_token)["items"]
            best = None
            for organisation in organisations:
                answer = server.request("GET", f"/api/v1/reports/portfolio?organisation={organisation['id']}", token=admin_token)
                reported = [line["projectId"] for line in answer["projects"] if line["statusUpdateId"]]
                if len(reported) >= 20 and (best is None or len(reported) < best[2]):
                    best = (organisation["id"], answer["period"], len(reported), reported[:20], len(answer["projects"]))
            if best is None:
                whole = server.request("GET", "/api/v1/reports/portfolio", token=admin_token)
                reported = [line["projectId"] for line in whole["projects"] if line["statusUpdateId"]]
                best = (None, whole["period"], len(reported), reported[:20], len(whole["projects"]))
            organisation_id, period, _, chosen, slice_projects = best
            query = urllib.parse.urlencode(([("organisation", organisation_id)] if organisation_id else []) + [("period", period)]
                                           + [("project", project) for project in chosen])
            request = urllib.request.Request(server.base + "/reports/board-pack.pdf?" + query)
            request.add_header("Cookie", admin_session.split(": ", 1)[1])
            started = time.monotonic()
            with urllib.request.urlopen(request, timeout=300) as response:
                pdf = response.read()
            seconds = round(time.monotonic() - started, 1)
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            report["board_pack_pdf"] = {"highlight_reports": len(chosen), "slice_projects": slice_projects, "seconds": seconds,
                                        "pages": pages, "bytes": len(pdf)}
            log(f"  board pack PDF: an organisation's portfolio report ({slice_projects} projects) and {len(chosen)} highlight reports, "
                f"{pages} pages, in {seconds} s")
        if "reads" in phases and (not args.match or any("export" in text for text in args.match)):
            # Downloads as Excel workbooks, each made three times one after another (a download is
            # asked for now and then, not by sixteen people at once): the whole system's status
            # history (every update reported over twelve periods) and logs across every project.
            report["exports"] = []
            report["peak_rss_mb_before_exports"] = server.peak_rss_mb()
            report["peak_own_memory_mb_before_exports"] = server.peak_own_mb()
            for name, target in [("workbook: status history, whole system", "/api/v1/exports/status-history?format=xlsx"),
                                 ("workbook: risks across projects", "/api/v1/exports/logs/risks?format=xlsx"),
                                 ("workbook: milestones across projects", "/api/v1/exports/logs/milestones?format=xlsx"),
                                 ("workbook: benefits across projects", "/api/v1/exports/logs/benefits?format=xlsx"),
                                 ("workbook: project list, whole system", "/api/v1/exports/projects?format=xlsx")]:
                timings, size = [], 0
                server.window_own_mb()
                for _ in range(3):
                    request = urllib.request.Request(server.base + target, headers={"Authorization": f"Bearer {admin_token}"})
                    started = time.monotonic()
                    with urllib.request.urlopen(request, timeout=300) as response:
                        size = len(response.read())
                    timings.append(time.monotonic() - started)
                timings.sort()
                line = {"name": name, "path": target, "median_s": round(timings[1], 2), "slowest_s": round(timings[-1], 2), "bytes": size,
                        "peak_own_mb": server.window_own_mb()}
                report["exports"].append(line)
                log(f"  {name:34} median {line['median_s']} s, slowest {line['slowest_s']} s, {size / 1_000_000:.1f} MB, "
                    f"own memory at most {line['peak_own_mb']} MB")
        time.sleep(0.5)
        after = postgres.writes() if postgres else sqlite_writes(path)
        report["reads_wrote_to_database"] = before != after
        if before != after:
            log(f"  the database changed during reads: {before} -> {after}")

        me = server.request("GET", "/api/v1/me", token=admin_token)
        stage = server.request("GET", "/api/v1/stages", token=admin_token)["items"][4]["id"]
        if "writes" in phases:
            measure_writes(server, args, lua, admin_token, me, stage, results)
        if "mixed" in phases:
            measure_mixed(server, args, lua, admin_token, member_token, me, stage, listing, results)
        report["peak_rss_mb"] = server.peak_rss_mb()
        report["peak_own_memory_mb"] = server.peak_own_mb()
        report["results"] = results

        health = {r["connections"]: r["rps"] for r in results if r["name"] == "health"}
        for r in results:
            if r["connections"] in health and "rps" in r and r["name"] != "health":
                r["ratio_to_health"] = round(r["rps"] / r.get("health_rps", health[r["connections"]]), 3)
        paired = [r["health_rps"] for r in results if "health_rps" in r]
        if paired:
            report["health_c16_paired_range"] = [min(paired), max(paired)]
    finally:
        if server:
            server.stop()
        if postgres:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)

    out = os.path.join(RESULTS, f"bench-{args.database}-{args.scale}-{time.strftime('%Y%m%d-%H%M%S')}.json")
    with open(out, "w") as f:
        json.dump(report, f, indent=2)
    print()
    print(f"Waymark benchmark: {args.scale} scale, {args.database}, {configuration} build, {os.cpu_count()} cores, {args.duration} s each")
    print(f"{'endpoint':40} {'conn':>4} {'req/s':>9} {'÷health':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'own MB':>7}")
    for r in report["results"]:
        ratio = f"{r['ratio_to_health']:.2f}" if "ratio_to_health" in r else ""
        rate = r.get("updates_per_s", r["rps"])
        print(f"{r['name'][:40]:40} {r['connections']:>4} {rate:>9.0f} {ratio:>8} {r['p50_ms'] or '':>8} {r['p99_ms'] or '':>8} {r['errors']:>6} "
              f"{r.get('peak_own_mb', ''):>7}")
    if "health_c16_paired_range" in report:
        low, high = report["health_c16_paired_range"]
        print(f"÷health at 16 connections: to /health measured just before each endpoint ({low:.0f} to {high:.0f} req/s); "
              "the writes are absolute")
    for r in report["results"]:
        if "concurrent_updates_per_s" in r:
            share = f"; {r['share_of_read_only']:.0%} of the read-only list at 12 connections" if "share_of_read_only" in r else ""
            print(f"{r['name']}: {r['concurrent_updates_per_s']:.0f} updates/s went on alongside{share}")
    print(f"first list after start (index read whole): {report['first_list_after_start_ms']} ms · index: +{report['index_rss_mb']} MB "
          f"of the server's own memory, {report['index_kb_per_project']} KB per project")
    if "first_search_ms" in report:
        first = report["first_search_ms"]
        print(f"first search of a word (ranked afresh, one at a time, {first['words']} words): median {first['median']} ms, "
              f"slowest {first['max']} ms")
    if "peak_rss_mb_before_exports" in report:
        print(f"peak RSS before the downloads: {report['peak_rss_mb_before_exports']} MB "
              f"(its own memory at most {report['peak_own_memory_mb_before_exports']} MB)")
    for line in report.get("exports", []):
        print(f"{line['name']}: median {line['median_s']} s, slowest {line['slowest_s']} s of 3, {line['bytes'] / 1_000_000:.1f} MB, "
              f"the server's own memory at most {line['peak_own_mb']} MB")
    seed = f"{report['seed_s']} s" if 'seed_s' in report else "cached"
    print(f"seed: {seed} · start-up to ready: {report['startup_to_ready_s']} s · peak RSS: {report['peak_rss_mb']} MB "
          f"(of which its own memory at most {report['peak_own_memory_mb']} MB; the rest mapped database file) · "
          f"reads wrote to the database: {'yes' if report['reads_wrote_to_database'] else 'no'}")
    print(f"JSON: {out}")
    lost = [r for r in report["results"] if r.get("lost_updates") or r.get("in_flight_at_stop", 0) < 0]
    if lost or report["reads_wrote_to_database"]:
        sys.exit("FAILED: " + ("lost updates" if lost else "reads wrote to the database"))


if __name__ == "__main__":
    main()
