#!/usr/bin/python3
"""An independent computation of SCORING.md §10 (customer voice) for scoring_tests' voice suite.

Reads a case as JSON (argv[1]): {"options": {"measure": "nps"|"score", "min_responses",
"min_n"}, "branches": [{"branch", "nps_ratings": [0-10], "survey_scores": [score or null],
"sections": {ID: {"mean", "n"}}, "visit": {"mean", "n"}}]} and prints
{"voice": FORMATS.md's `voice --json` shape, "nps": {BRANCH: {n, promoters, passives,
detractors}}}. Written from the specification, not from the C++: r and p from
scipy.stats.pearsonr (p checked against the t distribution the specification names), the slope
from scipy.stats.linregress, the interval from Fisher's z.
"""
import json
import math
import sys
import warnings

import numpy as np
from scipy import stats

Z95 = 1.959964


def branch_voice(b, measure):
    ratings = b.get("nps_ratings", [])
    promoters = sum(1 for x in ratings if 9 <= x <= 10)
    detractors = sum(1 for x in ratings if 0 <= x <= 6)
    passives = sum(1 for x in ratings if 7 <= x <= 8)
    assert promoters + passives + detractors == len(ratings)
    breakdown = {"n": len(ratings), "promoters": promoters, "passives": passives,
                 "detractors": detractors}
    if measure == "nps":
        m = len(ratings)
        voice = 100.0 * (promoters - detractors) / m if m else None
    else:
        scores = [s for s in b.get("survey_scores", []) if s is not None]
        m = len(scores)
        voice = float(np.mean(scores)) if m else None
    return m, voice, breakdown


def driver(name, xs, ys):
    k = len(xs)
    out = {"section": name, "k": k, "r": None, "ci95": None, "p": None, "slope": None}
    if k < 4 or len(set(xs)) == 1 or len(set(ys)) == 1:
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r, p_scipy = stats.pearsonr(xs, ys)
    r = float(r)
    if abs(r) == 1.0:
        ci, p = [r, r], 0.0
    else:
        z, h = math.atanh(r), Z95 / math.sqrt(k - 3)
        ci = [math.tanh(z - h), math.tanh(z + h)]
        t = r * math.sqrt((k - 2) / (1 - r * r))
        p = float(2 * stats.t.sf(abs(t), k - 2))
        # scipy's own p (from the beta distribution of r) must be the same test.
        assert abs(p - float(p_scipy)) <= 1e-9, (p, p_scipy)
    slope = float(stats.linregress(xs, ys).slope)
    out.update({"r": r, "ci95": ci, "p": p, "slope": slope})
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        case = json.load(f)
    opts = case.get("options", {})
    measure = opts.get("measure", "nps")
    min_responses = opts.get("min_responses", 10)
    min_n = opts.get("min_n", 3)
    rows, voices, nps = [], {}, {}
    for b in case["branches"]:
        m, voice, breakdown = branch_voice(b, measure)
        voices[b["branch"]] = (m, voice)
        nps[b["branch"]] = breakdown
        rows.append({"branch": b["branch"], "m": m, "voice": voice,
                     "n_mystery": b.get("visit", {}).get("n", 0)})
    rows.sort(key=lambda r: r["branch"])

    section_ids = sorted({s for b in case["branches"]
                          for s, x in b.get("sections", {}).items() if x["n"] > 0})
    drivers = []
    for name in section_ids + ["visit"]:
        xs, ys = [], []
        for b in case["branches"]:
            x = b.get("visit") if name == "visit" else b.get("sections", {}).get(name)
            m, voice = voices[b["branch"]]
            if x is None or voice is None:
                continue
            if m >= min_responses and x["n"] >= min_n and x["n"] > 0:
                xs.append(float(x["mean"]))
                ys.append(voice)
        drivers.append(driver(name, xs, ys))
    # Descending r, no r last, ties by section id.
    with_r = sorted((d for d in drivers if d["r"] is not None),
                    key=lambda d: (-d["r"], d["section"]))
    without = sorted((d for d in drivers if d["r"] is None), key=lambda d: d["section"])
    print(json.dumps({"voice": {"branches": rows, "drivers": with_r + without}, "nps": nps}))


if __name__ == "__main__":
    main()
