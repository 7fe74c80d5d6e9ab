// Lower Cholesky factor of a symmetric positive semi-definite matrix, in place on the packed lower triangle
// (needs "sgd/full.wgsl" for Packed and tri). A pivot d_j = A_jj - sum_{k<j} L_jk^2 at or below
// PSD_PIVOT_TOL * max_i A_ii is treated as an exact zero and its column is set to zero: for a semi-definite
// A (rank-deficient gradient covariance, e.g. fewer examples than dimensions) this gives L L^T = A up to terms of
// that relative size, where plain Cholesky would take the square root of a rounding error or of a negative.

const PSD_PIVOT_TOL: f32 = 1e-6;

fn cholesky_psd(m: ptr<function, Packed>) {
  var max_diag = 0.0;
  for (var a = 0u; a < D; a++) {
    max_diag = max(max_diag, (*m)[tri(a, a)]);
  }
  let tol = PSD_PIVOT_TOL * max_diag;
  for (var j = 0u; j < D; j++) {
    var djj = (*m)[tri(j, j)];
    for (var k = 0u; k < j; k++) {
      djj -= (*m)[tri(j, k)] * (*m)[tri(j, k)];
    }
    if (djj <= tol) {
      for (var i = j; i < D; i++) {
        (*m)[tri(i, j)] = 0.0;
      }
      continue;
    }
    let ljj = sqrt(djj);
    (*m)[tri(j, j)] = ljj;
    for (var i = j + 1u; i < D; i++) {
      var s = (*m)[tri(i, j)];
      for (var k = 0u; k < j; k++) {
        s -= (*m)[tri(i, k)] * (*m)[tri(j, k)];
      }
      (*m)[tri(i, j)] = s / ljj;
    }
  }
}

// out = scale * L z for a packed lower-triangular L.
fn lower_mul(l: ptr<function, Packed>, z: ptr<function, Vec>, scale: f32, out: ptr<function, Vec>) {
  for (var a = 0u; a < D; a++) {
    var s = 0.0;
    for (var b = 0u; b <= a; b++) {
      s += (*l)[tri(a, b)] * (*z)[b];
    }
    (*out)[a] = scale * s;
  }
}
