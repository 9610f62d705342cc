"""Puts PyTorch on OpenBLAS's OpenMP build, for the benchmark's PyTorch peers: import it before torch.

PyTorch at its best on these machines runs on OpenBLAS built for OpenMP, which shares PyTorch's
OpenMP threads. Debian's python3-torch takes whichever libblas.so.3 the system prefers: the
reference BLAS (LeNet-5 training at batch 64: 6,148-6,646 images/s here) or OpenBLAS's pthread
build, whose own threads contend with PyTorch's on 2 cores (5,732), against 13,336-14,584 on the
OpenMP build (the simple CNN: 1,253-1,567 images/s, against 990-1,094 on the pthread build with
one thread). Where the OpenMP build is installed, the importing script restarts itself once with
it first on the loader's path; PYTORCH_PEER_BLAS then names it.
"""
import os
import sys

OPENMP_BLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"

if os.path.exists(os.path.join(OPENMP_BLAS, "libblas.so.3")) and os.environ.get("PYTORCH_PEER_BLAS") != OPENMP_BLAS:
    env = dict(os.environ, PYTORCH_PEER_BLAS=OPENMP_BLAS,
               LD_LIBRARY_PATH=":".join(filter(None, [OPENMP_BLAS, os.environ.get("LD_LIBRARY_PATH")])))
    os.execve(sys.executable, [sys.executable] + sys.argv, env)
