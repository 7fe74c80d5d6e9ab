/* Peer of the SGD particle kernel (shaders/bench/sgd_particles.wgsl): each particle runs mini-batch SGD
 * w <- w - lr/B sum_{b<B} g(x_{i_b}, y_{i_b}; w) on a shared data set of N examples in d = 8, with
 * g = (x.w - y) x (linear regression) or (sigmoid(x.w) - y) x (logistic). Batch index i_b = word b%4 of block
 * (k B/4 + b/4, 0, p, 0x5D) modulo N (Philox4x32-10).
 * usage: sgd linear|logistic PARTICLES STEPS EXAMPLES BATCH */
#include "common.h"
#define D 8

int main(int argc, char **argv) {
  if (argc < 6) return 2;
  int logistic = strcmp(argv[1], "logistic") == 0;
  long n = atol(argv[2]);
  uint32_t steps = (uint32_t)atol(argv[3]);
  uint32_t m = (uint32_t)atol(argv[4]);
  uint32_t B = (uint32_t)atol(argv[5]);
  gen_t g = make_gen("philox", 99);
  float *X = malloc(sizeof(float) * D * m), *Y = malloc(sizeof(float) * m);
  /* Deterministic data (the same formula as bench/sgd.ts). */
  for (uint32_t i = 0; i < m; i++) {
    float t = 0;
    for (int j = 0; j < D; j++) {
      X[D * i + j] = sinf(0.37f * (float)(i * D + j)) ;
      t += X[D * i + j] * (float)(j + 1) / D;
    }
    Y[i] = logistic ? (t > 0 ? 1.0f : 0.0f) : t + 0.1f * cosf(1.3f * (float)i);
  }
  const float lr = 0.05f;
  /* The same index as bits % m; a mask when m is a power of two (as the WGSL with POW2_EXAMPLES). */
  const uint32_t mask = (m & (m - 1)) == 0 ? m - 1 : 0;
  float *W = malloc(sizeof(float) * D * n);
  for (int pass = 0; pass < 2; pass++) {
    uint32_t nsteps = pass == 0 ? 1 : steps;
    double t0 = start_timer();
#pragma omp parallel for schedule(static)
    for (long p = 0; p < n; p++) {
      float w[D] = {0};
      for (uint32_t k = 0; k < nsteps; k++) {
        float gsum[D] = {0};
        for (uint32_t q = 0; q < B / 4; q++) {
          u32x4 bits = gen_block(&g, k * (B / 4) + q, 0, (uint32_t)p, 0x5Du);
          for (int l = 0; l < 4; l++) {
            uint32_t idx = mask ? bits.v[l] & mask : bits.v[l] % m;
            const float *x = X + D * idx;
            float s = 0;
            for (int j = 0; j < D; j++) s += x[j] * w[j];
            float r = logistic ? 1.0f / (1.0f + expf(-s)) - Y[idx] : s - Y[idx];
            for (int j = 0; j < D; j++) gsum[j] += r * x[j];
          }
        }
        for (int j = 0; j < D; j++) w[j] -= lr / (float)B * gsum[j];
      }
      memcpy(W + D * p, w, sizeof w);
    }
    double t = now() - t0;
    if (pass == 1) {
      double s = 0;
      for (long i = 0; i < D * n; i++) s += W[i];
      report(t, (double)n * steps, s / n);
    }
  }
  return 0;
}
