#!/usr/bin/env python3
"""Fails when a run on the seeds scores below the thresholds the project holds itself to:
F1 >= 0.95 for quantities, awards, dates and checks; unit, grantor_level and status right on
>= 0.9 of matched mentions; every title and publication date right."""
import argparse, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--score", required=True)
ap.add_argument("--gold", required=True)
ap.add_argument("--out", required=True)
a = ap.parse_args()
res = json.loads(subprocess.run([sys.executable, a.score, "--gold", a.gold, "--out", a.out, "--json"],
                                check=True, capture_output=True, text=True).stdout)
checks = []
for table in ("quantities", "awards", "dates", "checks"):
    checks.append((f"{table} F1", res[table]["f1"], 0.95))
for table, attr in (("quantities", "unit"), ("awards", "grantor_level"), ("awards", "status")):
    v = res[table]["attributes"][attr]
    checks.append((f"{table} {attr}", v["correct"] / v["of"] if v["of"] else 1.0, 0.9))
for field in ("title", "published"):
    v = res["documents"][field]
    checks.append((f"documents {field}", v["correct"] / v["of"] if v["of"] else 1.0, 1.0))
failed = 0
for name, value, floor in checks:
    ok = value >= floor
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {value:.3f} (at least {floor})")
print(f"seeds: {len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
