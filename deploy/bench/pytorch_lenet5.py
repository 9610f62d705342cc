#!/usr/bin/python3
"""The benchmark's PyTorch peer: spark-cnn's LeNet-5 (conv 6@5x5 same, avg pool, conv 16@5x5,
avg pool, dense 120, dense 84, softmax) on the same IDX files, minibatch size, Adam learning rate
and per-epoch decay, on CPU threads. Writes metrics.jsonl with the keys spark-cnn's report reads."""
import argparse
import gzip
import json
import os
import resource
import struct
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", raw[8:16])
        return np.frombuffer(raw, np.uint8, count * rows * cols, 16).reshape(count, 1, rows, cols)
    if magic == 0x801:
        return np.frombuffer(raw, np.uint8, count, 8)
    raise SystemExit(f"{path}: unexpected magic number {magic:#010x}")


def lenet5(classes):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, classes))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True, help="output folder; metrics.jsonl goes there")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--decay", type=float, default=0.3, help="learning-rate factor after each epoch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--train-limit", type=int, default=0)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xs = read_idx(os.path.join(a.data, "train-images-idx3-ubyte"))
    ys = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte"))
    if a.train_limit:
        xs, ys = xs[:a.train_limit], ys[:a.train_limit]
    x = torch.from_numpy(xs.astype(np.float32) / 255.0)
    y = torch.from_numpy(ys.astype(np.int64))
    tx = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).astype(np.float32) / 255.0)
    ty = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64))

    net = lenet5(10)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=a.decay)
    loss_fn = nn.CrossEntropyLoss()
    os.makedirs(a.out, exist_ok=True)
    start = time.perf_counter()
    lines = []
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(len(x), generator=torch.Generator().manual_seed(a.seed * 1000 + epoch))
        net.train()
        t0 = time.perf_counter()
        for i in range(0, len(x), a.batch):
            idx = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        train_seconds = time.perf_counter() - t0
        sched.step()
        net.eval()
        t1 = time.perf_counter()
        with torch.no_grad():
            predicted = torch.cat([net(tx[i:i + 1000]).argmax(1) for i in range(0, len(tx), 1000)])
        eval_seconds = time.perf_counter() - t1
        accuracy = (predicted == ty).float().mean().item()
        record = {"epoch": epoch, "epochs": a.epochs, "trainImages": len(x), "trainSeconds": train_seconds,
                  "imagesPerSecond": len(x) / train_seconds, "trainLoss": loss.item(), "evalSeconds": eval_seconds,
                  "elapsedSeconds": time.perf_counter() - start, "testImages": len(tx), "accuracy": accuracy}
        lines.append(json.dumps(record))
        with open(os.path.join(a.out, "metrics.jsonl.tmp"), "w") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(os.path.join(a.out, "metrics.jsonl.tmp"), os.path.join(a.out, "metrics.jsonl"))
        print(f"pytorch epoch {epoch}/{a.epochs}  train {train_seconds:.1f}s  {len(x) / train_seconds:,.0f} images/s"
              f"  test accuracy {accuracy:.4f}", flush=True)
    # Peak resident set, as the JVM runs report it (Linux gives ru_maxrss in KiB).
    with open(os.path.join(a.out, "resources.json"), "w") as f:
        json.dump({"peakResidentBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, f)


if __name__ == "__main__":
    main()
