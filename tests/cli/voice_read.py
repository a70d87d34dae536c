#!/usr/bin/python3
"""SCORING.md §10 (customer voice) from a VisitScore SQLite file's raw rows, for voice_cli_tests.

usage: voice_read.py DB CLIENT FROM|- TO|- MEASURE MIN_RESPONSES MIN_N

Reads the database with Python's sqlite3, independently of VisitScore's code: the client's
approved visits with local dates FROM..TO (no calibration visits), split by their scorecard's
channel (`survey` or not); per branch the nps rating of each survey response (the first `nps`
question of its scorecard, answered and not "na", from the stored answers), its survey score
(visits.score), and over the mystery visits each section's mean score (keyed by section id, from
the stored per-section scores) and the mean visit score. Then tests/scoring/voice_oracle.py (an
independent computation with SciPy) computes the branches and drivers; prints its JSON.
"""
import datetime
import importlib.util
import json
import math
import os
import sqlite3
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "voice_oracle", os.path.join(HERE, "..", "scoring", "voice_oracle.py"))
oracle = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(oracle)

SECTION_VALUES = 5  # raw, score, earned, possible, critical per section


def day_number(text):
    return (datetime.date.fromisoformat(text) - datetime.date(1970, 1, 1)).days


def template_info(source):
    """Section ids in order, and the id of the first nps question."""
    doc = json.loads(source)
    sections = [s["id"] for s in doc["sections"]]
    first_nps = None
    for s in doc["sections"]:
        for q in s["questions"]:
            if q["type"] == "nps" and first_nps is None:
                first_nps = q["id"]
    return sections, first_nps


def main():
    db, client, frm, to, measure, min_responses, min_n = sys.argv[1:8]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    templates = {}
    for tid, channel, source in con.execute("SELECT id, channel, source FROM templates"):
        sections, first_nps = template_info(source)
        templates[tid] = (channel == "survey", sections, first_nps)
    sql = ("SELECT v.id, b.code, v.template_id, v.answers, v.score "
           "FROM visits v JOIN clients c ON c.id = v.client_id "
           "JOIN branches b ON b.id = v.branch_id "
           "WHERE c.name = ? AND v.status = 'approved' AND v.calibration IS NULL")
    args = [client]
    if frm != "-":
        sql += " AND v.day >= ?"
        args.append(day_number(frm))
    if to != "-":
        sql += " AND v.day <= ?"
        args.append(day_number(to))
    branches = {}

    def branch(code):
        return branches.setdefault(code, {"branch": code, "nps_ratings": [],
                                          "survey_scores": [], "sums": {}, "visit": [0.0, 0]})

    for vid, code, tid, answers, score in con.execute(sql, args).fetchall():
        survey, sections, first_nps = templates[tid]
        b = branch(code)
        if survey:
            if first_nps is not None:
                a = json.loads(answers).get(first_nps)
                if isinstance(a, (int, float)) and not isinstance(a, bool):
                    b["nps_ratings"].append(int(a))
            b["survey_scores"].append(score)  # None when NA
            continue
        if score is not None:
            b["visit"][0] += score
            b["visit"][1] += 1
        blob = con.execute("SELECT section_scores FROM visit_scores WHERE visit_id = ?",
                           (vid,)).fetchone()[0]
        values = struct.unpack(f"<{len(blob) // 8}d", blob)
        assert len(values) == SECTION_VALUES * len(sections), (vid, len(values))
        for i, sid in enumerate(sections):
            s = values[SECTION_VALUES * i + 1]
            if not math.isnan(s):
                acc = b["sums"].setdefault(sid, [0.0, 0])
                acc[0] += s
                acc[1] += 1
    case_branches = []
    for code in sorted(branches):
        b = branches[code]
        case_branches.append({
            "branch": code,
            "nps_ratings": b["nps_ratings"],
            "survey_scores": b["survey_scores"],
            "sections": {sid: {"mean": s / n, "n": n} for sid, (s, n) in b["sums"].items()},
            "visit": ({"mean": b["visit"][0] / b["visit"][1], "n": b["visit"][1]}
                      if b["visit"][1] else {"mean": 0.0, "n": 0}),
        })
    case = {"options": {"measure": measure, "min_responses": int(min_responses),
                        "min_n": int(min_n)},
            "branches": case_branches}
    path = os.path.join(os.path.dirname(os.path.abspath(db)), "voice_case.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(case, f)
    sys.argv = [sys.argv[0], path]
    oracle.main()


if __name__ == "__main__":
    main()
