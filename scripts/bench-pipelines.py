#!/usr/bin/env python3
"""Pipeline benchmark for `boilerclean batch` and `boilerclean clean --jsonl` (release build).

    swift build -c release --product boilerclean
    python3 scripts/bench-pipelines.py [--bin .build/release/boilerclean] [--runs 3] [--gb 1.0] [--huge-mb 200]

1. batch over ../shared/eval/*/*.page.txt with --jobs 1 and --jobs 2 (best of --runs; files/s, MB/s)
2. clean --jsonl over the same pages as one JSON Lines file (records/s, MB/s)
3. clean --jsonl over a generated stream of >= --gb GB, fed through a pipe: time and peak resident memory
4. one huge document (--huge-mb MB of text) in one record, and half of it: time and peak memory
Generated files go to /tmp and are removed afterwards. Peak memory is the child's ru_maxrss (wait4).
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/boilerclean")
ap.add_argument("--eval", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--gb", type=float, default=1.0)
ap.add_argument("--huge-mb", type=int, default=200)
ap.add_argument("--out", default=None, help="folder for batch output (default: a temporary folder in /tmp)")
ap.add_argument("--skip", default="", help="comma-separated parts to skip: batch,jsonl,stream,huge")
args = ap.parse_args()
binary = os.path.abspath(args.bin)
skip = set(filter(None, args.skip.split(",")))
pages = sorted(glob.glob(os.path.join(args.eval, "*", "*.page.txt")))
total = sum(os.path.getsize(p) for p in pages)
work = tempfile.mkdtemp(prefix="boilerclean-bench-")


last_cpu = 0.0


def run(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (seconds, peak RSS in MB, exit status). CPU seconds go to last_cpu."""
    global last_cpu
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    last_cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


print(f"binary: {binary}")
print(f"input: {len(pages)} files, {total / 1e6:.1f} MB ({args.eval}/*/*.page.txt); {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
try:
    if "batch" not in skip:
        out = os.path.join(args.out or work, "boilerclean-bench-out")
        rates = {}
        for jobs in (1, 2):
            best = None
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)   # a fresh tree each run (untimed)
                t, rss, rc = run([binary, "batch", args.eval, out, "--include", "*.page.txt", "--jobs", str(jobs), "--no-progress"])
                assert rc == 0, f"batch exited {rc}"
                if best is None or t < best:
                    best, cpu = t, last_cpu
            rates[jobs] = total / 1e6 / best
            print(f"batch --jobs {jobs}: {best:.2f} s  {len(pages) / best:7.1f} files/s  {rates[jobs]:6.1f} MB/s  "
                  f"(CPU {cpu:.2f} s = {100 * cpu / best:.0f}% of one core; peak RSS {rss:.0f} MB)")
        shutil.rmtree(out, ignore_errors=True)
        print(f"batch speed-up --jobs 2 / --jobs 1: {rates[2] / rates[1]:.2f}x")

    records = []
    for p in pages:
        with open(p, encoding="utf-8", errors="replace") as f:
            records.append(json.dumps({"id": os.path.relpath(p, args.eval), "text": f.read()}, ensure_ascii=False) + "\n")
    jsonl = os.path.join(work, "pages.jsonl")
    with open(jsonl, "w", encoding="utf-8") as f:
        f.writelines(records)
    size = os.path.getsize(jsonl)

    if "jsonl" not in skip:
        for jobs in (1, 2):
            best = None
            for _ in range(args.runs):
                with open(jsonl, "rb") as f:
                    t, rss, rc = run([binary, "clean", "--jsonl", "--jobs", str(jobs)], stdin=f)
                if best is None or t < best:
                    best, cpu = t, last_cpu
            print(f"clean --jsonl --jobs {jobs}: {len(records)} records, {size / 1e6:.1f} MB: {best:.2f} s  {len(records) / best:7.1f} records/s  "
                  f"{size / 1e6 / best:6.1f} MB/s  (CPU {100 * cpu / best:.0f}% of one core; peak RSS {rss:.0f} MB)")

    if "stream" not in skip:
        # A >= 1 GB stream generated on the fly into a pipe, so nothing that big lands on disk.
        target = int(args.gb * 1e9)
        repeats = target // size + 1
        generator = subprocess.Popen([sys.executable, "-c", f"""
import sys
data = open({jsonl!r}, 'rb').read()
out = sys.stdout.buffer
for _ in range({repeats}):
    out.write(data)
"""], stdout=subprocess.PIPE)
        t, rss, rc = run([binary, "clean", "--jsonl"], stdin=generator.stdout)
        assert rc == 0, f"clean --jsonl exited {rc}"
        generator.stdout.close()
        generator.wait()
        streamed = repeats * size
        print(f"clean --jsonl over a {streamed / 1e9:.2f} GB stream ({repeats * len(records)} records): {t:.1f} s  {streamed / 1e6 / t:6.1f} MB/s  peak RSS {rss:.0f} MB")

    if "huge" not in skip:
        text = "".join(open(p, encoding="utf-8", errors="replace").read() + "\n" for p in pages)
        for mb in (args.huge_mb // 2, args.huge_mb):
            path = os.path.join(work, f"huge-{mb}.jsonl")
            body = (text * (mb * 1_000_000 // len(text.encode()) + 1))
            body = body.encode()[: mb * 1_000_000].decode("utf-8", errors="ignore")
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps({"id": "huge", "text": body}, ensure_ascii=False) + "\n")
            with open(path, "rb") as f:
                t, rss, rc = run([binary, "clean", "--jsonl"], stdin=f)
            print(f"one {mb} MB document in one record: {t:.1f} s  {mb / t:6.1f} MB/s  peak RSS {rss:.0f} MB")
            os.remove(path)
finally:
    shutil.rmtree(work, ignore_errors=True)
