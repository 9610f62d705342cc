#!/usr/bin/env python3
"""Paper estimate of parameter-averaging throughput on n workers, from one benchmark run.

Reads a results.json of deploy/bench/run and takes, from its Spark run (default spark-local1, one
worker, so no contention between workers on a shared CPU): the workers' fit time per round, the
driver's fixed cost per round (count job, broadcast creation, scheduling, averaging), and the bytes
one worker moves per round. Then, for n workers, one per executor core:

  round(n) = fit * (1 + cv * sqrt(2 ln n))          the slowest of n workers (normal tail)
           + fixed                                  driver work that does not grow with n
           + 2 * (n - 1) * per_task                 two Spark jobs a round launch n tasks each
                                                    (the measured fixed cost covers one)
           + (log2(n) + sqrt(n)) * worker_bytes / bandwidth
                                                    torrent broadcast in, tree aggregation out
  images/s(n) = n * images_per_worker_round / round(n)

The assumptions (cv, per-task cost, bandwidth) are flags; the defaults are typical, not measured.
"""
import argparse
import json
import math


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", help="results.json written by deploy/bench/run")
    p.add_argument("--run", default="spark-local1", help="the Spark run to take the round from")
    p.add_argument("--batch", type=int, default=32, help="minibatch size per worker")
    p.add_argument("--frequency", type=int, default=20, help="minibatches per worker per round")
    p.add_argument("--cv", type=float, default=0.10, help="coefficient of variation of a worker's fit time")
    p.add_argument("--per-task-ms", type=float, default=0.75, help="driver cost to launch one task")
    p.add_argument("--bandwidth-gbit", type=float, default=10.0, help="network bandwidth per link, Gbit/s")
    p.add_argument("--workers", default="1,2,8,32,128")
    a = p.parse_args()

    results = json.load(open(a.results))
    run = next(r for r in results["runs"] if r["name"] == a.run)
    rnd = run["round"]
    workers_in_run = 2 if a.run.endswith("2") else 1
    fit_ms = rnd["workerMs"]
    fixed_ms = rnd["totalMs"] - fit_ms
    worker_bytes = rnd["bytesPerRound"] / (2 * workers_in_run)
    bandwidth = a.bandwidth_gbit * 1e9 / 8
    images = a.batch * a.frequency
    print(f"from {a.run}: fit {fit_ms:.0f} ms, fixed {fixed_ms:.0f} ms per round, "
          f"{worker_bytes / 1e6:.2f} MB each way per worker, {images} images per worker per round")
    print("| workers | round ms | of which fit | images/s | x 1 worker | efficiency |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    base = None
    for n in (int(w) for w in a.workers.split(",")):
        slowest = fit_ms * (1 + a.cv * math.sqrt(2 * math.log(n))) if n > 1 else fit_ms
        transfer_ms = (math.log2(n) + math.sqrt(n)) * worker_bytes / bandwidth * 1e3 if n > 1 else 0
        round_ms = slowest + fixed_ms + 2 * (n - 1) * a.per_task_ms + transfer_ms
        rate = n * images / (round_ms / 1e3)
        base = base or rate
        print(f"| {n} | {round_ms:,.0f} | {slowest:,.0f} | {rate:,.0f} | {rate / base:.1f} | {rate / base / n:.2f} |")


if __name__ == "__main__":
    main()
