#!/usr/bin/python3
"""The scoring benchmark's PyTorch peer: runs a network that spark-cnn exported to ONNX as PyTorch
operations (torch.nn.functional, the exported weights as tensors) under torch.no_grad, on the IDX
images the Java side scored, with the same minibatch and threads. PyTorch cannot load ONNX itself,
so this file maps each ONNX operator the exporter writes onto its PyTorch function; an operator
it does not know is refused by name. Compares its probabilities with ONNX Runtime's (the .f32 file
the Java side wrote) and prints one JSON object: images/s, largest difference, classes that agree.

usage: torch_inference.py MODEL.onnx IMAGES.idx ORT.f32 BATCH THREADS
"""
import json
import os
import struct
import sys
import time

import openmp_blas  # noqa: F401  (restarts on OpenBLAS's OpenMP build where installed; before torch)

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def pad_for(x, pads, value):
    """ONNX pads are [top, left, bottom, right]; F.pad takes [left, right, top, bottom]."""
    top, left, bottom, right = pads
    if any(pads):
        return F.pad(x, (left, right, top, bottom), value=value)
    return x


def split_pads(pads):
    """(what the operator pads itself, symmetric; what is left to pad first): no copy where they are even."""
    top, left, bottom, right = pads
    even = (min(top, bottom), min(left, right))
    return even, [top - even[0], left - even[1], bottom - even[0], right - even[1]]


def compile_graph(model):
    graph = model.graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    steps = []
    for node in graph.node:
        a = attrs(node)
        op = node.op_type
        if op == "Conv":
            even, rest = split_pads(a.get("pads", [0, 0, 0, 0]))

            def conv(x, w, b=None, a=a, even=even, rest=rest):
                return F.conv2d(pad_for(x, rest, 0.0), w, b, stride=a.get("strides", [1, 1]), padding=even,
                                dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
            fn = conv
        elif op == "MaxPool":
            even, rest = split_pads(a.get("pads", [0, 0, 0, 0]))
            if any(2 * e > k for e, k in zip(even, a["kernel_shape"])):
                even, rest = (0, 0), a.get("pads", [0, 0, 0, 0])  # max_pool2d pads at most half a window
            fn = lambda x, a=a, even=even, rest=rest: F.max_pool2d(pad_for(x, rest, float("-inf")), a["kernel_shape"],
                                                                   a.get("strides", [1, 1]), padding=even,
                                                                   dilation=a.get("dilations", [1, 1]))
        elif op == "AveragePool":
            def avg(x, a=a):
                pads = a.get("pads", [0, 0, 0, 0])
                if a.get("count_include_pad", 0) or not any(pads):
                    return F.avg_pool2d(pad_for(x, pads, 0.0), a["kernel_shape"], a.get("strides", [1, 1]))
                ones = pad_for(torch.ones_like(x[:1, :1]), pads, 0.0)
                total = F.avg_pool2d(pad_for(x, pads, 0.0), a["kernel_shape"], a.get("strides", [1, 1]))
                share = F.avg_pool2d(ones, a["kernel_shape"], a.get("strides", [1, 1]))
                return total / share
            fn = avg
        elif op == "GlobalAveragePool":
            fn = lambda x: x.mean(dim=(2, 3), keepdim=True)
        elif op == "GlobalMaxPool":
            fn = lambda x: x.amax(dim=(2, 3), keepdim=True)
        elif op == "BatchNormalization":
            fn = lambda x, s, b, m, v, a=a: F.batch_norm(x, m, v, s, b, False, 0.0, a.get("epsilon", 1e-5))
        elif op == "Gemm":
            def gemm(x, w, b=None, a=a):
                w = w.t() if a.get("transB", 0) else w
                y = a.get("alpha", 1.0) * (x @ w)
                return y + a.get("beta", 1.0) * b if b is not None else y
            fn = gemm
        elif op == "Flatten":
            fn = lambda x, a=a: torch.flatten(x, a.get("axis", 1))
        elif op == "Softmax":
            fn = lambda x, a=a: F.softmax(x, dim=a.get("axis", -1))
        elif op == "Relu":
            fn = F.relu
        elif op == "LeakyRelu":
            fn = lambda x, a=a: F.leaky_relu(x, a.get("alpha", 0.01))
        elif op == "Elu":
            fn = lambda x, a=a: F.elu(x, a.get("alpha", 1.0))
        elif op == "Sigmoid":
            fn = torch.sigmoid
        elif op == "Tanh":
            fn = torch.tanh
        elif op == "Softplus":
            fn = F.softplus
        elif op == "Clip":
            fn = lambda x, lo=None, hi=None: torch.clamp(x, lo, hi)
        elif op == "Concat":
            fn = lambda *xs, a=a: torch.cat(xs, dim=a["axis"])
        elif op in ("Add", "Sum"):
            fn = lambda *xs: sum(xs[1:], xs[0])
        elif op == "Sub":
            fn = torch.sub
        elif op == "Mul":
            fn = torch.mul
        elif op == "Max":
            fn = lambda *xs: torch.stack(xs).amax(0)
        elif op == "Mean":
            fn = lambda *xs: torch.stack(xs).mean(0)
        elif op in ("Identity", "Dropout"):
            fn = lambda x, *rest: x
        else:
            sys.exit("torch_inference.py: ONNX operator %s (node %s) has no PyTorch mapping here" % (op, node.name))
        steps.append((fn, list(node.input), node.output[0]))
    output = graph.output[0].name

    def run(x):
        values = dict(weights)
        values[graph.input[0].name] = x
        for fn, inputs, out in steps:
            values[out] = fn(*[values[i] if i else None for i in inputs])
        return values[output]
    return run


class Graph(torch.nn.Module):
    """The interpreted graph as a module, so that TorchScript can trace and freeze it."""

    def __init__(self, run):
        super().__init__()
        self.run = run

    def forward(self, x):
        return self.run(x)


def timed(fn, images, batch, out):
    """Images/s of the second of two passes over every image."""
    n = images.shape[0]
    for _ in range(2):
        start = time.perf_counter()
        for s in range(0, n, batch):
            out[s:s + batch] = fn(images[s:s + batch])
        seconds = time.perf_counter() - start
    return n / seconds


def read_images(path):
    with open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
    assert magic == 0x803, path + " is not an IDX images file"
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


def main():
    model_path, images_path, ort_path, batch, threads = sys.argv[1:6]
    batch, threads = int(batch), int(threads)
    torch.set_num_threads(threads)
    run = compile_graph(onnx.load(model_path))
    images = read_images(images_path)
    n = images.shape[0]
    eager_out = torch.empty(n, 10)
    frozen_out = torch.empty(n, 10)
    with torch.no_grad():
        eager = timed(run, images, batch, eager_out)
        # TorchScript, traced and frozen for inference (batch norm folded, oneDNN kernels): PyTorch's
        # own fastest CPU inference path for a fixed graph.
        module = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(Graph(run).eval(), images[:batch])))
        frozen = timed(module, images, batch, frozen_out)
    out = frozen_out if frozen >= eager else eager_out
    seconds = n / max(eager, frozen)
    mine = out.numpy()
    result = {
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": os.environ.get("PYTORCH_PEER_BLAS", "system default"),
        "imagesPerSecond": n / seconds,
        "eagerImagesPerSecond": eager,
        "torchScriptFrozenImagesPerSecond": frozen,
    }
    if os.path.exists(ort_path):
        ort = np.fromfile(ort_path, dtype="<f4").reshape(n, -1)
        result["largestDifferenceFromOnnxRuntime"] = float(np.abs(mine - ort).max())
        result["classesAgreeWithOnnxRuntime"] = int((mine.argmax(1) == ort.argmax(1)).sum())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
