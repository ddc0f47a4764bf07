#!/usr/bin/env python3
"""The README's demo table from the JSON lines of benches/demo_table.sh.

    benches/demo_table.sh target/release/concur > demos.jsonl
    python3 benches/demo_table.py demos.jsonl

One row per demo and variant (native / simulated, or the CPython that ran):
for the idle runs and the busy ones, the statuses, the range of every
figure the claim checks, and the cores other programs used as the demo
measured them; and each run's overlap (ms two workers or more were on a
CPU at once, summed over its rounds). A free-threaded CPython's part (`free_threaded`) gets a row
of its own.
"""

import json
import sys
from collections import OrderedDict


def num(x):
    """Three significant figures, as the README shows them."""
    a = abs(x)
    if a >= 100:
        return "%.0f" % x
    if a >= 10:
        return "%.1f" % x
    return "%.2f" % x


def span(values):
    lo, hi = min(values), max(values)
    return num(lo) if num(lo) == num(hi) else "%s–%s" % (num(lo), num(hi))


def parts(report):
    """The report and, if any, its free-threaded part."""
    yield report
    if report.get("free_threaded"):
        yield report["free_threaded"]


def row_name(report, py):
    if not py:
        return "native / simulated"
    p = report.get("python") or {}
    gil = "" if p.get("gil_enabled", True) else " (free-threaded)"
    return "CPython %s%s" % (p.get("version", "?"), gil)


def cell(reports):
    if not reports:
        return "not run"
    statuses = OrderedDict()
    for r in reports:
        s = r["verdict"]["status"].replace("-", " ")
        statuses[s] = statuses.get(s, 0) + 1
    words = ", ".join(
        "%s ×%d" % (s, n)
        for s, n in sorted(statuses.items(), key=lambda kv: -kv[1])
    )
    figures = OrderedDict()
    for r in reports:
        for c in r.get("claim", []):
            if c.get("kind") == "claim" and c.get("value") is not None:
                figures.setdefault(c["figure"], []).append(c["value"])
    busy = [r["busy_cores"] for r in reports if r.get("busy_cores") is not None]
    out = ["**%s**" % words]
    out += ["%s %s" % (f, span(v)) for f, v in figures.items()]
    if busy:
        out.append("other programs %s cores" % span(busy))
    return "; ".join(out)


def overlaps(reports):
    """Per run mode, the range of its overlap_ms (the time two workers or
    more were on a CPU at once, from their own clock stamps)."""
    by = OrderedDict()
    for r in reports:
        for run in r.get("runs", []):
            if run.get("overlap_ms") is not None:
                by.setdefault(run["mode"], []).append(run["overlap_ms"])
    return ", ".join("%s %s" % (m, span(v)) for m, v in by.items())


def overlap_cell(by):
    idle, busy = overlaps(by["idle"]), overlaps(by["busy"])
    if not idle and not busy:
        return "not measured"
    return "idle: %s; busy: %s" % (idle or "not run", busy or "not run")


def main(path):
    rows = OrderedDict()
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            e = json.loads(line)
            for part in parts(e["report"]):
                key = (part["demo"], row_name(part, e["py"]))
                rows.setdefault(key, {"idle": [], "busy": []})[e["label"]].append(part)
    print("| demo | rows | idle machine (3 runs) | both cores kept busy (3 runs) | overlap, ms |")
    print("|---|---|---|---|---|")
    for (demo, name), by in rows.items():
        print("| `%s` | %s | %s | %s | %s |" % (
            demo, name, cell(by["idle"]), cell(by["busy"]), overlap_cell(by)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demos.jsonl")
