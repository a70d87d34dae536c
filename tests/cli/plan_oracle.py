#!/usr/bin/env python3
"""An independent implementation of visit planning by precision (SCORING.md §9), read straight
from a VisitScore SQLite file with the standard library only, for the CLI test that compares
`visitscore-cli plan --json` with it.

Usage: plan_oracle.py DB CLIENT AS_OF BY HALF_WIDTH MAX_N MIN_N
prints {"groups": [{"key": {BY: CODE}, "n_ref", "s", "s_source", "needed", "capped"}]}.

Shares no code with the C++ implementation: the visits come from SQL over the stored rows (the
local date from the text of visited_at), the sd from the statistics module, and t(0.975, df) by
bisection on Student's t CDF through a regularised incomplete beta function written here
(Numerical Recipes' continued fraction, modified Lentz)."""

import datetime
import json
import math
import sqlite3
import statistics
import sys


def betacf(a, b, x):
    """The continued fraction of the incomplete beta function."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-16:
            return h
    raise RuntimeError("betacf did not converge")


def betai(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) +
                     b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * betacf(a, b, x) / a
    return 1.0 - front * betacf(b, a, 1.0 - x) / b


def t_cdf(t, df):
    """P(T <= t) for Student's t with df degrees of freedom."""
    tail = 0.5 * betai(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t975(df):
    """t(0.975, df) by bisection on the CDF."""
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < 0.975:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2


def needed(s, h, max_n):
    """(n, capped): the first n >= 2 with t(0.975, n-1) s / sqrt(n) <= h, by counting up."""
    for n in range(2, max_n + 1):
        if t975(n - 1) * s / math.sqrt(n) <= h:
            return n, False
    return max_n, True


def main():
    db, client, as_of, by, h, max_n, min_n = sys.argv[1:8]
    h, max_n, min_n = float(h), int(max_n), int(min_n)
    plan_day = datetime.date.fromisoformat(as_of)
    first = plan_day - datetime.timedelta(days=365)
    column = "b.code" if by == "branch" else "e.code"
    conn = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT " + column + ", v.visited_at, v.score FROM visits v "
        "JOIN clients c ON c.id = v.client_id JOIN templates t ON t.id = v.template_id "
        "JOIN branches b ON b.id = v.branch_id LEFT JOIN employees e ON e.id = v.employee_id "
        "WHERE c.name = ? AND v.status = 'approved' AND v.calibration IS NULL "
        "AND t.channel <> 'survey'", (client,)).fetchall()
    groups = {}
    for key, visited_at, score in rows:
        if key is None:
            continue  # no primary employee: no part in an employee plan
        day = datetime.date.fromisoformat(visited_at[:10])
        if first <= day < plan_day:
            scores = groups.setdefault(key, [])  # a group even when no visit has a score
            if score is not None:
                scores.append(score)

    own = {k: statistics.stdev(xs) for k, xs in groups.items() if len(xs) >= 2}
    df = sum(len(groups[k]) - 1 for k in own)
    pooled = math.sqrt(sum((len(groups[k]) - 1) * sd * sd for k, sd in own.items()) / df) \
        if df else None

    out = []
    for key in sorted(groups, key=lambda k: k.encode()):
        n_ref = len(groups[key])
        if n_ref >= min_n:
            s, source = own[key], "own"
        else:
            s, source = pooled, "pooled"
        n, capped = needed(s, h, max_n) if s is not None else (None, False)
        out.append({"key": {by: key}, "n_ref": n_ref, "s": s, "s_source": source, "needed": n,
                    "capped": capped})
    print(json.dumps({"groups": out}, indent=2))


if __name__ == "__main__":
    main()
