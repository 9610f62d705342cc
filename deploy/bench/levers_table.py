"""Summarizes off/on runs into OUT/levers.{md,json}: per lever and variant the median first-epoch
and later-epoch training seconds, images/s, the first epoch's excess and test accuracy, and the
lever's speed-up against its own "off" runs. Runs are folders OUT/LEVER-{off,on}-N holding a
metrics.jsonl; deploy/bench/levers and deploy/bench/commits write them.

    python3 deploy/bench/levers_table.py OUT LEVER [LEVER ...]

Where a run kept training-stats.json (training.trainingStats), the seconds of each epoch spent
outside its averaging rounds are reported too, and of them the epoch's shuffle (PrepareEpoch) where
the run timed it.
"""
import json, pathlib, statistics, sys
out, levers = pathlib.Path(sys.argv[1]), sys.argv[2:]


def outside_rounds(run_dir, epochs):
    """Per epoch, training seconds not spent in an averaging round; None without training stats."""
    stats = run_dir / "training-stats.json"
    if not stats.exists():
        return None
    fits = [e for e in json.loads(stats.read_text())["events"] if e["phase"] == "Fit" and e["where"] == "master"]
    per_epoch = len(fits) // len(epochs)
    if per_epoch == 0:
        return None
    return [e["trainSeconds"] - sum(f["durationMs"] for f in fits[i * per_epoch:(i + 1) * per_epoch]) / 1000
            for i, e in enumerate(epochs)]


def preparation(run_dir, epochs):
    """Per epoch, seconds of the epoch's shuffle (PrepareEpoch); None where the run did not time it."""
    stats = run_dir / "training-stats.json"
    if not stats.exists():
        return None
    preps = [e["durationMs"] / 1000 for e in json.loads(stats.read_text())["events"] if e["phase"] == "PrepareEpoch"]
    return preps if len(preps) == len(epochs) else None


rows = []
for lever in levers:
    variants = {}
    for variant in ("off", "on"):
        dirs = [d for d in sorted(out.glob(f"{lever}-{variant}-*")) if (d / "metrics.jsonl").exists()]
        runs = [[json.loads(l) for l in (d / "metrics.jsonl").read_text().splitlines()] for d in dirs]
        if not runs:
            continue
        outside = [o for o in (outside_rounds(d, r) for d, r in zip(dirs, runs)) if o]
        prepared = [p for p in (preparation(d, r) for d, r in zip(dirs, runs)) if p]
        first = statistics.median(r[0]["trainSeconds"] for r in runs)
        later = statistics.median(e["trainSeconds"] for r in runs for e in r[1:]) if len(runs[0]) > 1 else None
        rate = statistics.median(e["imagesPerSecond"] for r in runs for e in r[1:]) if later else None
        variants[variant] = {"runs": len(runs), "firstEpochSeconds": round(first, 1),
                             "laterEpochSeconds": round(later, 1) if later else None,
                             "laterImagesPerSecond": round(rate) if rate else None,
                             "firstEpochExcess": round(first / later - 1, 3) if later else None,
                             "accuracy": [r[-1]["accuracy"] for r in runs],
                             "firstEpochOutsideRoundsSeconds": round(statistics.median(o[0] for o in outside), 2) if outside else None,
                             "laterEpochsOutsideRoundsSeconds": round(statistics.median(x for o in outside for x in o[1:]), 2)
                             if outside and len(outside[0]) > 1 else None,
                             "firstEpochPreparationSeconds": round(statistics.median(p[0] for p in prepared), 2) if prepared else None,
                             "laterEpochsPreparationSeconds": round(statistics.median(x for p in prepared for x in p[1:]), 2)
                             if prepared and len(prepared[0]) > 1 else None}
    row = {"lever": lever, **variants}
    if "off" in variants and "on" in variants:
        off, on = variants["off"], variants["on"]
        row["firstEpochRatio"] = round(off["firstEpochSeconds"] / on["firstEpochSeconds"], 2)
        if off["laterEpochSeconds"] and on["laterEpochSeconds"]:
            row["laterEpochRatio"] = round(off["laterEpochSeconds"] / on["laterEpochSeconds"], 2)
    rows.append(row)
(out / "levers.json").write_text(json.dumps(rows, indent=2) + "\n")
lines = ["| lever | variant | runs | first epoch s | later epochs s | first epoch's excess | images/s (later) | test accuracy | outside rounds s, first / later | of which the shuffle s, first / later | speed-up, first / later epochs |",
         "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |"]
for r in rows:
    for variant in ("off", "on"):
        v = r.get(variant)
        if not v:
            continue
        ratio = f"{r.get('firstEpochRatio', 'n/a')}x / {r.get('laterEpochRatio', 'n/a')}x" if variant == "on" else ""
        excess = f"{100 * v['firstEpochExcess']:+.0f}%" if v["firstEpochExcess"] is not None else "n/a"
        acc = ", ".join(f"{100 * a:.2f}%" for a in v["accuracy"])
        outside = (f"{v['firstEpochOutsideRoundsSeconds']} / {v['laterEpochsOutsideRoundsSeconds']}"
                   if v["firstEpochOutsideRoundsSeconds"] is not None else "n/a")
        prepared = (f"{v['firstEpochPreparationSeconds']} / {v['laterEpochsPreparationSeconds']}"
                    if v["firstEpochPreparationSeconds"] is not None else "n/a")
        lines.append(f"| {r['lever']} | {variant} | {v['runs']} | {v['firstEpochSeconds']} | {v['laterEpochSeconds']} | {excess} | "
                     f"{v['laterImagesPerSecond']:,} | {acc} | {outside} | {prepared} | {ratio} |")
(out / "levers.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
