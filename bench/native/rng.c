/* Peer of the generator fill (shaders/rng/fill_normals.wgsl): out[4b + j] = lane j of block (b, 0, 0, 0),
 * as uniforms on (0, 1) or Box-Muller normals.  usage: rng philox|threefry normal|uniform BLOCKS */
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  gen_t g = make_gen(argv[1], 42);
  int normal = strcmp(argv[2], "normal") == 0;
  long blocks = atol(argv[3]);
  float *out = malloc(sizeof(float) * 4 * blocks);
  memset(out, 0, sizeof(float) * 4 * blocks);
  for (int pass = 0; pass < 2; pass++) {
    double t0 = start_timer();
#pragma omp parallel for schedule(static)
    for (long b = 0; b < blocks; b++) {
      u32x4 bits = gen_block(&g, (uint32_t)b, 0, 0, 0);
      if (normal) {
        normal4(bits, out + 4 * b);
      } else {
        for (int j = 0; j < 4; j++) out[4 * b + j] = uniform_open01(bits.v[j]);
      }
    }
    double t = now() - t0;
    if (pass == 1) report(t, 4.0 * blocks, out[blocks]);
  }
  return 0;
}
