/* Peers of the reductions: 1-D histogram (shaders/reduce/histogram.wgsl: BINS equal bins over [lo, hi) plus
 * below / above / non-finite tallies), 2-D histogram (shaders/bench/histogram2d.wgsl, 64 x 64 bins over
 * [-4, 4)^2 of interleaved pairs), shifted power sums (shaders/reduce/moments.wgsl, float32 per thread chunk of
 * 4096, float64 across chunks). Per-thread private counts merged at the end.
 * `copy` is the memory roofline: the values copied to a second array in parallel, as the GPU's buffer copy.
 * usage: reduce hist1d|hist2d|moments|copy VALUES */
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *what = argv[1];
  long n = atol(argv[2]);
  float *data = malloc(sizeof(float) * n);
  float *copy = strcmp(what, "copy") == 0 ? malloc(sizeof(float) * n) : NULL;
  for (long i = 0; i < n; i++) data[i] = 3.0f * sinf(0.001f * (float)i) + 0.5f * cosf(0.7f * (float)i);
  const int bins = 100;
  const float lo = -4, hi = 4, inv = bins / (hi - lo);
  for (int pass = 0; pass < 2; pass++) {
    double check = 0;
    double t0 = start_timer();
    if (strcmp(what, "hist1d") == 0) {
      uint32_t hist[103] = {0};
#pragma omp parallel
      {
        uint32_t local[103] = {0};
#pragma omp for schedule(static)
        for (long i = 0; i < n; i++) {
          float v = data[i];
          int slot;
          if (!isfinite(v)) slot = bins + 2;
          else if (v < lo) slot = bins;
          else if (v >= hi) slot = bins + 1;
          else { slot = (int)((v - lo) * inv); if (slot > bins - 1) slot = bins - 1; }
          local[slot]++;
        }
#pragma omp critical
        for (int b = 0; b < bins + 3; b++) hist[b] += local[b];
      }
      check = hist[bins / 2];
    } else if (strcmp(what, "hist2d") == 0) {
      static uint32_t hist[64 * 64 + 1];
      memset(hist, 0, sizeof hist);
      const float inv2 = 64 / 8.0f;
#pragma omp parallel
      {
        uint32_t *local = calloc(64 * 64 + 1, sizeof(uint32_t));
#pragma omp for schedule(static)
        for (long i = 0; i < n / 2; i++) {
          float x = data[2 * i], y = data[2 * i + 1];
          int bx = (int)floorf((x + 4) * inv2), by = (int)floorf((y + 4) * inv2);
          int slot = (bx >= 0 && bx < 64 && by >= 0 && by < 64) ? by * 64 + bx : 64 * 64;
          local[slot]++;
        }
#pragma omp critical
        for (int b = 0; b < 64 * 64 + 1; b++) hist[b] += local[b];
        free(local);
      }
      check = hist[64 * 32 + 32];
    } else if (copy) {
#pragma omp parallel for schedule(static)
      for (long i = 0; i < n; i++) copy[i] = data[i];
      check = copy[n / 2];
    } else {
      long tiles = (n + 4095) / 4096;
      double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
#pragma omp parallel for schedule(static) reduction(+ : s1, s2, s3, s4)
      for (long t = 0; t < tiles; t++) {
        float a1 = 0, a2 = 0, a3 = 0, a4 = 0;
        long end = (t + 1) * 4096 < n ? (t + 1) * 4096 : n;
        for (long i = t * 4096; i < end; i++) {
          float v = data[i];
          if (isfinite(v)) {
            float d = v - 0.1f, d2 = d * d;
            a1 += d; a2 += d2; a3 += d2 * d; a4 += d2 * d2;
          }
        }
        s1 += a1; s2 += a2; s3 += a3; s4 += a4;
      }
      check = s2;
    }
    double t = now() - t0;
    if (pass == 1) report(t, 4.0 * n, check);
  }
  return 0;
}
