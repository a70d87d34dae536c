#!/usr/bin/python3
"""An independent computation of closing the loop's numbers, read straight from a VisitScore
SQLite file, for the CLI tests that compare `dispute stats --json` and `action effect --json`
with it: the dispute statistics of docs/disputes.md ("Statistics") and every action plan's
effect as SCORING.md §7 specifies for action plans (docs/action-plans.md, "Effect").

Usage: loop_oracle.py DB [WINDOW_DAYS]   (run with /usr/bin/python3: Debian's numpy and scipy)
prints {"disputes": {CLIENT: {"client"|"branch"|"shopper": [group, ...]}},
        "action_plans": [{"id", "effect": {...}}], "rescored": N}.

Shares no code with the C++: the visits come from SQL over the stored rows (the local date from
the text of visited_at), each visit's section scores are computed here from its stored answers
and its scorecard's stored JSON (SCORING.md §1-3), checked against the visit score the database
stores (the oracle stops when one differs); means and sds from numpy, Welch's p from
scipy.stats.ttest_ind, the median from numpy. A decision changed a visit when the standing answer
differs from the disputed one as JSON values."""

import datetime
import json
import math
import sqlite3
import sys
import warnings

import numpy as np
from scipy import stats

Z95 = 1.959964


# --- SCORING.md §1-3: section scores from the answers -------------------------------------------

def fraction(q, a):
    """f of a scored question's answer (§1)."""
    t = q["type"]
    if t == "yes_no":
        return 1.0 if a == q.get("expect", "yes") else 0.0
    if t == "scale":
        return (a - q["min"]) / (q["max"] - q["min"])
    if t == "choice":
        return next(o["score"] for o in q["options"] if o["id"] == a)
    if t == "checklist":
        total = sum(o["score"] for o in q["options"])
        return sum(o["score"] for o in q["options"] if o["id"] in a) / total
    if t == "number":
        for band in q["bands"]:
            if "max" not in band or a <= band["max"]:
                return band["score"]
        raise ValueError("no band for " + str(a))
    raise ValueError("not scored: " + t)


def scored(q):
    return q["type"] not in ("nps", "text") and q.get("points", 1) > 0


def shown(cond, seen):
    """A show_if condition against the answers of the visible questions before it."""
    if cond is None:
        return True
    q = cond["question"]
    return q in seen and any(seen[q] == v for v in cond["in"])


def visit_scores(tpl, answers):
    """({section id: score_s or None}, score or None) of one visit (§2-3)."""
    seen = {}  # answers of visible questions so far
    sections, visit_critical, acc = {}, False, []
    for s in tpl["sections"]:
        section_visible = shown(s.get("show_if"), seen)
        earned = possible = 0.0
        section_critical = False
        for q in s["questions"]:
            if not section_visible or not shown(q.get("show_if"), seen):
                continue
            if q["id"] not in answers or answers[q["id"]] is None:
                continue
            a = answers[q["id"]]
            seen[q["id"]] = a
            if a == "na" or not scored(q):
                continue
            f = fraction(q, a)
            pts = q.get("points", 1)
            earned += f * pts
            possible += pts
            if q.get("critical") and f < q.get("pass_at", 1):
                if q["critical"] == "visit":
                    visit_critical = True
                else:
                    section_critical = True
        if possible == 0:
            sections[s["id"]] = None
            continue
        raw = 100.0 * earned / possible
        sections[s["id"]] = 0.0 if section_critical else raw
        w = s.get("weight", 1)
        if w > 0:
            acc.append((w, sections[s["id"]]))
    if not acc:
        return sections, None
    if visit_critical:
        return sections, 0.0
    return sections, sum(w * x for w, x in acc) / sum(w for w, _ in acc)


# --- the visits reports count -------------------------------------------------------------------

def released_visits(conn):
    """Approved mystery visits (no calibration, no survey): one dict each."""
    tpls = {tid: json.loads(src) for tid, src in conn.execute("SELECT id, source FROM templates")}
    rows = conn.execute(
        "SELECT v.id, v.uuid, c.name, b.code, s.code, v.visited_at, v.answers, v.score, "
        "v.template_id FROM visits v JOIN clients c ON c.id = v.client_id "
        "JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = v.shopper_id "
        "JOIN templates t ON t.id = v.template_id WHERE v.status = 'approved' "
        "AND v.calibration IS NULL AND t.channel <> 'survey'").fetchall()
    out = []
    for vid, uuid, client, branch, shopper, visited_at, answers, stored, tid in rows:
        sections, score = visit_scores(tpls[tid], json.loads(answers))
        if (score is None) != (stored is None) or (
                score is not None and abs(score - stored) > 1e-9):
            sys.exit("rescoring visit %s gives %r, the database stores %r" % (uuid, score, stored))
        out.append({"uuid": uuid, "client": client, "branch": branch, "shopper": shopper,
                    "day": datetime.date.fromisoformat(visited_at[:10]).toordinal(),
                    "sections": sections, "score": score})
    return out


# --- dispute statistics (docs/disputes.md) -------------------------------------------------------

def answer_value(text):
    return None if text == "" else json.loads(text)


def seconds(ts):
    return datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def rate(part, whole):
    return part / whole if whole else None


def dispute_stats(conn, visits, client, by):
    column = {"client": "c.name", "branch": "b.code", "shopper": "s.code"}[by]
    points = conn.execute(
        "SELECT v.uuid, " + column + ", d.status, d.decision, d.original_answer, "
        "d.decided_answer, d.opened_at, d.decided_at FROM disputes d "
        "JOIN visits v ON v.id = d.visit_id JOIN clients c ON c.id = d.client_id "
        "JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = v.shopper_id "
        "WHERE c.name = ?", (client,)).fetchall()
    groups = {}

    def group(key):
        return groups.setdefault(key, {"released": set(), "points": [], "disputed": set(),
                                       "changed": set(), "decided": 0, "overturned": 0,
                                       "days": []})

    for v in visits:
        if v["client"] == client:
            group(v[by])["released"].add(v["uuid"])
    for uuid, key, status, decision, original, decided, opened_at, decided_at in points:
        g = group(key)
        g["points"].append(uuid)
        released = uuid in g["released"]
        if released:
            g["disputed"].add(uuid)
        if status != "decided":
            continue
        g["decided"] += 1
        g["overturned"] += decision in ("accepted", "partly")
        if released and answer_value(decided) != answer_value(original):
            g["changed"].add(uuid)
        g["days"].append((seconds(decided_at) - seconds(opened_at)) / 86400.0)
    out = []
    for key in sorted(groups, key=lambda k: k.encode()):
        g = groups[key]
        n = len(g["released"])
        out.append({"key": key, "released": n, "disputed_visits": len(g["disputed"]),
                    "points": len(g["points"]), "decided": g["decided"],
                    "overturned": g["overturned"], "changed_visits": len(g["changed"]),
                    "dispute_rate": rate(len(g["disputed"]), n),
                    "overturned_rate": rate(g["overturned"], g["decided"]),
                    "changed_rate": rate(len(g["changed"]), n),
                    "median_days_to_decide":
                        float(np.median(g["days"])) if g["days"] else None})
    return out


# --- action plan effect (SCORING.md §7) ----------------------------------------------------------

def cell(xs):
    return {"n": len(xs), "mean": float(np.mean(xs)) if xs else None,
            "sd": float(np.std(xs, ddof=1)) if len(xs) >= 2 else None}


def group_effect(pre, post):
    g = {"pre": cell(pre), "post": cell(post), "effect": None, "p": None, "d": None}
    if pre and post:
        g["effect"] = g["post"]["mean"] - g["pre"]["mean"]
    if len(pre) >= 2 and len(post) >= 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = stats.ttest_ind(post, pre, equal_var=False).pvalue
        g["p"] = None if math.isnan(p) else float(p)
        n1, n2 = len(pre), len(post)
        pooled = math.sqrt(((n1 - 1) * np.var(pre, ddof=1) + (n2 - 1) * np.var(post, ddof=1)) /
                           (n1 + n2 - 2))
        g["d"] = (g["post"]["mean"] - g["pre"]["mean"]) / pooled if pooled > 0 else None
    return g


def measured(v, sections):
    if not sections:
        return v["score"]
    xs = [v["sections"][s] for s in sections if v["sections"].get(s) is not None]
    return sum(xs) / len(xs) if xs else None


def plan_effects(conn, visits, window):
    plans = conn.execute(
        "SELECT p.id, c.name, b.code, p.sections, p.start_date FROM action_plans p "
        "JOIN clients c ON c.id = p.client_id JOIN branches b ON b.id = p.branch_id "
        "ORDER BY p.id").fetchall()
    days = {pid: datetime.date.fromisoformat(start).toordinal() for pid, _, _, _, start in plans}
    out = []
    for pid, client, branch, sections, _ in plans:
        day = days[pid]
        # Branches of the client's other plans whose window [start - W, start + W) meets this one.
        excluded = set()
        for oid, oclient, obranch, _, _ in plans:
            if oid != pid and oclient == client and obranch != branch and \
                    max(day, days[oid]) - window < min(day, days[oid]) + window:
                excluded.add(obranch)
        cells = {(g, w): [] for g in ("treated", "control") for w in ("pre", "post")}
        wanted = json.loads(sections)
        for v in visits:
            if v["client"] != client or v["score"] is None or v["branch"] in excluded:
                continue
            if day - window <= v["day"] < day:
                w = "pre"
            elif day <= v["day"] < day + window:
                w = "post"
            else:
                continue
            x = measured(v, wanted)
            if x is not None:
                cells[("treated" if v["branch"] == branch else "control", w)].append(x)
        e = {"treated": group_effect(cells[("treated", "pre")], cells[("treated", "post")]),
             "control": group_effect(cells[("control", "pre")], cells[("control", "post")]),
             "control_excludes": sorted(excluded), "did": None, "did_se": None,
             "did_ci95": None}
        if e["treated"]["effect"] is not None and e["control"]["effect"] is not None:
            e["did"] = e["treated"]["effect"] - e["control"]["effect"]
            four = [cells[k] for k in cells]
            if all(len(xs) >= 2 for xs in four):
                e["did_se"] = math.sqrt(sum(np.var(xs, ddof=1) / len(xs) for xs in four))
                e["did_ci95"] = [e["did"] - Z95 * e["did_se"], e["did"] + Z95 * e["did_se"]]
        out.append({"id": pid, "client": client, "branch": branch, "effect": e})
    return out


def main():
    db = sys.argv[1]
    window = int(sys.argv[2]) if len(sys.argv) > 2 else 90
    conn = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
    visits = released_visits(conn)
    clients = [c for (c,) in conn.execute("SELECT name FROM clients ORDER BY name")]
    disputes = {c: {by: dispute_stats(conn, visits, c, by)
                    for by in ("client", "branch", "shopper")} for c in clients}
    print(json.dumps({"disputes": disputes, "action_plans": plan_effects(conn, visits, window),
                      "rescored": len(visits)}, indent=1))


if __name__ == "__main__":
    main()
