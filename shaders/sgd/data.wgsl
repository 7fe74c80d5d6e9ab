// The dataset shared by every particle, and the per-example accessors a loss snippet uses.
// Needs `D` (weight dimension), `ROW` (floats per example row) and `NP` = D(D+1)/2 from the generated
// "sgd/config.wgsl".

// A weight vector (or a gradient) of one particle, kept in registers / function memory.
alias Vec = array<f32, D>;

@group(0) @binding(1) var<storage, read> rows: array<f32>;
@group(0) @binding(2) var<storage, read> problem: array<f32>;

// Value j of example row i.
fn example_value(i: u32, j: u32) -> f32 {
  return rows[i * ROW + j];
}

// Shared constant j of the problem (e.g. the Hessian of the quadratic problem).
fn problem_param(j: u32) -> f32 {
  return problem[j];
}

// Marks both dataset bindings as used by the entry point (a loss snippet need not read `problem`), so every
// kernel has the same binding interface under layout 'auto'.
fn touch_dataset() {
  _ = rows[0];
  _ = problem[0];
}
