/* Peer of the fused 1-D OU Euler-Maruyama kernel (shaders/ou/ou1d_em.wgsl): the same recursion
 * X_{k+1} = (1 - theta h) X_k + sigma sqrt(h) Z_k with Z_k lane k%4 of block (k/4, 0, particle, 0), float32.
 * usage: ou1d GENERATOR PARTICLES STEPS  -> one timed run (after one untimed warm-up of 4 steps). */
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  gen_t g = make_gen(argv[1], 1234567);
  long n = atol(argv[2]);
  uint32_t steps = (uint32_t)atol(argv[3]);
  float *x = malloc(sizeof(float) * n);
  const float a = 1.0f - 1.0f * 0.01f, b = 1.0f * sqrtf(0.01f);
  for (int pass = 0; pass < 2; pass++) {
    uint32_t nsteps = pass == 0 ? 4 : steps;
    double t0 = start_timer();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
      float xi = 1.0f;
      for (uint32_t k = 0; k < nsteps; k += 4) {
        float z[4];
        normal4(gen_block(&g, k >> 2, 0, (uint32_t)i, 0), z);
        xi = a * xi + b * z[0];
        xi = a * xi + b * z[1];
        xi = a * xi + b * z[2];
        xi = a * xi + b * z[3];
      }
      x[i] = xi;
    }
    double t = now() - t0;
    if (pass == 1) {
      double s = 0;
      for (long i = 0; i < n; i++) s += x[i];
      report(t, (double)n * steps, s / n);
    }
  }
  free(x);
  return 0;
}
