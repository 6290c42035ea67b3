#!/usr/bin/env python3
"""Evaluate boilerclean on all of ../shared/eval in both settings and gate on floors.

    scripts/eval.py [--binary .build/release/boilerclean] [--jobs N] [--keep DIR] [--raise-floors] [--readme README.md]

Runs `boilerclean batch` over every page text (*.page.txt, --mode page) and every trafilatura output
(*.extracted.txt, --mode extracted), scores both with ../shared/eval/score.py, prints the table of mean
F1 over the full-gold pages (with the peers' published numbers beside it) and per-language rows, and
exits 1 when a figure falls below its floor in scripts/eval-floors.json. Floors are only ever raised:
--raise-floors lifts each floor to the measured value (rounded down), never lowers one, and only when
every floor holds. --readme README.md writes the printed tables into the README's Accuracy section, so
the README's figures are this command's output.
"""
import argparse, json, math, os, shutil, subprocess, sys, tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "eval")
FLOORS = os.path.join(ROOT, "scripts", "eval-floors.json")

# Published peer numbers (../shared/eval/README.md): mean F1 over full-gold pages.
PEERS = {"jusText on HTML": 0.794, "trafilatura on HTML": 0.882, "line oracle (page text)": 0.963,
         "line oracle (trafilatura text)": 0.937}
PEER_LANG = {  # language: (pages, jusText on HTML, trafilatura on HTML)
    "en": (893, 0.836, 0.894), "zh": (121, 0.494, 0.848), "ru": (54, 0.733, 0.797), "el": (50, 0.815, 0.835),
    "pl": (50, 0.830, 0.873), "de": (7, 0.850, 0.898), "hr": (6, 0.919, 0.971), "pt": (6, 0.583, 0.775)}
PEER_DATASET = {  # dataset: (jusText on HTML, trafilatura on HTML)
    "cleaneval": (0.871, 0.872), "cleanportaleval": (0.829, 0.918), "cwced-zh": (0.648, 0.851), "daniel": (0.702, 0.852),
    "dragnet": (0.863, 0.899), "htmltotext": (0.728, 0.881), "l3s-gn1": (0.807, 0.867), "scrapinghub": (0.794, 0.945)}


def run_setting(binary, suffix, mode, out, jobs):
    raw = out + ".raw"
    cmd = [binary, "batch", EVAL, raw, "--include", "*" + suffix, "--mode", mode, "--force", "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"batch failed ({result.returncode}): {result.stderr[-2000:]}")
    for dataset in os.listdir(raw):
        src = os.path.join(raw, dataset)
        if not os.path.isdir(src):
            continue
        os.makedirs(os.path.join(out, dataset), exist_ok=True)
        for name in os.listdir(src):
            if name.endswith(suffix):
                os.replace(os.path.join(src, name), os.path.join(out, dataset, name[: -len(suffix)] + ".txt"))
    shutil.rmtree(raw)
    return result.stderr.strip().splitlines()[-1:] if result.stderr else []


def score(out):
    pages = out + ".pages.jsonl"
    summary = out + ".json"
    subprocess.run([sys.executable, os.path.join(EVAL, "score.py"), "--gold", EVAL, "--pred", out,
                    "--per-page", pages, "--json", summary], check=True, capture_output=True)
    rows = [json.loads(l) for l in open(pages, encoding="utf-8") if l.strip()]
    full = [r for r in rows if r.get("gold_type") == "full"]
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    s = {"f1": mean([r["f1"] for r in full]), "precision": mean([r["precision"] for r in full]),
         "recall": mean([r["recall"] for r in full]), "pages": len(full), "lang": {}, "dataset": {}}
    by_lang, by_ds = defaultdict(list), defaultdict(list)
    for r in full:
        by_lang[r["lang"]].append(r["f1"])
        by_ds[r["dataset"]].append(r["f1"])
    s["lang"] = {k: (mean(v), len(v)) for k, v in by_lang.items()}
    s["dataset"] = {k: (mean(v), len(v)) for k, v in by_ds.items()}
    tp = fp = fn = tn = 0
    for r in rows:
        if r.get("gold_type") == "snippets":
            tp += r.get("tp", 0); fp += r.get("fp", 0); fn += r.get("fn", 0); tn += r.get("tn", 0)
    s["snippet_recall"] = tp / (tp + fn) if tp + fn else float("nan")
    s["snippet_precision"] = tp / (tp + fp) if tp + fp else float("nan")
    s["snippet_f1"] = 2 * s["snippet_recall"] * s["snippet_precision"] / (s["snippet_recall"] + s["snippet_precision"])
    s["leak"] = fp / (fp + tn) if fp + tn else float("nan")
    return s


def labelled(binary):
    """Body lines kept and boilerplate lines removed on ../shared/examples/labelled (default mode)."""
    folder = os.path.join(ROOT, "..", "shared", "examples", "labelled")
    body_kept = body = removed = boilerplate = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".meta.json"):
            continue
        text_path = os.path.join(folder, name[: -len(".meta.json")] + ".txt")
        meta = json.load(open(os.path.join(folder, name), encoding="utf-8"))
        report = json.loads(subprocess.run([binary, "clean", "--format", "json", text_path],
                                           capture_output=True, text=True, check=True).stdout)
        kept = {b["line"] - 1 for b in report["blocks"] if b["verdict"] == "body"}
        lines = open(text_path, encoding="utf-8").read().split("\n")
        for label in meta["lines"]:
            if label.get("doubtful") or not lines[label["i"]].strip():
                continue
            if label["label"] == "body":
                body += 1
                body_kept += label["i"] in kept
            elif label["label"] == "boilerplate":
                boilerplate += 1
                removed += label["i"] not in kept
    return body_kept, body, removed, boilerplate


def figures(page, extracted):
    """The gated figures: higher is better unless the name ends in _max."""
    f = {"page.f1": page["f1"], "extracted.f1": extracted["f1"], "extracted.recall": extracted["recall"],
         "extracted.snippet_recall": extracted["snippet_recall"], "extracted.leak_max": extracted["leak"]}
    for lang, (value, n) in page["lang"].items():
        if lang in PEER_LANG:
            f[f"page.lang.{lang}"] = value
    return f


def table(page, extracted, auto):
    lines = ["| setting (mean F1, full-gold pages) | boilerclean | jusText on HTML | trafilatura on HTML | line oracle |",
             "|---|---|---|---|---|",
             f"| full page text (`*.page.txt`, `--mode page`) | **{page['f1']:.3f}** (P {page['precision']:.3f}, R {page['recall']:.3f}) | 0.794 | 0.882 | 0.963 |",
             f"| after trafilatura (`*.extracted.txt`, `--mode extracted`) | **{extracted['f1']:.3f}** (P {extracted['precision']:.3f}, R {extracted['recall']:.3f}) | — | 0.882 (R 0.933) | 0.937 |",
             f"| `trafilatura` set, snippets, after trafilatura | recall **{extracted['snippet_recall']:.3f}**, leak **{extracted['leak']:.3f}** | — | recall 0.946, leak 0.110 | — |",
             "",
             "| language | pages | boilerclean, page text | jusText on HTML | trafilatura on HTML | boilerclean, after trafilatura | default mode: page text / after trafilatura |",
             "|---|---|---|---|---|---|---|"]
    nan = (float("nan"), 0)
    for lang, (n, js, tr) in PEER_LANG.items():
        p, e = page["lang"].get(lang, nan)[0], extracted["lang"].get(lang, nan)[0]
        ap, ae = auto["page"]["lang"].get(lang, nan)[0], auto["extracted"]["lang"].get(lang, nan)[0]
        lines.append(f"| {lang} | {n} | {p:.3f} | {js:.3f} | {tr:.3f} | {e:.3f} | {ap:.3f} / {ae:.3f} |")
    lines += ["", "| dataset | boilerclean, page text | jusText on HTML | trafilatura on HTML | boilerclean, after trafilatura | default mode: page text / after trafilatura |",
              "|---|---|---|---|---|---|"]
    for ds, (js, tr) in PEER_DATASET.items():
        p, e = page["dataset"].get(ds, nan)[0], extracted["dataset"].get(ds, nan)[0]
        ap, ae = auto["page"]["dataset"].get(ds, nan)[0], auto["extracted"]["dataset"].get(ds, nan)[0]
        lines.append(f"| {ds} | {p:.3f} | {js:.3f} | {tr:.3f} | {e:.3f} | {ap:.3f} / {ae:.3f} |")
    return "\n".join(lines)


def write_readme(path, report):
    """Replaces the lines of `path` from the first table's header to the labelled-examples line."""
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith("| setting (mean F1")), None)
    end = next((i for i, l in enumerate(lines) if start is not None and i > start
                and l.startswith("Labelled examples")), None)
    if start is None or end is None:
        sys.exit(f"{path}: no '| setting (mean F1' table followed by a 'Labelled examples' line to replace")
    lines[start:end + 1] = report.split("\n")
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "boilerclean"))
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--keep", help="keep predictions in this folder")
    ap.add_argument("--raise-floors", action="store_true")
    ap.add_argument("--figures", metavar="PATH", help="write the gated figures, unrounded, to PATH as JSON")
    ap.add_argument("--readme", metavar="PATH", help="replace the tables in PATH (from the '| setting' line to the "
                    "'Labelled examples' line) with the ones printed, when every floor holds")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="boilerclean-eval-")
    os.makedirs(work, exist_ok=True)
    page_out, ext_out = os.path.join(work, "page"), os.path.join(work, "extracted")
    for d in (page_out, ext_out):
        shutil.rmtree(d, ignore_errors=True)
    print("page text:", *run_setting(args.binary, ".page.txt", "page", page_out, args.jobs))
    print("after trafilatura:", *run_setting(args.binary, ".extracted.txt", "extracted", ext_out, args.jobs))
    page, extracted = score(page_out), score(ext_out)
    # The default mode (auto) in both settings, reported beside the explicit modes.
    auto = {}
    for name, suffix in (("page", ".page.txt"), ("extracted", ".extracted.txt")):
        out = os.path.join(work, "auto-" + name)
        shutil.rmtree(out, ignore_errors=True)
        run_setting(args.binary, suffix, "auto", out, args.jobs)
        auto[name] = score(out)
    report = [table(page, extracted, auto), ""]
    report.append(f"Default mode (`--mode auto`): page text {auto['page']['f1']:.3f} (P {auto['page']['precision']:.3f}, "
          f"R {auto['page']['recall']:.3f}); after trafilatura {auto['extracted']['f1']:.3f} "
          f"(P {auto['extracted']['precision']:.3f}, R {auto['extracted']['recall']:.3f}); `trafilatura` set after "
          f"trafilatura: snippet recall {auto['extracted']['snippet_recall']:.3f}, leak {auto['extracted']['leak']:.3f}.")
    measured = figures(page, extracted)
    body_kept, body, removed, boilerplate = labelled(args.binary)
    report.append(f"Labelled examples (default mode): body lines kept {body_kept}/{body}; boilerplate lines removed "
                  f"{removed}/{boilerplate} ({removed / boilerplate:.0%}).")
    print()
    print("\n".join(report))
    measured["labelled.body_kept"] = body_kept / body
    measured["labelled.boilerplate_removed"] = removed / boilerplate
    measured["auto.page.f1"] = auto["page"]["f1"]
    measured["auto.extracted.f1"] = auto["extracted"]["f1"]
    if args.figures:
        with open(args.figures, "w") as fh:
            json.dump(dict(sorted(measured.items())), fh, indent=2)
            fh.write("\n")
    floors = json.load(open(FLOORS)) if os.path.exists(FLOORS) else {}
    failed = []
    for name, floor in sorted(floors.items()):
        value = measured.get(name)
        if value is None:
            failed.append(f"{name}: not measured")
        elif name.endswith("_max") and value > floor + 1e-9:
            failed.append(f"{name}: {value:.4f} above its ceiling {floor:.4f}")
        elif not name.endswith("_max") and value < floor - 1e-9:
            failed.append(f"{name}: {value:.4f} below its floor {floor:.4f}")
    if args.raise_floors and not failed:
        for name, value in measured.items():
            if name.endswith("_max"):
                new = math.ceil(value * 1000) / 1000
                floors[name] = min(floors.get(name, new), new)
            else:
                new = math.floor(value * 1000) / 1000
                floors[name] = max(floors.get(name, new), new)
        with open(FLOORS, "w") as fh:
            json.dump(dict(sorted(floors.items())), fh, indent=2)
            fh.write("\n")
        print(f"\nfloors written to {FLOORS}")
    if args.readme and not failed:
        write_readme(args.readme, "\n".join(report))
        print(f"\ntables written to {args.readme}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        print("\nEVALUATION GATE FAILED:\n  " + "\n  ".join(failed))
        sys.exit(1)
    print(f"\nevaluation gate: {len(floors)} floors held")


if __name__ == "__main__":
    main()
