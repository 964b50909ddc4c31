#!/usr/bin/env python3
"""Fails when a run scores below the floors the project holds itself to, against hand
annotations (the seeds, the district dev set). Defaults: F1 >= 0.95 for quantities, awards,
dates and checks; unit, grantor_level and status right on >= 0.9 of matched mentions; every
title and publication date right. `--floor NAME=VALUE` raises or lowers one floor, where
NAME is a table (`quantities`), a table and attribute (`awards.grantor_level`) or a
documents field (`documents.title`)."""
import argparse, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--score", required=True)
ap.add_argument("--gold", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--name", default="seeds")
ap.add_argument("--floor", action="append", default=[])
a = ap.parse_args()
floors = {t: 0.95 for t in ("quantities", "awards", "dates", "checks")}
floors.update({"quantities.unit": 0.9, "awards.grantor_level": 0.9, "awards.status": 0.9})
floors.update({"documents.title": 1.0, "documents.published": 1.0})
for f in a.floor:
    name, value = f.split("=")
    if name not in floors:
        sys.exit(f"unknown floor {name}")
    floors[name] = float(value)
res = json.loads(subprocess.run([sys.executable, a.score, "--gold", a.gold, "--out", a.out, "--json"],
                                check=True, capture_output=True, text=True).stdout)
checks = []
for name, floor in floors.items():
    table, _, attr = name.partition(".")
    if not attr:
        value = res[table]["f1"]
        name = f"{table} F1"
    else:
        v = res[table][attr] if table == "documents" else res[table]["attributes"][attr]
        value = v["correct"] / v["of"] if v["of"] else 1.0
        name = f"{table} {attr}"
    checks.append((name, value, floor))
failed = 0
for name, value, floor in checks:
    ok = value >= floor
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {value:.3f} (at least {floor})")
print(f"{a.name}: {len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
