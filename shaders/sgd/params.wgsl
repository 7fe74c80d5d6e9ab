// Uniform parameters of the SGD and SGD-SDE stepping kernels (layout mirrored by src/sgd/ensemble.ts).

struct StepParams {
  particles: u32,
  examples: u32,
  batch: u32,
  // First step of this dispatch (global step index) and the number of steps to take.
  step0: u32,
  steps: u32,
  seed_lo: u32,
  seed_hi: u32,
  // SDE: Euler-Maruyama / Heun substeps per SGD step (h = lr / substeps).
  substeps: u32,
  // SGD: the step size of one update (eta, or eta / l for SVAG); SDE: eta.
  lr: f32,
  // SVAG weights of the two independent batches, (1 + sqrt(2l - 1)) / 2 and (1 - sqrt(2l - 1)) / 2.
  svag_a: f32,
  svag_b: f32,
  // Without replacement: ceil(examples / batch) batches per epoch.
  steps_per_epoch: u32,
}

@group(0) @binding(0) var<uniform> params: StepParams;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;

// Random streams of the SGD particles (rng/streams.wgsl): batch indices RNG_STREAM_BATCH_INDEX, SVAG's second
// batch RNG_STREAM_SGD_BATCH2, epoch permutations permutation_key, Gaussian noise RNG_STREAM_SGD_NOISE; see docs/sgd.md.

fn load_state(p: u32, w: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    (*w)[a] = state[p * D + a];
  }
}

fn store_state(p: u32, w: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    state[p * D + a] = (*w)[a];
  }
}
