#!/usr/bin/python3
"""The benchmark's PyTorch peer: spark-cnn's networks of the same shape (--net lenet5, simple-cnn or
resnet-mnist) on the same IDX files, minibatch size, Adam learning rate and per-epoch decay, on CPU
threads. Writes metrics.jsonl with the keys spark-cnn's report reads."""
import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time


import openmp_blas  # noqa: F401  (restarts on OpenBLAS's OpenMP build where installed; before torch)

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


def simple_cnn(classes):
    """The textbook's: conv 32@5x5 same, max pool, conv 64@5x5 same, max pool, dense 1024, dropout 0.5."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(1024, classes))


class ResidualBlock(nn.Module):
    """spark-cnn's ResidualBlock: two 3x3 convolutions with batch norm, the first with ReLU, added to
    the input (a 1x1 projection with batch norm where size or channels change), then ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())
        self.conv2 = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = (nn.Identity() if stride == 1 and cin == cout
                     else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return torch.relu(self.conv2(self.conv1(x)) + self.skip(x))


def resnet_mnist(classes, blocks=6):
    """spark-cnn's resnet-mnist: a 3x3 stem of 16 with batch norm, blocks in three stages of 16, 32
    and 64 filters (stride 2 entering the 2nd and 3rd), global average pooling, softmax."""
    layers = [nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    stage, channels = 0, 16
    for b in range(blocks):
        block_stage = b * 3 // blocks
        stride = 2 if block_stage > stage else 1
        stage = block_stage
        layers.append(ResidualBlock(channels, 16 << stage, stride))
        channels = 16 << stage
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes)]
    return nn.Sequential(*layers)


NETWORKS = {"lenet5": lenet5, "simple-cnn": simple_cnn, "resnet-mnist": resnet_mnist}


def blas_library():
    """The BLAS this process runs PyTorch's dense layers on, from the libraries it has mapped."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "/" in line}
    for path in sorted(paths):
        name = os.path.basename(os.path.dirname(path)) + "/" + os.path.basename(path)
        if any(k in path for k in ("openblas", "mkl", "blis", "atlas")):
            return name
    return next((os.path.realpath(p) for p in sorted(paths) if "libblas.so" in p), "none found")


def require_fast_blas():
    """The BLAS in use, unless it is one PyTorch is slow on here (see openmp_blas.py)."""
    blas = blas_library()
    if "openblas-openmp" not in blas and not any(k in blas for k in ("mkl", "blis")):
        raise SystemExit(f"pytorch_peer: PyTorch would run on {blas}, far from its best on this machine; "
                         "run: sudo apt-get install libopenblas0-openmp")
    return blas


def main():
    if sys.argv[1:] == ["--blas"]:
        print(blas_library())
        return
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", required=True)
    p.add_argument("--net", choices=sorted(NETWORKS), default="lenet5")
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
    print(f"pytorch_peer: torch {torch.__version__}, BLAS {require_fast_blas()}, {a.threads} threads", flush=True)
    torch.manual_seed(a.seed)
    xs = read_idx(os.path.join(a.data, "train-images-idx3-ubyte"))
    ys = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte"))
    if a.train_limit:
        xs, ys = xs[:a.train_limit], ys[:a.train_limit]
    x = torch.from_numpy(xs.astype(np.float32) / 255.0)
    y = torch.from_numpy(ys.astype(np.int64))
    tx = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).astype(np.float32) / 255.0)
    ty = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64))

    net = NETWORKS[a.net](10)
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
        print(f"pytorch {a.net} epoch {epoch}/{a.epochs}  train {train_seconds:.1f}s  {len(x) / train_seconds:,.0f} images/s"
              f"  test accuracy {accuracy:.4f}", flush=True)
    # Peak resident set, as the JVM runs report it (Linux gives ru_maxrss in KiB).
    with open(os.path.join(a.out, "resources.json"), "w") as f:
        json.dump({"peakResidentBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, f)


if __name__ == "__main__":
    main()
