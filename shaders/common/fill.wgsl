// Sets every element of a float buffer to one value (the initial state of a point-mass ensemble).
#include "common/grid.wgsl"

struct FillParams {
  count: u32,
  value: f32,
}

@group(0) @binding(0) var<uniform> params: FillParams;
@group(0) @binding(1) var<storage, read_write> data: array<f32>;

override WG_SIZE: u32 = 64u;

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = flat_index(wid, nwg, lid, WG_SIZE);
  if (i < params.count) {
    data[i] = params.value;
  }
}
