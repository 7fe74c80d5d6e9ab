// Test kernel: out[i] = philox4x32_10(ctr[i], key[i]) for known-answer and bit-agreement tests.
#include "rng/philox.wgsl"

struct Input {
  ctr: vec4u,
  key: vec2u,
  pad: vec2u,
}

@group(0) @binding(0) var<storage, read> inputs: array<Input>;
@group(0) @binding(1) var<storage, read_write> outputs: array<vec4u>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&inputs)) {
    outputs[i] = philox4x32_10(inputs[i].ctr, inputs[i].key);
  }
}
