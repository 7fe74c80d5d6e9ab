#!/usr/bin/env python3
"""GPU peers of `npm run bench` on a machine with an NVIDIA GPU: the fused 1-D OU Euler-Maruyama step with
Philox4x32-10 + Box-Muller (same counter layout as shaders/ou/ou1d_em.wgsl), as

  * a CuPy RawKernel (CUDA C, one thread per particle, compiled without fast-math and with --use_fast_math),
  * PyTorch eager (one torch.randn per step, as a user would write it),
  * PyTorch vectorised (all normals of a chunk of steps drawn at once, then the recursion), and
  * torch.histc over 2^26 values (the histogram peer).

Prints a JSON list of rows {name, unit, value, note} on stdout; the runner (bench/main.ts) calls it only when
`nvidia-smi` works. Modules that are missing are skipped with a note. Not exercised on the CPU-only machine this
was written on: no NVIDIA GPU was available there.
"""
import json
import sys
import time

QUICK = "--quick" in sys.argv
ROWS = []

CUDA_SRC = r"""
typedef unsigned int uint32_t;  // NVRTC has no <stdint.h>
__device__ __forceinline__ uint4 philox4x32_10(uint4 c, uint2 k) {
  #pragma unroll
  for (int r = 0; r < 10; r++) {
    if (r > 0) { k.x += 0x9E3779B9u; k.y += 0xBB67AE85u; }
    uint32_t hi0 = __umulhi(0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
    uint32_t hi1 = __umulhi(0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
    c = make_uint4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}
__device__ __forceinline__ float u01(uint32_t u) { return ((float)(u >> 8) + 0.5f) * 5.9604644775390625e-8f; }
__device__ __forceinline__ float2 box_muller(uint32_t a, uint32_t b) {
  float r = sqrtf(-2.0f * logf(u01(a)));
  float t = 3.14159265358979f * (2.0f * u01(b) - 1.0f);
  float s, c;
  sincosf(t, &s, &c);
  return make_float2(r * c, r * s);
}
extern "C" __global__ void ou1d(float *x, unsigned n, unsigned steps, float a, float b, unsigned seed_lo,
                                unsigned seed_hi) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float xi = x[i];
  for (unsigned k = 0; k < steps; k += 4) {
    uint4 bits = philox4x32_10(make_uint4(k >> 2, 0, i, 0), make_uint2(seed_lo, seed_hi));
    float2 z0 = box_muller(bits.x, bits.y), z1 = box_muller(bits.z, bits.w);
    xi = a * xi + b * z0.x; xi = a * xi + b * z0.y; xi = a * xi + b * z1.x; xi = a * xi + b * z1.y;
  }
  x[i] = xi;
}
"""


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else 0.5 * (s[m - 1] + s[m])


def warm(fn, sync, seconds=0.5):
    """Runs fn until `seconds` have passed: the GPU's clocks fall within milliseconds of idling."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn()
        sync()


def row(name, unit, value, note):
    ROWS.append({"name": name, "unit": unit, "value": value, "note": note})


def cupy_rows():
    try:
        import cupy as cp
    except ImportError as e:
        row("CuPy RawKernel fused EM 1-D OU (Philox)", "G particle-steps/s", float("nan"), f"skipped: {e}")
        return
    n = 2**22 if QUICK else 2**26
    steps = 256
    for fast in (False, True):
        opts = ("--use_fast_math",) if fast else ()
        kern = cp.RawKernel(CUDA_SRC, "ou1d", options=opts)
        x = cp.ones(n, dtype=cp.float32)
        args = (x, cp.uint32(n), cp.uint32(steps), cp.float32(0.99), cp.float32(0.1), cp.uint32(1), cp.uint32(0))
        grid = ((n + 255) // 256,)
        warm(lambda: kern(grid, (256,), args), cp.cuda.Device().synchronize)
        times = []
        for _ in range(5):
            start, end = cp.cuda.Event(), cp.cuda.Event()
            start.record()
            kern(grid, (256,), args)
            end.record()
            end.synchronize()
            times.append(cp.cuda.get_elapsed_time(start, end) / 1e3)
        row(
            f"CuPy RawKernel fused EM 1-D OU (Philox, {'fast-math' if fast else 'precise'})",
            "G particle-steps/s",
            n * steps / median(times) / 1e9,
            f"N = {n}, {steps} steps, CUDA events, median of 5",
        )


def torch_rows():
    try:
        import torch
    except ImportError as e:
        row("PyTorch fused EM 1-D OU", "G particle-steps/s", float("nan"), f"skipped: {e}")
        return
    dev = torch.device("cuda")
    n = 2**22 if QUICK else 2**24
    steps = 64
    a, b = 0.99, 0.1

    def eager():
        x = torch.ones(n, device=dev)
        for _ in range(steps):
            x = a * x + b * torch.randn(n, device=dev)
        return x

    def vectorised():
        x = torch.ones(n, device=dev)
        z = torch.randn(16, n, device=dev)
        for c in range(steps // 16):
            if c:
                torch.randn(16, n, device=dev, out=z)
            for k in range(16):
                x.mul_(a).add_(z[k], alpha=b)
        return x

    for name, fn in (("eager", eager), ("vectorised (16 steps of normals per draw, in place)", vectorised)):
        warm(fn, torch.cuda.synchronize)
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        row(f"PyTorch {name} 1-D OU", "G particle-steps/s", n * steps / median(times) / 1e9, f"N = {n}, {steps} steps")

    # SGD particles, batched: every particle's mini-batch gathered at once (linear regression, d = 8, B = 32).
    parts, d, bsz, ex = (2**16 if QUICK else 2**20), 8, 32, 4096
    j = torch.arange(ex * d, device=dev, dtype=torch.float32).reshape(ex, d)
    xs = torch.sin(0.37 * j)
    ys = xs @ (torch.arange(1, d + 1, device=dev, dtype=torch.float32) / d)

    def sgd(steps=10):
        w = torch.zeros(parts, d, device=dev)
        for _ in range(steps):
            idx = torch.randint(0, ex, (parts, bsz), device=dev)
            xb = xs[idx]
            r = torch.einsum("pbd,pd->pb", xb, w) - ys[idx]
            w -= 0.05 / bsz * torch.einsum("pb,pbd->pd", r, xb)
        return w

    warm(sgd, torch.cuda.synchronize)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        sgd()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    row("PyTorch batched SGD particles, linear regression", "G particle-steps/s", parts * 10 / median(times) / 1e9,
        f"N = {parts}, d = 8, B = 32, 4096 examples")

    m = 2**26
    v = torch.randn(m, device=dev)
    warm(lambda: torch.histc(v, bins=100, min=-4, max=4), torch.cuda.synchronize)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        torch.histc(v, bins=100, min=-4, max=4)
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    row("torch.histc 100 bins", "GB/s", 4 * m / median(times) / 1e9, f"N = {m} float32 read")


def main():
    cupy_rows()
    torch_rows()
    json.dump(ROWS, sys.stdout)


if __name__ == "__main__":
    main()
