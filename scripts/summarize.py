#!/usr/bin/env python3
"""Summarise score.py --per-page output: mean F1 (full gold) per dataset and per language, snippet metrics."""
import json, sys
from collections import defaultdict

def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]

def summary(rows):
    full = [r for r in rows if r.get("gold_type") == "full"]
    out = {"all": sum(r["f1"] for r in full) / len(full), "P": sum(r["precision"] for r in full) / len(full),
           "R": sum(r["recall"] for r in full) / len(full), "n": len(full)}
    by = defaultdict(list)
    for r in full:
        by["ds:" + r["dataset"]].append(r["f1"])
        by["lang:" + r["lang"]].append(r["f1"])
    out.update({k: (sum(v) / len(v), len(v)) for k, v in by.items()})
    return out

if __name__ == "__main__":
    for path in sys.argv[1:]:
        s = summary(load(path))
        print(f"{path}: mean F1 {s['all']:.3f} (P {s['P']:.3f} R {s['R']:.3f}, n={s['n']})")
        print("  " + "  ".join(f"{k[3:]} {v[0]:.3f}" for k, v in sorted(s.items()) if k.startswith("ds:")))
        print("  " + "  ".join(f"{k[5:]} {v[0]:.3f}({v[1]})" for k, v in sorted(s.items(), key=lambda kv: -kv[1][1] if isinstance(kv[1], tuple) else 0) if k.startswith("lang:") and v[1] >= 5))
