// Standard alpha-stable variates by the Chambers-Mallows-Stuck method (Chambers, Mallows & Stuck, JASA 71, 1976;
// corrected form of Weron, Stat. Prob. Letters 28, 1996).
//
// Parameterisation: Nolan's S1 (= Samorodnitsky-Taqqu S_alpha(sigma, beta, mu)) with scale sigma = 1 and
// location mu = 0, i.e. characteristic function
//   E exp(itX) = exp(-|t|^alpha (1 - i beta sign(t) tan(pi alpha / 2)))     alpha != 1,
//   E exp(itX) = exp(-|t| (1 + i beta (2/pi) sign(t) log|t|))               alpha = 1.
// This is scipy.stats.levy_stable's default ("S1"). Special cases: alpha = 2 is N(0, 2) (variance 2 sigma^2);
// alpha = 1, beta = 0 is the standard Cauchy law; alpha = 1/2, beta = 1 is the Levy law with scale 1
// (CDF erfc(sqrt(1 / (2x))), x > 0). A variate with scale sigma and location mu is sigma X + mu for alpha != 1,
// sigma X + (2/pi) beta sigma log(sigma) + mu for alpha = 1.
//
// With V = pi (u_angle - 1/2) ~ U(-pi/2, pi/2) and W = -log(u_exp) ~ Exp(1) (neg_log_open01, accurate near 1):
//   alpha != 1:  X = S sin(alpha (V + B)) / cos(V)^(1/alpha) * (cos(V - alpha (V + B)) / W)^((1 - alpha)/alpha),
//                B = atan(beta tan(pi alpha / 2)) / alpha,  S = (1 + beta^2 tan^2(pi alpha / 2))^(1/(2 alpha));
//   alpha == 1:  X = (2/pi) ((pi/2 + beta V) tan V - beta log((pi/2) W cos V / (pi/2 + beta V)));
//   alpha == 2:  X = 2 sqrt(W) sin V (exactly N(0, 2): sqrt(2W) sin V is N(0, 1) by the Box-Muller argument).
// Accuracy on GPUs whose sin/cos are only absolutely accurate (SwiftShader, ~2e-4): every trigonometric argument
// lies in [-pi, pi] by construction; sin and cos near zero (cos V near V = +-pi/2, which makes the heavy tails, and
// tan(pi alpha / 2) near alpha = 1) are taken from a Taylor polynomial accurate to 1e-9 relative, with
// cos V = sin(pi min(u, 1 - u)) and pi/2 + beta V = (pi/2)(1 - beta + 2 beta u) computed without cancellation,
// and the angles of the alpha != 1 formula are expanded around the ends of the range (see stable_cms).
// The product is formed in the log domain so that no factor overflows before the others scale it. Values beyond
// the float32 range (possible for small alpha) are returned as +-inf.
#include "rng/normal.wgsl"

const STABLE_PI: f32 = 3.14159265358979;
const STABLE_HALF_PI: f32 = 1.57079632679490;
const STABLE_MIN_POSITIVE: f32 = 1.17549435e-38;

// sin x for |x| <= pi, relatively accurate near its zeros 0 and +-pi: reflected into [-pi/2, pi/2]
// (sin x = sin(+-pi - x)), then a Taylor polynomial to x^7 below 0.25 (remainder < 5e-10 relative).
fn stable_sin(x: f32) -> f32 {
  var y = x;
  if (y > STABLE_HALF_PI) {
    y = STABLE_PI - y;
  } else if (y < -STABLE_HALF_PI) {
    y = -STABLE_PI - y;
  }
  if (abs(y) < 0.25) {
    let y2 = y * y;
    return y * (1.0 - y2 / 6.0 * (1.0 - y2 / 20.0 * (1.0 - y2 / 42.0)));
  }
  return sin(y);
}

// cos y for |y| <= pi as sin(pi/2 - |y|), relatively accurate near y = +-pi/2.
fn stable_cos(y: f32) -> f32 {
  return stable_sin(STABLE_HALF_PI - abs(y));
}

// Standard S1 alpha-stable S(alpha, beta, 1, 0) from two uniforms in (0, 1). alpha in (0, 2], beta in [-1, 1].
//
// alpha != 1 is evaluated without cancellation near the ends of the angle range, where for |beta| = 1 the
// factors sin(alpha (V + B)) and cos(V - alpha (V + B)) vanish (the edge of the support, or a finite limit): with
// eps the distance of V to its nearer end (eps = pi u or pi (1 - u), exact), the angles are K0 + alpha eps,
// K0 = alpha B - alpha pi/2 (lower end), or K1 - alpha eps, K1 = alpha B + alpha pi/2 (upper end), and their sines
// and cosines come from the addition theorems with
//   sin K0 = |k| s (beta - 1) / R,  cos K0 = sgn(k) (k^2 + beta s^2) / R,
//   sin K1 = |k| s (beta + 1) / R,  cos K1 = sgn(k) (k^2 - beta s^2) / R,
// where s = sin(pi alpha/2), k = cos(pi alpha/2), R = sqrt(k^2 + beta^2 s^2), S = (R / |k|)^(1/alpha)
// (from tan(alpha B) = beta s / k). For beta = +-1 one of sin K0, sin K1 is exactly 0.
fn stable_cms(u_angle: f32, u_exp: f32, alpha: f32, beta: f32) -> f32 {
  let w = neg_log_open01(u_exp);
  let lower = u_angle < 0.5;
  // Distance of V = pi (u - 1/2) to the nearer end of (-pi/2, pi/2); cos V = sin(eps) > 0.
  let eps = STABLE_PI * select(1.0 - u_angle, u_angle, lower);
  let cos_v = stable_sin(eps);
  if (alpha == 2.0) {
    return 2.0 * sqrt(w) * stable_sin(STABLE_PI * (u_angle - 0.5));
  }
  if (alpha == 1.0) {
    let hp = STABLE_HALF_PI * (1.0 - beta + 2.0 * beta * u_angle);
    let tan_v = stable_sin(STABLE_PI * (u_angle - 0.5)) / cos_v;
    if (beta == 0.0) {
      return tan_v;
    }
    return (hp * tan_v - beta * log(STABLE_HALF_PI * w * cos_v / hp)) / STABLE_HALF_PI;
  }
  // s = sin(pi alpha/2), k = cos(pi alpha/2), from d = pi (alpha - 1)/2 in (-pi/2, pi/2): accurate near alpha = 1.
  let d = STABLE_HALF_PI * (alpha - 1.0);
  let s = stable_cos(d);
  let k = -stable_sin(d);
  let r = sqrt(k * k + beta * beta * s * s);
  let ak = abs(k);
  let sk = sign(k);
  // Angle a = alpha (V + B) and b = V - a, as K + t eps.
  var sin_a: f32;
  var cos_b: f32;
  if (lower) {
    let sin_k0 = ak * s * (beta - 1.0) / r;
    let cos_k0 = sk * (k * k + beta * s * s) / r;
    let t = alpha * eps;
    let q = (1.0 - alpha) * eps;
    sin_a = sin_k0 * stable_cos(t) + cos_k0 * stable_sin(t);
    // b = -pi/2 - K0 + (1 - alpha) eps, cos b = -sin(K0 - (1 - alpha) eps).
    cos_b = -(sin_k0 * stable_cos(q) - cos_k0 * stable_sin(q));
  } else {
    let sin_k1 = ak * s * (beta + 1.0) / r;
    let cos_k1 = sk * (k * k - beta * s * s) / r;
    let t = alpha * eps;
    let q = (alpha - 1.0) * eps;
    sin_a = sin_k1 * stable_cos(t) - cos_k1 * stable_sin(t);
    // b = pi/2 - K1 + (alpha - 1) eps, cos b = sin(K1 - (alpha - 1) eps).
    cos_b = sin_k1 * stable_cos(q) - cos_k1 * stable_sin(q);
  }
  let c = max(cos_b, STABLE_MIN_POSITIVE);
  let inv_alpha = 1.0 / alpha;
  let log_mag = inv_alpha * (log(r) - log(ak)) + log(max(abs(sin_a), STABLE_MIN_POSITIVE)) -
    inv_alpha * log(cos_v) + (1.0 - alpha) * inv_alpha * (log(c) - log(w));
  return sign(sin_a) * exp(log_mag);
}

// Two S1 alpha-stable variates from one Philox block: lanes (x, y) and (z, w) give (u_angle, u_exp).
fn stable2(bits: vec4u, alpha: f32, beta: f32) -> vec2f {
  return vec2f(
    stable_cms(uniform_open01(bits.x), uniform_open01(bits.y), alpha, beta),
    stable_cms(uniform_open01(bits.z), uniform_open01(bits.w), alpha, beta),
  );
}
