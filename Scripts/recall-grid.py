#!/usr/bin/env python3
"""Runs `drai run` over templates × cue noise × learning mode × seeds and prints the Markdown
table used in Docs/results.md. Usage: python3 Scripts/recall-grid.py [--jobs 2] [--seeds 3]
(from the repository root, after `make build`)."""
import argparse, concurrent.futures as cf, json, os, statistics, subprocess, tempfile

CLASSES = {3: "[0,1,2]", 5: "[0,1,2,3,4]", 10: "[0,1,2,3,4,5,6,7,8,9]"}
FLIPS = [0.05, 0.1, 0.2, 0.3]
MODES = {"stability": [], "hebbian": ["--set", "learning.mode=hebbian",
                                      "--set", "learning.stability_margin_rad_per_us=0"]}

def one(p, flip, mode, seed):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        args = [".build/release/drai", "run", "--seed", str(seed), "--json", out,
                "--set", f"templates.classes={CLASSES[p]}", "--set", f"recall.flip_fraction={flip}"] + MODES[mode]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        return (p, flip, mode, seed), json.load(open(out))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()
    jobs = [(p, f, m, s) for p in CLASSES for f in FLIPS for m in MODES for s in range(1, a.seeds + 1)]
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        results = dict(ex.map(lambda j: one(*j), jobs))
    print("| P | cue noise | chip (stability) | exact | chip (hebbian) | Hebbian | projection | raw cue | windows skipped | pulses |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    def m(xs): return f"{100 * statistics.mean(xs):.0f} ± {100 * statistics.pstdev(xs):.0f}"
    for p in CLASSES:
        for f in FLIPS:
            st = [results[(p, f, "stability", s)] for s in range(1, a.seeds + 1)]
            hb = [results[(p, f, "hebbian", s)] for s in range(1, a.seeds + 1)]
            skipped = statistics.mean(r["skipped_windows"] / r["counters"]["windows_evaluated"] for r in st)
            print(f"| {p} | {f:.2f} | {m([r['recall_accuracy'] for r in st])} | {m([r['exact_recall'] for r in st])} "
                  f"| {m([r['recall_accuracy'] for r in hb])} | {m([r['baselines']['hebbian_accuracy'] for r in st])} "
                  f"| {m([r['baselines']['projection_accuracy'] for r in st])} | {m([r['baselines']['cue_accuracy'] for r in st])} "
                  f"| {100 * skipped:.1f} % | {statistics.mean(r['programming_pulses'] for r in st):.0f} |")

if __name__ == "__main__":
    main()
