/* Peer of the 8-D OU kernel (shaders/bench/ou8d_em.wgsl): X_{k+1} = X_k - h A X_k + sqrt(h) S Z_k with full 8x8
 * A and S (float32), Z_k = blocks (2k, 0, p, 0) and (2k + 1, 0, p, 0) through Box-Muller.
 * usage: ou8d GENERATOR PARTICLES STEPS */
#include "common.h"
#define D 8

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  gen_t g = make_gen(argv[1], 1234567);
  long n = atol(argv[2]);
  uint32_t steps = (uint32_t)atol(argv[3]);
  float A[D][D], S[D][D];
  /* Same matrices as bench/ou.ts: A = I + 0.1 (i - j) / D (drift with rotation), S lower-triangular. */
  for (int i = 0; i < D; i++)
    for (int j = 0; j < D; j++) {
      A[i][j] = (i == j ? 1.0f : 0.0f) + 0.1f * (float)(i - j) / D;
      S[i][j] = j <= i ? 1.0f / (1.0f + (float)(i - j)) : 0.0f;
    }
  const float h = 0.01f, sh = sqrtf(h);
  float *x = malloc(sizeof(float) * D * n);
  for (int pass = 0; pass < 2; pass++) {
    uint32_t nsteps = pass == 0 ? 2 : steps;
    double t0 = start_timer();
#pragma omp parallel for schedule(static)
    for (long p = 0; p < n; p++) {
      float xs[D];
      for (int i = 0; i < D; i++) xs[i] = 1.0f;
      for (uint32_t k = 0; k < nsteps; k++) {
        float z[D], y[D];
        normal4(gen_block(&g, 2 * k, 0, (uint32_t)p, 0), z);
        normal4(gen_block(&g, 2 * k + 1, 0, (uint32_t)p, 0), z + 4);
        for (int i = 0; i < D; i++) {
          float ax = 0, sz = 0;
          for (int j = 0; j < D; j++) { ax += A[i][j] * xs[j]; sz += S[i][j] * z[j]; }
          y[i] = xs[i] - h * ax + sh * sz;
        }
        memcpy(xs, y, sizeof xs);
      }
      memcpy(x + D * p, xs, sizeof xs);
    }
    double t = now() - t0;
    if (pass == 1) {
      double s = 0;
      for (long i = 0; i < D * n; i++) s += x[i];
      report(t, (double)n * steps, s / n);
    }
  }
  free(x);
  return 0;
}
