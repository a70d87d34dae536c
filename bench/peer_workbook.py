#!/usr/bin/python3
"""The workbook peer: what an analyst writes instead of `visitscore-cli export xlsx`.

    peer_workbook.py DATABASE OUT.xlsx

pandas reads the approved visits of a VisitScore database straight from SQLite (sqlite3 +
read_sql_query), computes the branch table (n, mean, sd, 95% CI with Student's t from scipy, pass
rate, critical-fail rate, section means) and writes it with the Visits sheet (the same columns as
the client workbook's: visited, client, region, branch, branch name, staff, staff name,
scorecard, version, status, raw, score, target, critical failures, one column per weighted
section, one per question with option labels, comments, summary, visit reference) through
pandas' XlsxWriter engine with its defaults (constant_memory off). It writes no formulas, charts,
styles or the other sheets, so it does less than VisitScore does.
"""

import json
import sqlite3
import sys

import numpy as np
import pandas as pd
from scipy import stats


def main(db, out):
    con = sqlite3.connect(db)
    templates = {}
    for tid, source in con.execute("SELECT id, source FROM templates"):
        templates[tid] = json.loads(source)

    visits = pd.read_sql_query(
        """SELECT v.id, v.template_id, v.visited_at, c.name AS client, r.name AS region,
                  b.code AS branch, b.name AS branch_name, e.code AS staff, e.name AS staff_name,
                  t.code AS scorecard, t.version, v.status, v.raw, v.score, v.target,
                  v.critical, v.critical_failures, sc.section_scores, v.answers, v.comments,
                  v.summary, v.uuid
           FROM visits v
           JOIN visit_scores sc ON sc.visit_id = v.id
           JOIN clients c ON c.id = v.client_id
           LEFT JOIN regions r ON r.id = v.region_id
           JOIN branches b ON b.id = v.branch_id
           LEFT JOIN employees e ON e.id = v.employee_id
           JOIN templates t ON t.id = v.template_id
           WHERE v.status = 'approved' AND v.calibration IS NULL AND t.channel <> 'survey'
           ORDER BY v.day, v.id""", con)
    con.close()

    # Column layout: weighted sections and questions, union over the scorecards in use.
    sections, questions, labels = {}, {}, {}
    for tid in sorted(visits["template_id"].unique()):
        t = templates[tid]
        for s in t["sections"]:
            if s.get("weight", 1) > 0:
                sections.setdefault(s["id"], s.get("title", s["id"]))
            for q in s["questions"]:
                questions.setdefault(q["id"], q.get("text", q["id"]))
                for o in q.get("options", []):
                    if o.get("label"):
                        labels[(q["id"], o["id"])] = o["label"]

    # Section scores: the stored array holds 5 doubles per section (raw, score, …).
    def section_scores(row):
        values = np.frombuffer(row.section_scores, dtype="<f8").reshape(-1, 5)[:, 1]
        t = templates[row.template_id]
        return {s["id"]: v for s, v in zip(t["sections"], values) if s["id"] in sections}

    sec = pd.DataFrame.from_records([section_scores(r) for r in visits.itertuples(index=False)],
                                    columns=list(sections))

    def answer_cells(text):
        cells = {}
        for qid, v in json.loads(text).items():
            if isinstance(v, list):
                cells[qid] = "; ".join(labels.get((qid, x), x) for x in v) or "(none)"
            elif isinstance(v, str):
                cells[qid] = labels.get((qid, v), v)
            else:
                cells[qid] = v
        return cells

    ans = pd.DataFrame.from_records([answer_cells(a) for a in visits["answers"]],
                                    columns=list(questions))

    # The branch table.
    scored = visits[visits["score"].notna()].copy()
    scored["pass"] = scored["score"] >= scored["target"]
    scored["critical_fail"] = scored["critical"] != 0
    scored = pd.concat([scored.reset_index(drop=True),
                        sec[visits["score"].notna().to_numpy()].reset_index(drop=True)], axis=1)
    g = scored.groupby(["client", "branch"])
    branches = g.agg(branch_name=("branch_name", "first"), region=("region", "first"),
                     n=("score", "count"), mean=("score", "mean"), sd=("score", "std"),
                     pass_rate=("pass", "mean"), critical_fail_rate=("critical_fail", "mean"),
                     target=("target", "mean"))
    half = stats.t.ppf(0.975, branches["n"] - 1) * branches["sd"] / np.sqrt(branches["n"])
    branches.insert(5, "ci95_low", branches["mean"] - half)
    branches.insert(6, "ci95_high", branches["mean"] + half)
    branches = branches.join(g[list(sections)].mean().rename(columns=sections))
    branches["status"] = np.where(branches["mean"] >= branches["target"], "above",
                                  np.where(branches["mean"] >= branches["target"] - 5, "near", "below"))
    branches = branches.reset_index()

    # The Visits sheet.
    sheet = pd.DataFrame({
        "Visited": pd.to_datetime(visits["visited_at"]),
        "Client": visits["client"], "Region": visits["region"], "Branch": visits["branch"],
        "Branch name": visits["branch_name"], "Staff": visits["staff"],
        "Staff name": visits["staff_name"], "Scorecard": visits["scorecard"],
        "Version": visits["version"], "Status": visits["status"], "Raw": visits["raw"],
        "Score": visits["score"], "Target": visits["target"],
        "Critical failures": [", ".join(json.loads(c)) for c in visits["critical_failures"]],
    })
    sheet = pd.concat([sheet, sec.rename(columns=sections), ans.rename(columns=questions)], axis=1)
    sheet["Comments"] = [" | ".join(f"{k}: {v}" for k, v in json.loads(c).items())
                         for c in visits["comments"]]
    sheet["Summary"] = visits["summary"]
    sheet["Visit reference"] = visits["uuid"]

    with pd.ExcelWriter(out, engine="xlsxwriter") as writer:
        branches.to_excel(writer, sheet_name="Branches", index=False)
        sheet.to_excel(writer, sheet_name="Visits", index=False)
    print(f"{out}: {len(sheet)} visits, {len(branches)} branches")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_workbook.py DATABASE OUT.xlsx")
    main(sys.argv[1], sys.argv[2])
