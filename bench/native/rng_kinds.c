/* Peer of the GPU generator for every kind of `sgd-sde rng` (shaders/rng/generate.wgsl): value v of particle 0,
 * stream S, seed 1, computed the same way as the kernel (Philox4x32-10, then the kind's transform in float32),
 * over values 0 .. COUNT-1 with OpenMP, written to memory.
 *   usage: rng_kinds uint32|uniform|normal|index|permutation|stable COUNT [N | ALPHA BETA]
 * Algorithms as in shaders/rng/: index = Lemire's multiply-shift with rejection (index.wgsl), permutation = the
 * 16-round Feistel network on ceil(log2 n) bits with cycle walking, keyed per epoch by Philox (permutation.wgsl),
 * stable = Chambers-Mallows-Stuck with Weron's correction split at u = 1/2 (stable.wgsl). */
#include "common.h"

#define STREAM 0u
#define SEED_LO 1u
#define SEED_HI 0u

static inline u32x4 block(uint32_t g) {
  u32x4 c = {{g, 0u, 0u, STREAM}};
  return philox4x32_10(c, SEED_LO, SEED_HI);
}

/* Lemire (2019): accept x when the low word of x*n is at least 2^32 mod n; the result is the high word. */
static uint32_t index_of(uint32_t g, uint32_t n, uint32_t *lane, u32x4 *buf, uint32_t *ctr) {
  uint32_t threshold = (0u - n) % n;
  (void)g;
  for (;;) {
    if (*lane >= 4u) {
      u32x4 c = {{*ctr, g, 0u, STREAM}};
      *buf = philox4x32_10(c, SEED_LO, SEED_HI);
      *ctr += 1u;
      *lane = 0u;
    }
    uint32_t x = buf->v[(*lane)++];
    uint64_t p = (uint64_t)x * n;
    if ((uint32_t)p >= threshold) return (uint32_t)(p >> 32);
  }
}

static inline uint32_t lowbias32(uint32_t h) {
  h ^= h >> 16; h *= 0x7feb352du; h ^= h >> 15; h *= 0x846ca68bu; h ^= h >> 16;
  return h;
}
static uint32_t permute_index(u32x4 key, uint32_t n, uint32_t position) {
  if (position >= n || n <= 1u) return position;
  uint32_t bits = 32u - (uint32_t)__builtin_clz(n - 1u);
  if (bits < 6u) bits = 6u;
  uint32_t rb = (bits + 1u) / 2u, lb = bits - rb;
  uint32_t x = position;
  do {
    uint32_t l = (x >> rb) & ((1u << lb) - 1u), r = x & ((1u << rb) - 1u);
    for (uint32_t i = 0; i < 16u; i++) {
      uint32_t k = key.v[i & 3u] + i * 0x9E3779B9u;
      if ((i & 1u) == 0u) r ^= lowbias32(l ^ k) >> (32u - rb);
      else l ^= lowbias32(r ^ k) >> (32u - lb);
    }
    x = (l << rb) | r;
  } while (x >= n);
  return x;
}

#define PI_F 3.14159265358979f
#define HALF_PI_F 1.57079632679490f
static inline float stable_sin(float x) {
  float y = x > HALF_PI_F ? PI_F - x : (x < -HALF_PI_F ? -PI_F - x : x);
  if (fabsf(y) < 0.25f) {
    float y2 = y * y;
    return y * (1.0f - y2 / 6.0f * (1.0f - y2 / 20.0f * (1.0f - y2 / 42.0f)));
  }
  return sinf(y);
}
static inline float stable_cos(float y) { return stable_sin(HALF_PI_F - fabsf(y)); }
static inline float signf(float x) { return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f); }
static float stable_cms(float ua, float ue, float alpha, float beta) {
  float w = neg_log_open01(ue);
  int lower = ua < 0.5f;
  float eps = PI_F * (lower ? ua : 1.0f - ua);
  float cos_v = stable_sin(eps);
  if (alpha == 2.0f) return 2.0f * sqrtf(w) * stable_sin(PI_F * (ua - 0.5f));
  if (alpha == 1.0f) {
    float hp = HALF_PI_F * (1.0f - beta + 2.0f * beta * ua);
    float tan_v = stable_sin(PI_F * (ua - 0.5f)) / cos_v;
    if (beta == 0.0f) return tan_v;
    return (hp * tan_v - beta * logf(HALF_PI_F * w * cos_v / hp)) / HALF_PI_F;
  }
  float d = HALF_PI_F * (alpha - 1.0f), s = stable_cos(d), k = -stable_sin(d);
  float r = sqrtf(k * k + beta * beta * s * s), ak = fabsf(k), sk = signf(k);
  float sin_a, cos_b, t = alpha * eps;
  if (lower) {
    float sk0 = ak * s * (beta - 1.0f) / r, ck0 = sk * (k * k + beta * s * s) / r, q = (1.0f - alpha) * eps;
    sin_a = sk0 * stable_cos(t) + ck0 * stable_sin(t);
    cos_b = -(sk0 * stable_cos(q) - ck0 * stable_sin(q));
  } else {
    float sk1 = ak * s * (beta + 1.0f) / r, ck1 = sk * (k * k - beta * s * s) / r, q = (alpha - 1.0f) * eps;
    sin_a = sk1 * stable_cos(t) - ck1 * stable_sin(t);
    cos_b = sk1 * stable_cos(q) - ck1 * stable_sin(q);
  }
  float c = fmaxf(cos_b, 1.17549435e-38f), inv = 1.0f / alpha;
  float log_mag = inv * (logf(r) - logf(ak)) + logf(fmaxf(fabsf(sin_a), 1.17549435e-38f)) - inv * logf(cos_v) +
                  (1.0f - alpha) * inv * (logf(c) - logf(w));
  return signf(sin_a) * expf(log_mag);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *kind = argv[1];
  long count = atol(argv[2]);
  long blocks = (count + 3) / 4;
  uint32_t n = argc > 3 ? (uint32_t)atol(argv[3]) : 1u;
  float alpha = argc > 3 ? strtof(argv[3], NULL) : 1.5f, beta = argc > 4 ? strtof(argv[4], NULL) : 0.0f;
  int k = !strcmp(kind, "uint32") ? 0 : !strcmp(kind, "uniform") ? 1 : !strcmp(kind, "normal") ? 2
        : !strcmp(kind, "index") ? 3 : !strcmp(kind, "permutation") ? 4 : !strcmp(kind, "stable") ? 5 : -1;
  if (k < 0 || n == 0u) return 2;
  uint32_t *out = malloc(sizeof(uint32_t) * 4 * blocks);
  memset(out, 0, sizeof(uint32_t) * 4 * blocks);
  for (int pass = 0; pass < 2; pass++) {
    double t0 = start_timer();
#pragma omp parallel for schedule(static)
    for (long b = 0; b < blocks; b++) {
      uint32_t g = (uint32_t)b, *o = out + 4 * b;
      if (k == 0) {
        u32x4 v = block(g);
        memcpy(o, v.v, 16);
      } else if (k == 1) {
        u32x4 v = block(g);
        for (int j = 0; j < 4; j++) { float f = uniform_open01(v.v[j]); memcpy(o + j, &f, 4); }
      } else if (k == 2) {
        float z[4];
        normal4(block(g), z);
        memcpy(o, z, 16);
      } else if (k == 3) {
        uint32_t lane = 4u, ctr = 0u;
        u32x4 buf;
        for (int j = 0; j < 4; j++) o[j] = index_of(g, n, &lane, &buf, &ctr);
      } else if (k == 4) {
        for (uint32_t j = 0; j < 4u; j++) {
          uint32_t off = 4u * g + j, epoch = off / n, pos = off % n;
          u32x4 c = {{epoch, 0u, 0u, STREAM}};
          o[j] = permute_index(philox4x32_10(c, SEED_LO, SEED_HI), n, pos);
        }
      } else {
        float s[4];
        for (uint32_t h = 0; h < 2u; h++) {
          u32x4 v = block(2u * g + h);
          s[2 * h] = stable_cms(uniform_open01(v.v[0]), uniform_open01(v.v[1]), alpha, beta);
          s[2 * h + 1] = stable_cms(uniform_open01(v.v[2]), uniform_open01(v.v[3]), alpha, beta);
        }
        memcpy(o, s, 16);
      }
    }
    double t = now() - t0;
    if (pass == 1) report(t, 4.0 * blocks, (double)out[blocks]);
  }
  return 0;
}
