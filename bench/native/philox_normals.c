/*
 * Native peer of the GPU normal generator for `npm run bench` (bench/rng.ts): the same algorithm as
 * shaders/rng/philox.wgsl + shaders/rng/normal.wgsl (Philox4x32-10 of counter (block, 0, particle, stream) under key
 * (seed_lo, seed_hi), uniforms (m + 1/2)/2^24 rounded toward zero, Box-Muller with the angle in (-pi, pi), float32
 * math), over blocks 0 .. count/4 - 1 in parallel with OpenMP.
 *
 *   gcc -O3 -fopenmp -o philox_normals philox_normals.c -lm && ./philox_normals 100000000
 *
 * Prints one JSON line: {"normals": N, "seconds": S, "threads": T, "checksum": C}.
 */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline void philox4x32_10(uint32_t c[4], uint32_t k0, uint32_t k1) {
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    uint64_t p0 = (uint64_t)0xD2511F53u * c[0];
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c[2];
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c[1] ^ k0;
    uint32_t n1 = (uint32_t)p1;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c[3] ^ k1;
    uint32_t n3 = (uint32_t)p0;
    c[0] = n0;
    c[1] = n1;
    c[2] = n2;
    c[3] = n3;
  }
}

static inline float uniform_open01(uint32_t u) {
  uint32_t m = u >> 8;
  return m >= 0x800000u ? (float)m * 5.9604644775390625e-8f : ((float)m + 0.5f) * 5.9604644775390625e-8f;
}

static inline float neg_log_open01(float u) {
  float e = 1.0f - u;
  if (e < 0.0625f) return e * (1.0f + e * (0.5f + e * (1.0f / 3.0f + e * (0.25f + e * (0.2f + e / 6.0f)))));
  return -logf(u);
}

int main(int argc, char **argv) {
  long long count = argc > 1 ? atoll(argv[1]) : 100000000LL;
  long long blocks = count / 4;
  const uint32_t k0 = 1u, k1 = 0u, particle = 0u, stream = 0u;
  double checksum = 0;
  double t0 = omp_get_wtime();
#pragma omp parallel for reduction(+ : checksum) schedule(static)
  for (long long b = 0; b < blocks; b++) {
    uint32_t c[4] = {(uint32_t)b, (uint32_t)(b >> 32), particle, stream};
    philox4x32_10(c, k0, k1);
    float acc = 0;
    for (int p = 0; p < 4; p += 2) {
      float r = sqrtf(2.0f * neg_log_open01(uniform_open01(c[p])));
      float angle = 3.14159265358979f * (2.0f * uniform_open01(c[p + 1]) - 1.0f);
      acc += r * cosf(angle) + r * sinf(angle);
    }
    checksum += acc;
  }
  double seconds = omp_get_wtime() - t0;
  printf("{\"normals\": %lld, \"seconds\": %.6f, \"threads\": %d, \"checksum\": %.6f}\n", blocks * 4, seconds,
         omp_get_max_threads(), checksum);
  return 0;
}
