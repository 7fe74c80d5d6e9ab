// Shared declarations of the engine's kernels. The host prepends `engine/config.wgsl` (generated): DIM, NOISE_DIM,
// the parameter offsets PARAM_*, and the noise-kind switches. State layout in a chunk (structure of arrays, for
// coalesced access): component c of local particle i is at c * capacity + i.

alias State = array<f32, DIM>;
alias NoiseMatrix = array<f32, DIM * NOISE_DIM>;

// The model's parameter block (host-updatable between dispatches).
@group(0) @binding(3) var<storage, read> model_params: array<f32>;

fn param(i: u32) -> f32 {
  return model_params[i];
}

fn f32_is_finite(v: f32) -> bool {
  // Exponent bits all ones means Inf or NaN.
  return (bitcast<u32>(v) & 0x7F800000u) != 0x7F800000u;
}

fn state_is_finite(x: State) -> bool {
  var ok = true;
  for (var c = 0u; c < DIM; c++) {
    ok = ok && f32_is_finite(x[c]);
  }
  return ok;
}
