// Benchmark kernel: 8-D Ornstein-Uhlenbeck dX = -A X dt + S dB with full 8 x 8 matrices, Euler-Maruyama
//   X_{k+1} = X_k - h A X_k + sqrt(h) S Z_k,   Z_k = normal4 of blocks (2k, 0, p, s) and (2k + 1, 0, p, s),
//   s = RNG_STREAM_DYNAMICS.
// The 8-vectors are pairs of vec4f; A and S are 2 x 2 grids of mat4x4f blocks (row block, column block).
#include "common/grid.wgsl"
#include "rng/normal.wgsl"
#include "rng/streams.wgsl"
#if THREEFRY
#include "rng/threefry.wgsl"
#else
#include "rng/philox.wgsl"
#endif

struct Params {
  // a[2 r + c] is block (r, c) of A; s likewise for S.
  a: array<mat4x4f, 4>,
  s: array<mat4x4f, 4>,
  h: f32,
  sqrt_h: f32,
  count: u32,
  step0: u32,
  steps: u32,
  seed_lo: u32,
  seed_hi: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> state: array<vec4f>;

override WG_SIZE: u32 = 64u;

fn block(p: u32, b: u32) -> vec4f {
#if THREEFRY
  return normal4(threefry4x32_20(vec4u(b, 0u, p, RNG_STREAM_DYNAMICS), vec4u(params.seed_lo, params.seed_hi, 0u, 0u)));
#else
  return normal4(philox4x32_10(vec4u(b, 0u, p, RNG_STREAM_DYNAMICS), vec2u(params.seed_lo, params.seed_hi)));
#endif
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i >= params.count) {
    return;
  }
  let a = params.a;
  let s = params.s;
  var x1 = state[2u * i];
  var x2 = state[2u * i + 1u];
  let end = params.step0 + params.steps;
  for (var k = params.step0; k < end; k++) {
    let z1 = block(i, 2u * k);
    let z2 = block(i, 2u * k + 1u);
    let y1 = x1 - params.h * (a[0] * x1 + a[1] * x2) + params.sqrt_h * (s[0] * z1 + s[1] * z2);
    let y2 = x2 - params.h * (a[2] * x1 + a[3] * x2) + params.sqrt_h * (s[2] * z1 + s[3] * z2);
    x1 = y1;
    x2 = y2;
  }
  state[2u * i] = x1;
  state[2u * i + 1u] = x2;
}
