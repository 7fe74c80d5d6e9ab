/* Shared pieces of the native peers of `npm run bench`: the same generators and variates as the WGSL
 * (shaders/rng/philox.wgsl, threefry.wgsl, normal.wgsl), in float32 like the GPU, timing helpers.
 * Built at bench time with: gcc -O3 -march=native -fopenmp (no fast-math). */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t v[4]; } u32x4;

/* Philox4x32-10 (Salmon et al. SC 2011); native 64-bit multiply for mul-hi. */
static inline u32x4 philox4x32_10(u32x4 c, uint32_t k0, uint32_t k1) {
  for (int r = 0; r < 10; r++) {
    if (r > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
    uint64_t p0 = (uint64_t)0xD2511F53u * c.v[0];
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c.v[2];
    u32x4 n = {{(uint32_t)(p1 >> 32) ^ c.v[1] ^ k0, (uint32_t)p1, (uint32_t)(p0 >> 32) ^ c.v[3] ^ k1, (uint32_t)p0}};
    c = n;
  }
  return c;
}

/* Threefry-4x32-20 with Random123's R_32x4 rotations and Skein key schedule. */
static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
static const int TF_R[8][2] = {{10, 26}, {11, 21}, {13, 27}, {23, 5}, {6, 20}, {17, 11}, {25, 10}, {18, 20}};
static inline u32x4 threefry4x32_20(u32x4 c, const uint32_t ks[5]) {
  uint32_t x0 = c.v[0] + ks[0], x1 = c.v[1] + ks[1], x2 = c.v[2] + ks[2], x3 = c.v[3] + ks[3];
#pragma GCC unroll 20
  for (int r = 0; r < 20; r++) {
    if ((r & 1) == 0) {
      x0 += x1; x1 = rotl32(x1, TF_R[r & 7][0]) ^ x0;
      x2 += x3; x3 = rotl32(x3, TF_R[r & 7][1]) ^ x2;
    } else {
      x0 += x3; x3 = rotl32(x3, TF_R[r & 7][0]) ^ x0;
      x2 += x1; x1 = rotl32(x1, TF_R[r & 7][1]) ^ x2;
    }
    if ((r & 3) == 3) {
      uint32_t s = (uint32_t)(r + 1) / 4;
      x0 += ks[s % 5]; x1 += ks[(s + 1) % 5]; x2 += ks[(s + 2) % 5]; x3 += ks[(s + 3) % 5] + s;
    }
  }
  u32x4 o = {{x0, x1, x2, x3}};
  return o;
}
static inline void threefry_key_schedule(uint32_t ks[5], uint32_t k0, uint32_t k1, uint32_t k2, uint32_t k3) {
  ks[0] = k0; ks[1] = k1; ks[2] = k2; ks[3] = k3; ks[4] = 0x1BD11BDAu ^ k0 ^ k1 ^ k2 ^ k3;
}

/* As shaders/rng/normal.wgsl: (m + 1/2) / 2^24 below 1/2, m / 2^24 in [1/2, 1), m = top 24 bits. */
static inline float uniform_open01(uint32_t u) {
  uint32_t m = u >> 8;
  return m >= 0x800000u ? (float)m * 5.9604644775390625e-8f : ((float)m + 0.5f) * 5.9604644775390625e-8f;
}
/* -log(u), with the series of -log(1 - e) near u = 1 (as neg_log_open01). */
static inline float neg_log_open01(float u) {
  float e = 1.0f - u;
  if (e < 0.0625f) return e * (1.0f + e * (0.5f + e * (1.0f / 3.0f + e * (0.25f + e * (0.2f + e / 6.0f)))));
  return -logf(u);
}
/* Box-Muller with the angle in (-pi, pi), as shaders/rng/normal.wgsl. */
static inline void box_muller(uint32_t u0, uint32_t u1, float *z0, float *z1) {
  float r = sqrtf(2.0f * neg_log_open01(uniform_open01(u0)));
  float a = 3.14159265358979f * (2.0f * uniform_open01(u1) - 1.0f);
  *z0 = r * cosf(a);
  *z1 = r * sinf(a);
}
static inline void normal4(u32x4 b, float z[4]) {
  box_muller(b.v[0], b.v[1], &z[0], &z[1]);
  box_muller(b.v[2], b.v[3], &z[2], &z[3]);
}

/* Generator choice shared by the peers: 0 = Philox4x32-10, 1 = Threefry-4x32-20; key (seed_lo, seed_hi[, 0, 0]). */
typedef struct { int threefry; uint32_t k0, k1, ks[5]; } gen_t;
static inline gen_t make_gen(const char *name, uint64_t seed) {
  gen_t g;
  g.threefry = strcmp(name, "threefry") == 0;
  g.k0 = (uint32_t)seed; g.k1 = (uint32_t)(seed >> 32);
  threefry_key_schedule(g.ks, g.k0, g.k1, 0, 0);
  return g;
}
static inline u32x4 gen_block(const gen_t *g, uint32_t b0, uint32_t b1, uint32_t particle, uint32_t stream) {
  u32x4 c = {{b0, b1, particle, stream}};
  return g->threefry ? threefry4x32_20(c, g->ks) : philox4x32_10(c, g->k0, g->k1);
}

#include <time.h>
static double now(void) { return omp_get_wtime(); }
/* Process CPU time, all threads. */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}
static double cpu_t0;

/* Prints one JSON line: {"seconds": s, "cpu": c, "work": w, "threads": t, "check": x}; `check` keeps the result
 * live. The CPU time is measured from the last `start_timer()`. */
static double start_timer(void) {
  cpu_t0 = cpu_now();
  return now();
}
static void report(double seconds, double work, double check) {
  printf("{\"seconds\": %.9g, \"cpu\": %.9g, \"work\": %.17g, \"threads\": %d, \"check\": %.9g}\n", seconds,
         cpu_now() - cpu_t0, work, omp_get_max_threads(), check);
}
