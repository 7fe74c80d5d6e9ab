// Test kernel: out[i] = threefry4x32_20(ctr[i], key[i]) for known-answer and bit-agreement tests.
#include "rng/threefry.wgsl"

struct Input {
  ctr: vec4u,
  key: vec4u,
}

@group(0) @binding(0) var<storage, read> inputs: array<Input>;
@group(0) @binding(1) var<storage, read_write> outputs: array<vec4u>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&inputs)) {
    outputs[i] = threefry4x32_20(inputs[i].ctr, inputs[i].key);
  }
}
