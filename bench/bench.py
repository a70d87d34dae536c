#!/usr/bin/python3
"""The VisitScore benchmark driver; bench/run builds and then runs this (see bench/README.md).

Makes demo databases (visitscore-cli demo, seed 1) under bench/out/, runs every case --repeat
times, each run a fresh process timed from start to exit (peak RSS from wait4), and writes one
table of medians with the peer's figures and the ratio beside each to bench/RESULTS.md (a smoke
run writes bench/out/RESULTS-smoke.md instead and judges no targets).
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
SEED = 1

# Case sizes: every case runs at every requested size up to its own limit (the pandas peer and a
# 1M import would take tens of minutes per repetition and say nothing the 100k figures do not).
LIMITS = {"import": 100_000, "workbook": 100_000}

# Mystery visits only: customer survey responses (SCORING.md §10) count in no report.
BRANCH_MONTH_SQL = """
SELECT v.branch_id, b.code, strftime('%Y-%m', v.visited_at) AS period,
       count(*) AS n, avg(v.score) AS mean,
       sum(v.score * v.score) AS sum_sq, min(v.score) AS min, max(v.score) AS max,
       avg(v.score >= v.target) AS pass_rate, avg(v.critical <> 0) AS critical_fail_rate,
       avg(v.target) AS target
FROM visits v JOIN branches b ON b.id = v.branch_id
WHERE v.status = 'approved' AND v.calibration IS NULL AND v.score IS NOT NULL
  AND v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey')
GROUP BY v.branch_id, period
ORDER BY b.code, period;
"""

QUESTION_SQL = """
SELECT a.question, sum(1 - a.na) AS n, avg(a.f) AS mean_f,
       1.0 * sum(a.passed) / sum(1 - a.na) AS pass_rate, avg(a.na) AS na_rate
FROM bench_answers a JOIN visits v ON v.id = a.visit_id
WHERE v.status = 'approved' AND v.calibration IS NULL AND v.score IS NOT NULL
  AND v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey')
GROUP BY a.question
ORDER BY a.question;
"""


# The same aggregate on a PostgreSQL server (bench/run --postgres): the month of visited_at in
# UTC, as sqlite3's strftime computes it.
BRANCH_MONTH_PG_SQL = """
SELECT v.branch_id, b.code,
       to_char(v.visited_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
       count(*) AS n, avg(v.score) AS mean,
       sum(v.score * v.score) AS sum_sq, min(v.score) AS min, max(v.score) AS max,
       avg((v.score >= v.target)::int) AS pass_rate, avg(v.critical::int) AS critical_fail_rate,
       avg(v.target) AS target
FROM visits v JOIN branches b ON b.id = v.branch_id
WHERE v.status = 'approved' AND v.calibration IS NULL AND v.score IS NOT NULL
  AND v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey')
GROUP BY v.branch_id, b.code, period
ORDER BY b.code, period;
"""


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Timed(tuple):
    """One process run: wall seconds, peak RSS in MB, CPU seconds (user + system)."""
    __slots__ = ()

    def __new__(cls, wall, rss, cpu):
        return super().__new__(cls, (wall, rss, cpu))

    wall = property(lambda self: self[0])
    rss = property(lambda self: self[1])
    cpu = property(lambda self: self[2])


def run_timed(cmd, stdout=subprocess.DEVNULL, stdin=None, env=None, output=None):
    """Runs `cmd` to completion; returns Timed(wall, rss, cpu). Raises on failure. With `output`
    (a list), the command's standard output is captured and appended to it as text."""
    t0 = time.perf_counter()
    if output is not None:
        stdout = subprocess.PIPE
    p = subprocess.Popen(cmd, stdout=stdout, stdin=stdin, stderr=subprocess.PIPE, env=env)
    if output is not None:
        output.append(p.stdout.read().decode())
    # wait4 gives this child's own rusage (peak RSS), unlike getrusage(RUSAGE_CHILDREN).
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {err.decode(errors='replace')[-2000:]}")
    return Timed(seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime)


def git(*args):
    try:
        return subprocess.check_output(["git", "-C", ROOT, *args], text=True,
                                       stderr=subprocess.DEVNULL).strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def generator_stamp():
    """What the inputs are made from: the demo generator's source. A database or package made by
    the same generator is reused across commits (the schema is brought up to date by migrating)."""
    h = hashlib.sha1()
    for name in ("storage/demo.cpp", "storage/demo.h"):
        with open(os.path.join(ROOT, name), "rb") as f:
            h.update(f.read())
    return "generator-" + h.hexdigest()[:12]


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    commit = git("rev-parse", "--short=12", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(), "commit": commit, "dirty": dirty,
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip(),
        "load_start": os.getloadavg(),
    }


def remove_db(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def copy_db(src, dst):
    """A consistent copy of a WAL database (checkpointed first), replacing `dst`."""
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    remove_db(dst)
    shutil.copyfile(src, dst)


class Bench:
    def __init__(self, args):
        self.args = args
        self.cli = os.path.join(args.build, "cli", "visitscore-cli")
        self.app = os.path.join(args.build, "bench", "bench_app")
        for exe in (self.cli, self.app):
            if not os.access(exe, os.X_OK):
                sys.exit(f"bench: {exe} is missing (bench/run builds it)")
        # The app's windows (bench_app_window: open, dashboard), from a build with the app.
        self.gui = os.path.join(args.app_build or args.build, "bench", "bench_app_window")
        # The PostgreSQL cases' client (bench/run --postgres starts the server).
        self.psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
        self.stamp = generator_stamp()
        self.rows = []   # result rows for the table
        self.notes = []  # notes under the table
        self.ready = set()  # databases checked against this build's schema
        self.case_index = len(CASES)  # the running case, to order the table by case, then size

    # -- inputs ---------------------------------------------------------------------------------

    def fresh(self, path, key):
        """True when `path` exists and was made by this demo generator with the same key."""
        stamp = path + ".stamp"
        want = f"{self.stamp} {key}"
        if self.args.regen or not os.path.exists(path) or not os.path.exists(stamp):
            return False
        with open(stamp) as f:
            return f.read().strip() == want

    def mark(self, path, key):
        with open(path + ".stamp", "w") as f:
            f.write(f"{self.stamp} {key}\n")

    def demo_db(self, n):
        path = os.path.join(OUT, f"demo-{n}.db")
        if not self.fresh(path, f"demo {n} {SEED}"):
            log(f"making {path} ({n:,} visits)")
            remove_db(path)
            t = run_timed([self.cli, "--db", path, "demo", "--visits", str(n), "--seed", str(SEED)])
            log(f"  {t.wall:.1f} s")
            self.mark(path, f"demo {n} {SEED}")
        # Bring a reused database to this build's schema now, not inside a timed run.
        if path not in self.ready:
            run_timed([self.cli, "--db", path, "init"])
            self.ready.add(path)
        return path

    def answers_db(self, n):
        """A copy of the demo database with a normalised answers table for the question peer:
        bench_answers(visit_id, question, f, na, passed), one row per visible scored answer,
        built from the product's own stored per-question fractions (visit_scores.question_scores).
        The copy is kept at the product's schema (migrated like the product's own file), so that
        the peer's join reads the same visits table as VisitScore."""
        src = self.demo_db(n)
        path = os.path.join(OUT, f"demo-{n}-answers.db")
        if self.fresh(path, f"answers {n} {SEED}"):
            if path not in self.ready:
                run_timed([self.cli, "--db", path, "init"])
                self.ready.add(path)
            return path
        log(f"making {path} (normalised answers table for the question peer)")
        copy_db(src, path)
        con = sqlite3.connect(path)
        questions = {}
        for tid, source in con.execute("SELECT id, source FROM templates"):
            t = json.loads(source)
            questions[tid] = [(q["id"], float(q.get("pass_at", 1.0)))
                              for s in t["sections"] for q in s["questions"]]
        con.execute("DROP TABLE IF EXISTS bench_answers")
        con.execute("CREATE TABLE bench_answers (visit_id INTEGER NOT NULL REFERENCES visits(id), "
                    "question TEXT NOT NULL, f REAL, na INTEGER NOT NULL, passed INTEGER NOT NULL, "
                    "PRIMARY KEY (visit_id, question)) WITHOUT ROWID")

        def rows():
            cur = con.cursor()
            for vid, tid, blob in cur.execute("SELECT v.id, v.template_id, s.question_scores FROM "
                                              "visits v JOIN visit_scores s ON s.visit_id = v.id"):
                qs = questions[tid]
                values = struct.unpack(f"<{len(blob) // 8}d", blob)
                for (qid, pass_at), f in zip(qs, values):
                    if math.isnan(f):
                        continue  # hidden, unanswered or unscored: no answer row
                    if f == -1.0:
                        yield (vid, qid, None, 1, 0)
                    else:
                        yield (vid, qid, f, 0, 1 if f >= pass_at else 0)

        t0 = time.perf_counter()
        con.executemany("INSERT INTO bench_answers VALUES (?, ?, ?, ?, ?)", rows())
        con.commit()
        count = con.execute("SELECT count(*) FROM bench_answers").fetchone()[0]
        con.execute("ANALYZE")
        con.close()
        log(f"  {count:,} answer rows in {time.perf_counter() - t0:.1f} s")
        self.mark(path, f"answers {n} {SEED}")
        self.ready.add(path)
        return path

    def package(self, n):
        path = os.path.join(OUT, f"package-{n}.visits.json")
        if not self.fresh(path, f"package {n} {SEED}"):
            log(f"making {path}")
            run_timed([self.cli, "demo", "--visits", str(n), "--seed", str(SEED), "--package", path])
            self.mark(path, f"package {n} {SEED}")
        return path

    def templates_db(self):
        path = os.path.join(OUT, "templates-only.db")
        if not self.fresh(path, "templates"):
            remove_db(path)
            files = sorted(os.path.join(ROOT, "templates", f)
                           for f in os.listdir(os.path.join(ROOT, "templates")) if f.endswith(".json"))
            run_timed([self.cli, "--db", path, "template", "import", *files])
            self.mark(path, "templates")
        return path

    # -- measuring ------------------------------------------------------------------------------

    def repeat(self, fn):
        """Runs fn() --repeat times; returns the list of its results."""
        return [fn() for _ in range(self.args.repeat)]

    def pairs(self, ours, peer):
        """Runs ours() and peer() alternately --repeat times, so that both see the same load."""
        a, b = [], []
        for _ in range(self.args.repeat):
            a.append(ours())
            b.append(peer())
        return a, b

    def add(self, case, size, ours, peer=None, target=None, unit="s", extra=""):
        """One table row. `ours`/`peer`: lists of Timed runs, or a number of seconds (None: not
        measured). `target`: (text, met)."""
        def med(runs, field):
            if runs is None:
                return None
            if not isinstance(runs, list):
                return runs if field == "wall" else None
            return statistics.median(getattr(r, field) for r in runs)
        self.rows.append({"order": (self.case_index, size, len(self.rows)),
                          "case": case, "size": size, "unit": unit, "target": target, "extra": extra,
                          "ours": med(ours, "wall"), "peer": med(peer, "wall"),
                          "ours_cpu": med(ours, "cpu"), "peer_cpu": med(peer, "cpu")})

    def target(self, size, text, met):
        """A target is judged only at the size it names and never in a smoke run."""
        if self.args.smoke:
            return (text, None)
        return (text, met)

    def judged(self, n, size):
        return n == size or self.args.smoke

    # -- cases ----------------------------------------------------------------------------------

    def case_import(self, n):
        pkg = self.package(n)
        base = self.templates_db()
        dst = os.path.join(OUT, "import-target.db")

        def once():
            copy_db(base, dst)
            return run_timed([self.cli, "--db", dst, "visits", "import", pkg])
        runs = self.repeat(once)
        remove_db(dst)
        t = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        rate = n / t
        self.add("import a package (visits import)", n, runs, extra=(
            f"{rate:,.0f} visits/s ({n / cpu:,.0f} per CPU second), {1e6 * t / n:,.0f} µs/visit, "
            f"peak {statistics.median(r.rss for r in runs):,.0f} MB"),
            target=self.target(n, "≥ 20,000 visits/s", rate >= 20_000) if self.judged(n, 100_000) else None)

    # A survey tool's export (visits import-survey, docs/survey-import.md): n responses of the
    # guest survey of tests/data/survey_tool at SURVEY_BRANCHES branches, as such tools write them
    # (a BOM, CRLF, every field quoted, the tool's own words for the answers).
    def survey_inputs(self, n):
        data = os.path.join(ROOT, "tests", "data", "survey_tool")
        export = os.path.join(OUT, f"survey-{n}.csv")
        if not self.fresh(export, f"survey {n} {SEED} with package"):
            log(f"making {export}")
            import csv
            import random
            rng = random.Random(SEED)
            friendly = ["Yes", "No", "N/A"]
            speed = ["Fast", "OK", "Slow"]
            words = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
            to_answer = {"Yes": "yes", "No": "no", "N/A": "na", "Fast": "fast", "OK": "ok",
                         "Slow": "slow"}
            package = []  # the same responses as a visitscore.visits/1 package: the peer
            with open(export, "w", newline="", encoding="utf-8-sig") as f:
                w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
                w.writerow(["Response ID", "Submitted", "Store code", "Served by",
                            "How likely are you to recommend us?", "Q3 Friendly",
                            "Speed of service", "Overall satisfaction", "Any other comments?"])
                for i in range(n):
                    b = rng.randrange(SURVEY_BRANCHES)
                    day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
                    hour, minute = rng.randrange(8, 20), rng.randrange(60)
                    row = [f"R-{i + 1:07d}", f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}",
                           f"B{b:03d}", "" if rng.random() < 0.5 else f"E{b:03d}",
                           str(rng.randrange(11)), rng.choice(friendly), rng.choice(speed),
                           rng.choice(words),
                           "Friendly, quick; \"would\" come back" if rng.random() < 0.2 else ""]
                    w.writerow(row)
                    visit = {"uuid": f"00000000-0000-5000-8000-{i + 1:012d}",
                             "template": "guest-survey", "template_version": 1,
                             "client": "Northwind", "branch": row[2],
                             "visited_at": f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}:00",
                             "status": "approved",
                             "answers": {"recommend": int(row[4]), "friendly": to_answer[row[5]],
                                         "speed": to_answer[row[6]],
                                         "satisfied": words.index(row[7]) + 1}}
                    if row[3]:
                        visit["employee"] = row[3]
                    package.append(visit)
            with open(export + ".visits.json", "w") as f:
                json.dump({"format": "visitscore.visits/1", "visits": package}, f)
            self.mark(export, f"survey {n} {SEED} with package")
        base = os.path.join(OUT, "survey-base.db")
        if not self.fresh(base, f"survey-base {SURVEY_BRANCHES}"):
            remove_db(base)
            run_timed([self.cli, "--db", base, "template", "import",
                       os.path.join(ROOT, "tests", "data", "mini.template.json"),
                       os.path.join(data, "guest-survey.template.json")])
            # The client's branches and staff, as a mystery visit at each branch brings them.
            org = os.path.join(OUT, "survey-branches.visits.json")
            visits = [{"uuid": f"00000000-0000-4000-8000-{b:012d}", "template": "mini",
                       "template_version": 1, "client": "Northwind", "branch": f"B{b:03d}",
                       "branch_name": f"Branch {b}", "employee": f"E{b:03d}",
                       "employee_name": f"Staff {b}", "shopper": "S1",
                       "visited_at": "2026-01-02T10:00:00", "status": "approved",
                       "answers": {"greeted": "yes", "warmth": 4, "complaint": "no", "wait": 20,
                                   "style": "personal", "nps": 9}}
                      for b in range(SURVEY_BRANCHES)]
            with open(org, "w") as f:
                json.dump({"format": "visitscore.visits/1", "visits": visits}, f)
            run_timed([self.cli, "--db", base, "visits", "import", org])  # raises when refused
            self.mark(base, f"survey-base {SURVEY_BRANCHES}")
        return export, base, os.path.join(data, "mapping.json")

    def case_survey(self, n):
        export, base, mapping = self.survey_inputs(n)
        same = export + ".visits.json"  # the same responses as a package
        pkg = self.package(n)
        dst = os.path.join(OUT, "survey-target.db")
        added = [None]

        def ours():
            copy_db(base, dst)
            t = run_timed([self.cli, "--db", dst, "visits", "import-survey", export, "--client",
                           "Northwind", "--mapping", mapping])
            with sqlite3.connect(dst) as c:
                added[0] = c.execute("SELECT count(*) FROM visits").fetchone()[0] - SURVEY_BRANCHES
            return t

        def peer():
            copy_db(base, dst)
            return run_timed([self.cli, "--db", dst, "visits", "import", same])

        def demo():
            copy_db(self.templates_db(), dst)
            return run_timed([self.cli, "--db", dst, "visits", "import", pkg])
        a, b, c = [], [], []
        for _ in range(self.args.repeat):
            a.append(ours())
            b.append(peer())
            c.append(demo())
        remove_db(dst)
        if added[0] != n:
            raise RuntimeError(f"survey import: {added[0]} responses stored of {n}")
        t = statistics.median(r.wall for r in a)
        tp = statistics.median(r.wall for r in b)
        td = statistics.median(r.wall for r in c)
        med = lambda runs, f: statistics.median(getattr(r, f) for r in runs)
        mb = os.path.getsize(export) / 1e6
        self.add("import a survey tool's CSV through a mapping (visits import-survey)", n, a, peer=b,
                 extra=(f"{n / t:,.0f} responses/s from a {mb:,.0f} MB export, peak "
                        f"{med(a, 'rss'):,.0f} MB; peer: `visits import` of the same responses as a "
                        f"package ({os.path.getsize(same) / 1e6:,.0f} MB), {n / tp:,.0f}/s, peak "
                        f"{med(b, 'rss'):,.0f} MB; also `visits import` of the demo package of "
                        f"{n:,} mystery visits: {td:.2f} s ({n / td:,.0f}/s, ratio {t / td:.2f}×), "
                        f"peak {med(c, 'rss'):,.0f} MB"),
                 target=self.target(n, "≤ 1× the package import (as fast or faster)",
                                    t <= tp and t <= td)
                 if self.judged(n, 100_000) else None)

    def return_bundle(self, n):
        """A return bundle of the n-visit package with two generated photos (30-100 KB) a visit."""
        path = os.path.join(OUT, f"return-{n}.vsbundle")
        if not self.fresh(path, f"bundle {n} {SEED}"):
            log(f"making {path}")
            maker = os.path.join(self.args.build, "bench", "make_return_bundle")
            run_timed([maker, self.package(n), path, "2", "30", "100", str(SEED)])
            self.mark(path, f"bundle {n} {SEED}")
        return path

    def case_bundle(self, n):
        if self.args.smoke:
            n = 1000  # the smoke run checks the path, not 1.3 GB of photos
        bundle = self.return_bundle(n)
        pkg = self.package(n)
        base = self.templates_db()
        dst = os.path.join(OUT, "bundle-target.db")
        mb = os.path.getsize(bundle) / 1e6

        photos = [0, 0]

        def ours():
            copy_db(base, dst)
            t = run_timed([self.cli, "--db", dst, "bundle", "import", bundle])
            with sqlite3.connect(dst) as c:
                photos[:] = c.execute("SELECT count(*), coalesce(sum(size), 0) FROM attachments").fetchone()
            return t

        def peer():
            copy_db(base, dst)
            return run_timed([self.cli, "--db", dst, "visits", "import", pkg])
        a, b = self.pairs(ours, peer)
        unzip = self.repeat(lambda: run_timed(["unzip", "-tq", bundle])) if shutil.which("unzip") else None
        remove_db(dst)
        t = statistics.median(r.wall for r in a)
        med = lambda runs, f: statistics.median(getattr(r, f) for r in runs)
        self.add("import a return bundle (bundle import)", n, a, peer=b, extra=(
            f"{n / t:,.0f} visits/s, {mb / t:,.0f} MB/s of a {mb:,.0f} MB bundle with "
            f"{photos[0]:,} photos ({photos[1] / 1e6:,.0f} MB stored), peak {med(a, 'rss'):,.0f} MB; "
            f"peer: `visits import` of the same visits as a plain package (no photos), peak "
            f"{med(b, 'rss'):,.0f} MB" + (
                f"; `unzip -tq` of the bundle (reads and CRC-checks every member) "
                f"{med(unzip, 'wall'):.1f} s, peak {med(unzip, 'rss'):,.0f} MB" if unzip else "")),
            target=self.target(n, "peak memory < 500 MB (streamed)", med(a, "rss") < 500)
            if self.judged(n, 10_000) else None)

    def case_branch_report(self, n):
        db = self.demo_db(n)
        ours, peer = self.pairs(
            lambda: run_timed([self.cli, "--db", db, "report", "--by", "branch", "--period", "month"]),
            lambda: self.sqlite_timed(db, BRANCH_MONTH_SQL))
        self.check_branch(db)
        o = statistics.median(r.wall for r in ours)
        p = statistics.median(r.wall for r in peer)
        self.add("report --by branch --period month", n, ours, peer,
                 target=self.target(n, "≤ 1.5× the sqlite3 floor", o <= 1.5 * p) if self.judged(n, 1_000_000) else None)

    # -- PostgreSQL (bench/run --postgres: a throwaway cluster of the run's own) ----------------

    def pg_uri(self, name):
        """The run's server with database `name` in place of the one it names."""
        base = self.args.postgres
        return base[:base.rfind("/") + 1] + name

    def pg_admin(self, sql):
        subprocess.run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, self.args.postgres],
                       check=True, stdout=subprocess.DEVNULL)

    def pg_fresh_db(self, name):
        self.pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.pg_admin(f"CREATE DATABASE {name}")
        return self.pg_uri(name)

    def pg_demo_db(self, n):
        """The demo database of `n` visits on the server: the SQLite one copied there (copy), once
        per run, outside any timing; then analysed, as a server's autovacuum would."""
        name = f"bench_demo_{n}"
        if name not in self.ready and self.pg_visits(name) == n:
            self.ready.add(name)  # copied by an earlier run on this cluster
        if name not in self.ready:
            src = self.demo_db(n)
            uri = self.pg_fresh_db(name)
            log(f"copying {src} to {uri}")
            t = run_timed([self.cli, "copy", "--from", src, "--to", uri])
            log(f"  {t.wall:.1f} s")
            self.pg_admin_on(uri, "VACUUM ANALYZE")
            self.ready.add(name)
        return self.pg_uri(name)

    def pg_visits(self, name):
        """How many visits the server database `name` holds; None when there is none."""
        p = subprocess.run([self.psql, "-X", "-q", "-A", "-t", "-c", "SELECT count(*) FROM visits",
                            self.pg_uri(name)], capture_output=True, text=True)
        return int(p.stdout.strip()) if p.returncode == 0 and p.stdout.strip().isdigit() else None

    def pg_admin_on(self, uri, sql):
        subprocess.run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, uri], check=True,
                       stdout=subprocess.DEVNULL)

    def case_pg_import(self, n):
        pkg = self.package(n)
        files = sorted(os.path.join(ROOT, "templates", f)
                       for f in os.listdir(os.path.join(ROOT, "templates")) if f.endswith(".json"))

        def once():
            uri = self.pg_fresh_db("bench_import")
            run_timed([self.cli, "--db", uri, "template", "import", *files])  # not timed
            return run_timed([self.cli, "--db", uri, "visits", "import", pkg])
        runs = self.repeat(once)
        self.pg_admin("DROP DATABASE IF EXISTS bench_import WITH (FORCE)")
        t = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        rate = n / t
        self.add("PostgreSQL: import a package (visits import)", n, runs, extra=(
            f"{rate:,.0f} visits/s ({n / cpu:,.0f} per CPU second of the client), "
            f"{1e6 * t / n:,.0f} µs/visit, client peak {statistics.median(r.rss for r in runs):,.0f} MB"),
            target=self.target(n, "≥ 20,000 visits/s", rate >= 20_000) if self.judged(n, 100_000) else None)

    def case_pg_branch_report(self, n):
        uri = self.pg_demo_db(n)
        ours, peer = self.pairs(
            lambda: run_timed([self.cli, "--db", uri, "report", "--by", "branch", "--period", "month",
                               "--json"]),
            lambda: run_timed([self.psql, "-X", "-q", "-A", "-t", "-o", "/dev/null", "-c",
                               BRANCH_MONTH_PG_SQL, uri]))
        self.check_pg_branch(uri)
        o = statistics.median(r.wall for r in ours)
        p = statistics.median(r.wall for r in peer)
        self.add("PostgreSQL: report --by branch --period month --json", n, ours, peer,
                 extra="peer: psql running the same GROUP BY on the same server",
                 target=self.target(n, "≤ 1.5× the psql GROUP BY", o <= 1.5 * p) if self.judged(n, 1_000_000) else None)

    def check_pg_branch(self, uri):
        out = subprocess.run([self.cli, "--db", uri, "report", "--by", "branch", "--period", "month",
                              "--json"], check=True, capture_output=True, text=True).stdout
        groups = json.loads(out)["groups"]
        rows = subprocess.run([self.psql, "-X", "-q", "-A", "-t", "-F", "\t", "-c", BRANCH_MONTH_PG_SQL, uri],
                              check=True, capture_output=True, text=True).stdout.splitlines()
        ours = (len(groups), sum(g["n"] for g in groups))
        peer = (len(rows), sum(int(r.split("\t")[3]) for r in rows if r))
        if ours != peer:
            raise RuntimeError(f"PostgreSQL branch × month: VisitScore has {ours} (groups, n), the SQL {peer}")

    def case_question_report(self, n):
        db = self.demo_db(n)
        adb = self.answers_db(n)
        ours, peer = self.pairs(
            lambda: run_timed([self.cli, "--db", db, "report", "--by", "question"]),
            lambda: self.sqlite_timed(adb, QUESTION_SQL))
        answers = self.check_questions(db, adb)
        o = statistics.median(r.wall for r in ours)
        p = statistics.median(r.wall for r in peer)
        self.add("report --by question", n, ours, peer, extra=f"{answers:,} answer rows in the peer's table",
                 target=self.target(n, "≥ 4× faster than the naive GROUP BY", p >= 4 * o) if self.judged(n, 1_000_000) else None)

    def case_workbook(self, n):
        db = self.demo_db(n)
        ours_x = os.path.join(OUT, f"workbook-{n}.xlsx")
        peer_x = os.path.join(OUT, f"workbook-{n}-pandas.xlsx")
        ours, peer = self.pairs(
            lambda: run_timed([self.cli, "--db", db, "export", "xlsx", "-o", ours_x]),
            lambda: run_timed(["/usr/bin/python3", os.path.join(BENCH, "peer_workbook.py"), db, peer_x]))
        o = statistics.median(r.wall for r in ours)
        p = statistics.median(r.wall for r in peer)
        om = statistics.median(r.rss for r in ours)
        pm = statistics.median(r.rss for r in peer)
        met = p >= 5 * o and om < 150
        self.add("client workbook (export xlsx)", n, ours, peer,
                 extra=f"peak RSS {om:,.0f} MB (pandas {pm:,.0f} MB); file {os.path.getsize(ours_x) / 1e6:.1f} MB "
                       f"(pandas {os.path.getsize(peer_x) / 1e6:.1f} MB)",
                 target=self.target(n, "≥ 5× faster than pandas, peak < 150 MB", met) if self.judged(n, 100_000) else None)

    def queue_db(self, n):
        """A copy of the demo database whose review queue is its last week. The demo leaves half
        of its last 30 days' visits and 4.5 % of older ones submitted (some 86,000 at 1M); a
        consultancy reviews as it goes, so the copy marks those before the last 7 days approved
        (a few thousand at 1M stay submitted)."""
        src = self.demo_db(n)
        path = os.path.join(OUT, f"demo-{n}-queue.db")
        if not self.fresh(path, f"queue {n} {SEED}"):
            log(f"making {path} (the review queue: the last week's submitted visits)")
            copy_db(src, path)
            con = sqlite3.connect(path)
            con.execute("UPDATE visits SET status = 'approved' WHERE status = 'submitted' AND "
                        "visited_at < (SELECT date(max(visited_at), '-7 days') FROM visits)")
            con.commit()
            con.close()
            self.mark(path, f"queue {n} {SEED}")
        if path not in self.ready:
            run_timed([self.cli, "--db", path, "init"])
            self.ready.add(path)
        return path

    def case_risk(self, n):
        """The review queue's integrity risk (docs/integrity.md): `visits risk` over the queue
        against the plain load of the same queue (its ids and first page of rows, what the
        Visits page reads without the Risk column), alternating in the same run."""
        db = self.queue_db(n)
        ours, peer = self.pairs(lambda: run_timed([self.cli, "--db", db, "visits", "risk"]),
                                lambda: run_timed([self.app, "queue", db, "--plain"]))
        out = []
        run_timed([self.app, "queue", db], output=out)
        j = json.loads(out[0])
        o = statistics.median(r.wall for r in ours)
        self.add("review queue with integrity risk (visits risk)", n, ours, peer, extra=(
            f"{j['queue']:,} submitted visits, {j['flagged']:,} with a signal; in one process "
            f"(bench_app queue): plain load {j['plain_ms']:.0f} ms, risk {j['risk_ms']:.0f} ms "
            f"({j['risk_ms'] / max(j['queue'], 1):.2f} ms a visit); peer: `bench_app queue "
            f"--plain` (the queue's ids and first page of rows, as a list without risk)"),
            target=self.target(n, "< 2 s", o < 2.0) if self.judged(n, 1_000_000) else None)

    def case_app_open(self, n):
        db = self.demo_db(n)
        runs, cpu = [], []
        for _ in range(self.args.repeat):
            out = []
            cpu.append(run_timed([self.app, "open", db], output=out).cpu)
            runs.append(json.loads(out[0]))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k.endswith("_ms")}
        total = med["total_ms"] / 1000
        self.add("app: open the database to a visible list (storage steps)", n, total,
                 extra=(f"open {med['open_ms']:.0f} ms, list ids {med['ids_ms']:.0f} ms, first page "
                        f"{med['rows_ms']:.0f} ms, client filter {med['org_ms']:.0f} ms; later, when "
                        f"the Scorecards page is shown: counts {med['templates_ms']:.0f} ms; CPU "
                        f"{statistics.median(cpu):.2f} s for the whole process (window drawing not "
                        f"included: see the next row)"),
                 # The target is judged on the window when the app can be timed, else on this.
                 target=self.target(n, "< 1 s", total < 1.0)
                 if self.judged(n, 1_000_000) and not self.gui_available() else None)

    def gui_available(self):
        """True when the window benchmark (built with the app) and Xvfb are there."""
        return os.access(self.gui, os.X_OK) and shutil.which("xvfb-run") is not None

    def gui_run(self, case, db):
        """Runs a window case of bench_app_window under Xvfb; returns the values it printed, by
        key, and the CPU seconds of the run (the program's and the X server's)."""
        out = []
        t = run_timed(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", self.gui, case, db],
                      output=out)
        values = {"cpu_s": [t.cpu]}
        for line in out[0].splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith("_ms"):
                values.setdefault(parts[0], []).append(float(parts[1]))
        return values

    def case_app_window(self, n):
        """The app itself: from process start to the first rows of the visit list drawn."""
        case = "app: open the database to a visible list (the window)"
        if not self.gui_available():
            self.add(case, n, None, extra=f"not available: no {self.gui} (or no xvfb-run)",
                     target=("< 1 s", "not measured") if self.judged(n, 1_000_000) else None)
            return
        db = self.demo_db(n)
        results = [self.gui_run("open", db) for _ in range(self.args.repeat)]
        runs = [r["open_ms"][0] for r in results]
        total = statistics.median(runs) / 1000
        cpu = statistics.median(r["cpu_s"][0] for r in results)
        self.add(case, n, total, extra=f"`bench_app_window open` under Xvfb; runs {', '.join(f'{r:.0f}' for r in runs)} ms; "
                                      f"CPU {cpu:.2f} s per run (app, X server and exit included)",
                 target=self.target(n, "< 1 s", total < 1.0) if self.judged(n, 1_000_000) else None)

    def case_dashboard(self, n):
        case = "app: dashboard refresh"
        if not self.gui_available():
            self.add(case, n, None, unit="ms", extra=f"not available: no {self.gui} (or no xvfb-run)",
                     target=("< 200 ms", "not measured") if self.judged(n, 1_000_000) else None)
            return
        db = self.demo_db(n)
        refreshes, first, cpu = [], [], []
        for _ in range(self.args.repeat):
            r = self.gui_run("dashboard", db)
            refreshes += r["dashboard_refresh_ms"]
            first += r["dashboard_first_ms"]
            cpu.append(r["cpu_s"][0])
        med = statistics.median(refreshes)
        self.add(case, n, med / 1000, unit="ms",
                 extra=f"median of {len(refreshes)} refreshes ({self.args.repeat} runs of "
                       f"`bench_app_window dashboard`: each period preset, then each on raw performance); worst "
                       f"{max(refreshes):.0f} ms; CPU {statistics.median(cpu):.1f} s per run (start, "
                       f"first load and the refreshes)",
                 target=self.target(n, "< 200 ms", med < 200) if self.judged(n, 1_000_000) else None)
        self.add("app: dashboard first load (reads the client's visits)", n,
                 statistics.median(first) / 1000, unit="ms",
                 extra=f"runs {', '.join(f'{x:.0f}' for x in first)} ms; the same read follows any change "
                       f"to the stored data",
                 target=self.target(n, "< 1 s", statistics.median(first) < 1000) if self.judged(n, 1_000_000) else None)

    def case_pg_dashboard(self, n):
        """The dashboard's first load and refreshes on the server (bench_app_window on a URI)."""
        case = "PostgreSQL: app: dashboard first load (reads the client's visits)"
        if not self.gui_available():
            self.add(case, n, None, unit="ms", extra=f"not available: no {self.gui} (or no xvfb-run)",
                     target=("< 1 s", "not measured") if self.judged(n, 1_000_000) else None)
            return
        uri = self.pg_demo_db(n)
        refreshes, first, cpu = [], [], []
        for _ in range(self.args.repeat):
            r = self.gui_run("dashboard", uri)
            refreshes += r["dashboard_refresh_ms"]
            first += r["dashboard_first_ms"]
            cpu.append(r["cpu_s"][0])
        med = statistics.median(first)
        self.add(case, n, med / 1000, unit="ms",
                 extra=f"`bench_app_window dashboard URI`, runs {', '.join(f'{x:.0f}' for x in first)} ms "
                       f"(choosing the busiest client, reading its visits, computing, painting); CPU of "
                       f"the app and X server {statistics.median(cpu):.1f} s per run (the server's not counted)",
                 target=self.target(n, "< 1 s", med < 1000) if self.judged(n, 1_000_000) else None)
        self.add("PostgreSQL: app: dashboard refresh", n, statistics.median(refreshes) / 1000, unit="ms",
                 extra=f"median of {len(refreshes)} refreshes; worst {max(refreshes):.0f} ms")

    def case_autosave(self, n):
        db = self.demo_db(n)
        copy = os.path.join(OUT, f"autosave-{n}.db")
        copy_db(db, copy)
        os.sync()  # the copy is set-up: its writeback must not land in the first save's fsync
        saves = 50 if self.args.smoke else 500
        # The peer: the same saves with SQLite's own checkpoint inside the commit (its default),
        # where the app's store checkpoints on a thread of its own; alternating on the same copy.
        def once(env=None):
            return json.loads(subprocess.run([self.app, "autosave", copy, str(saves)], check=True,
                                             capture_output=True, text=True, env=env).stdout)
        inline = dict(os.environ, BENCH_WAL_AUTOCHECKPOINT="1000")
        ours, peer = self.pairs(once, lambda: once(inline))
        remove_db(copy)
        med = lambda runs, key: statistics.median(r[key] for r in runs)
        worst = lambda runs: max(r["max_ms"] for r in runs)
        self.add("app: autosave of one answer (p50)", n, med(ours, "p50_ms") / 1000,
                 peer=med(peer, "p50_ms") / 1000, unit="ms",
                 extra=f"{saves} saves per run, back to back; worst {worst(ours):.2f} ms (peer "
                       f"{worst(peer):.2f} ms); CPU time per save p50 {med(ours, 'cpu_p50_ms'):.2f} ms")
        self.add("app: autosave of one answer (p99)", n, med(ours, "p99_ms") / 1000,
                 peer=med(peer, "p99_ms") / 1000, unit="ms",
                 extra=f"CPU time per save p99 {med(ours, 'cpu_p99_ms'):.2f} ms",
                 target=self.target(n, "p99 < 10 ms", med(ours, "p99_ms") < 10) if self.judged(n, 100_000) else None)

    # -- peers' helpers and checks ---------------------------------------------------------------

    def sqlite_timed(self, db, sql):
        with open(os.devnull, "w") as null:
            return run_timed(["sqlite3", "-bail", db, sql], stdout=null)

    def check_branch(self, db):
        """The peer computes the same groups: same count and same total n as report --json."""
        out = subprocess.run([self.cli, "--db", db, "report", "--by", "branch", "--period", "month",
                              "--json"], check=True, capture_output=True, text=True).stdout
        groups = json.loads(out)["groups"]
        con = sqlite3.connect(db)
        rows = con.execute(BRANCH_MONTH_SQL).fetchall()
        con.close()
        ours = (len(groups), sum(g["n"] for g in groups))
        peer = (len(rows), sum(r[3] for r in rows))
        if ours != peer:
            raise RuntimeError(f"branch × month: VisitScore has {ours} (groups, n), the SQL {peer}")

    def check_questions(self, db, adb):
        out = subprocess.run([self.cli, "--db", db, "report", "--by", "question", "--json"],
                             check=True, capture_output=True, text=True).stdout
        groups = json.loads(out)["groups"]
        con = sqlite3.connect(adb)
        rows = con.execute(QUESTION_SQL).fetchall()
        answers = con.execute("SELECT count(*) FROM bench_answers").fetchone()[0]
        con.close()
        ours = (len(groups), sum(g["n"] for g in groups))
        peer = (len(rows), sum(r[1] for r in rows))
        if ours != peer:
            raise RuntimeError(f"question report: VisitScore has {ours} (groups, n), the SQL {peer}")
        return answers

    # -- output ---------------------------------------------------------------------------------

    def table(self, info):
        def fmt(v, unit):
            if v is None:
                return "—"
            if unit == "ms":
                return f"{v * 1000:.2f} ms"
            return f"{v:.2f} s" if v < 100 else f"{v:.0f} s"

        def ratio(a, b):
            if a is None or not b:
                return "—"
            q = a / b
            return f"{q:.2f}×" + (f" ({1 / q:.1f}× faster)" if q < 1 else "")

        lines = ["| case | size | VisitScore | peer | VisitScore ÷ peer | target | met | "
                 "CPU: VisitScore / peer (ratio) | notes |",
                 "|---|---:|---:|---:|---:|---|---|---|---|"]
        for r in sorted(self.rows, key=lambda r: r["order"]):
            cpu = "—"
            if r["ours_cpu"] is not None:
                cpu = fmt(r["ours_cpu"], r["unit"])
                if r["peer_cpu"]:
                    cpu += f" / {fmt(r['peer_cpu'], r['unit'])} ({ratio(r['ours_cpu'], r['peer_cpu'])})"
            tgt, met = r["target"] if r["target"] else ("", None)
            if not r["target"]:
                verdict = ""
            elif isinstance(met, str):
                verdict = met
            elif met is None:
                verdict = "smoke: not judged"
            else:
                verdict = "**met**" if met else "**not met**"
            lines.append(f"| {r['case']} | {r['size']:,} | {fmt(r['ours'], r['unit'])} | "
                         f"{fmt(r['peer'], r['unit'])} | {ratio(r['ours'], r['peer'])} | {tgt} | {verdict} | "
                         f"{cpu} | {r['extra']} |")
        return "\n".join(lines)

    def write(self, info, path, partial=False):
        load_end = os.getloadavg()
        head = [
            "# VisitScore benchmark results" + (" (smoke run)" if self.args.smoke else "")
            + (" (run in progress: the cases so far)" if partial else ""),
            "",
            f"- Date: {info['date']}",
            f"- Commit: {info['commit']}" + (" with uncommitted changes in the tree" if info["dirty"] else ""),
            f"- Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; {info['os']}",
            f"- Load average (1/5/15 min): {', '.join(f'{x:.1f}' for x in info['load_start'])} at the start, "
            f"{', '.join(f'{x:.1f}' for x in load_end)} at the end",
            f"- Build: {self.args.build} ({self.build_type()}); sizes {', '.join(f'{n:,}' for n in self.args.sizes)}; "
            f"medians of {self.args.repeat} run{'s' if self.args.repeat != 1 else ''}; demo data seed {SEED}",
            f"- Command: `bench/run {' '.join(sys.argv[1:]).replace('--build ' + self.args.build, '').strip()}`",
            "",
            "Times are medians of wall-clock seconds of a whole process (start to exit) unless marked ms; "
            "peers run on the same database file in the same run, alternating with VisitScore. Targets are "
            "judged on wall-clock time; the CPU column (user + system seconds of the process) is what the "
            "run cost without waiting for a core, which matters when the machine is loaded. See "
            "bench/README.md for what each case and peer does.",
            "",
            self.table(info),
            "",
        ]
        if self.notes:
            head += ["## Notes", ""] + [f"- {n}" for n in self.notes] + [""]
        text = "\n".join(head)
        # Hand-written analysis below the marker survives a new run (update it with the figures).
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
            if NOTES_MARKER in old:
                text += "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
        with open(path, "w") as f:
            f.write(text)
        return text

    def build_type(self):
        try:
            with open(os.path.join(self.args.build, "CMakeCache.txt")) as f:
                for line in f:
                    if line.startswith("CMAKE_BUILD_TYPE:"):
                        return line.split("=", 1)[1].strip()
        except OSError:
            pass
        return "unknown build type"


NOTES_MARKER = "<!-- analysis: kept across runs -->"

CASES = ["import", "branch", "question", "workbook", "open", "window", "dashboard", "autosave",
         "bundle", "risk", "survey"]
# Run only with --postgres URI (bench/run --postgres starts a throwaway cluster for them).
PG_CASES = ["pg-import", "pg-branch", "pg-dashboard"]
LIMITS["pg-import"] = 100_000
LIMITS["survey"] = 100_000
SURVEY_BRANCHES = 40
LIMITS["bundle"] = 10_000  # a return bundle: 10,000 visits, 20,000 photos (~1.3 GB)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--app-build", default=os.environ.get("BENCH_APP_BUILD_DIR"),
                    help="build directory of the desktop app (default: --build)")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--smoke", action="store_true", help="10,000 visits, once; results to bench/out/")
    ap.add_argument("--only", help="comma list of cases: " + ", ".join(CASES + PG_CASES))
    ap.add_argument("--postgres", metavar="URI",
                    help="a PostgreSQL server for the pg-* cases (bench/run --postgres starts one)")
    ap.add_argument("--regen", action="store_true", help="remake the databases and packages")
    ap.add_argument("--prepare", action="store_true",
                    help="only make the databases and packages the cases need, then stop")
    ap.add_argument("--results", help="where to write the table (default bench/RESULTS.md)")
    args = ap.parse_args()
    if args.smoke:
        args.sizes, args.repeat = "10000", 1
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    if args.only is None:
        args.only = ",".join(CASES + (PG_CASES if args.postgres else []))
    only = [c for c in args.only.split(",") if c]
    for c in only:
        if c not in CASES + PG_CASES:
            sys.exit(f"bench: unknown case {c} (cases: {', '.join(CASES + PG_CASES)})")
        if c in PG_CASES and not args.postgres:
            sys.exit(f"bench: the case {c} needs a server (bench/run --postgres)")
    if args.results is None:
        args.results = os.path.join(OUT, "RESULTS-smoke.md") if args.smoke else os.path.join(BENCH, "RESULTS.md")
    os.makedirs(OUT, exist_ok=True)

    b = Bench(args)
    info = machine()
    if args.prepare:
        for n in args.sizes:
            b.demo_db(n)
            if "question" in only:
                b.answers_db(n)
            if ("import" in only or "pg-import" in only) and n <= LIMITS["import"]:
                b.package(n)
        return
    for n in args.sizes:
        for case in only:
            if n > LIMITS.get(case, n):
                continue
            log(f"== {case} at {n:,} visits")
            b.case_index = (CASES + PG_CASES).index(case)
            getattr(b, {"pg-import": "case_pg_import", "pg-branch": "case_pg_branch_report",
                        "pg-dashboard": "case_pg_dashboard",
                        "import": "case_import", "branch": "case_branch_report",
                        "question": "case_question_report", "workbook": "case_workbook",
                        "open": "case_app_open", "window": "case_app_window",
                        "dashboard": "case_dashboard", "autosave": "case_autosave",
                        "bundle": "case_bundle", "risk": "case_risk",
                        "survey": "case_survey"}[case])(n)
            b.write(info, args.results, partial=True)  # so that an interrupted run leaves its figures
    text = b.write(info, args.results)
    print(text)
    log(f"written to {args.results}")


if __name__ == "__main__":
    main()
