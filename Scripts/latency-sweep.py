#!/usr/bin/env python3
"""Runs `drai run` on the 2x2 chip over link latency × latency compensation × seeds and prints
the Markdown table used in Docs/noc.md (routing latency against measured phase differences and
recall). Usage: python3 Scripts/latency-sweep.py [--jobs 2] [--seeds 3]
(from the repository root, after `make build`)."""
import argparse, concurrent.futures as cf, json, math, os, statistics, subprocess, tempfile

CHIP = "Hardware/chips/mesh-2x2.yaml"
# (link latency, buffer flits): the credit round trip is router + 2·link cycles, so 8-flit
# buffers stop covering it beyond link latency 3; the last row gives link 16 enough buffer.
LINKS = [(1, 8), (2, 8), (4, 8), (8, 8), (16, 8), (16, 40)]
COMPENSATION = [True, False]

def one(lb, comp, seed):
    link, buf = lb
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        args = [".build/release/drai", "run", CHIP, "--seed", str(seed), "--json", out,
                "--set", f"router.link_latency_cycles={link}", "--set", f"router.buffer_flits={buf}",
                "--set", f"router.latency_compensation={'true' if comp else 'false'}"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        return (lb, comp, seed), json.load(open(out))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()
    seeds = range(1, a.seeds + 1)
    jobs = [(l, c, s) for l in LINKS for c in COMPENSATION for s in seeds]
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        results = dict(ex.map(lambda j: one(*j), jobs))
    print("| link latency (cycles) | buffer (flits) | compensation | spike latency mean / p99 (cycles) | phase lag ω·latency mean / p99 (rad) "
          "| cos(mean lag) | recall (nearest) | exact recall | resonance events |")
    print("|---|---|---|---|---|---|---|---|---|")
    def m(xs): return f"{100 * statistics.mean(xs):.0f} ± {100 * statistics.pstdev(xs):.0f} %"
    for l in LINKS:
        for c in COMPENSATION:
            rs = [results[(l, c, s)] for s in seeds]
            net = [r["network"] for r in rs]
            lat = statistics.mean(n["phase_spikes"]["latency_mean_cycles"] for n in net)
            p99 = statistics.mean(n["phase_spikes"]["latency_p99_cycles"] for n in net)
            lag = statistics.mean(n["spike_phase_lag_mean_rad"] for n in net)
            lag99 = statistics.mean(n["spike_phase_lag_p99_rad"] for n in net)
            print(f"| {l[0]} | {l[1]} | {'on' if c else 'off'} | {lat:.1f} / {p99:.0f} | {lag:.2f} / {lag99:.2f} | {math.cos(lag):.2f} "
                  f"| {m([r['recall_accuracy'] for r in rs])} | {m([r['exact_recall'] for r in rs])} "
                  f"| {statistics.mean(r['resonance_events'] for r in rs):.0f} |")

if __name__ == "__main__":
    main()
