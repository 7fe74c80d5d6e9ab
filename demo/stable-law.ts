/**
 * The symmetric α-stable law S_α(γ) in Nolan's S1 parametrization (characteristic function exp(−|γt|^α), the law of
 * `stable_cms` in shaders/rng/stable.wgsl with β = 0), its CDF, and the exact law of the α-stable Euler chain on
 * the quadratic.
 *
 * CDF (Gil-Pelaez): F(z) = ½ + (1/π) ∫₀^∞ sin(z u) e^{−u^α} / u du for the unit scale. With u = v² the integrand
 * 2 sin(z v²) e^{−v^{2α}} / v is smooth at 0 (the u^α kink becomes v^{2α}, 2α > 2), and composite Simpson on
 * v ∈ [0, V] with V = 36^{1/(2α)} (e^{−36} beyond) and a step that resolves the oscillation is accurate to about
 * 1e-9 (checked against scipy.stats.levy_stable, test/fixtures/stable-cdf.json). For |z| > 40 the tail series
 * 1 − F(z) = (1/π) Σ_k (−1)^{k+1} Γ(αk)/k! sin(kπα/2) z^{−αk} (Zolotarev; asymptotic for α > 1) with three terms.
 */

/** Lanczos approximation of Γ(x) for x > 0 (relative error ~1e-15). */
export function gamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = c[0]!;
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

const TAIL_FROM = 40;

/** CDF of the standard symmetric α-stable law (γ = 1), 1 ≤ α ≤ 2. */
export function stableCdf(z: number, alpha: number): number {
  if (!(alpha >= 1 && alpha <= 2)) throw new RangeError(`alpha must be in [1, 2], got ${alpha}`);
  if (z === 0) return 0.5;
  if (alpha === 1) return 0.5 + Math.atan(z) / Math.PI;
  const az = Math.abs(z);
  if (az > TAIL_FROM) {
    let tail = 0;
    let fact = 1;
    for (let k = 1; k <= 3; k++) {
      fact *= k;
      tail +=
        ((-1) ** (k + 1) * gamma(alpha * k) * Math.sin((k * Math.PI * alpha) / 2) * az ** (-alpha * k)) /
        fact;
    }
    tail /= Math.PI;
    return z > 0 ? 1 - tail : tail;
  }
  const V = 36 ** (1 / (2 * alpha));
  // Resolve the oscillation sin(z v²): about 24 points per period at the end of the range, at least 600.
  const freq = 2 * az * V;
  let n = Math.max(600, Math.ceil((freq * V * 24) / (2 * Math.PI)));
  if (n % 2) n++;
  const h = V / n;
  let s = 0;
  for (let i = 1; i <= n; i++) {
    const v = i * h;
    const f = (2 * Math.sin(z * v * v) * Math.exp(-(v ** (2 * alpha)))) / v;
    s += (i === n ? 1 : i % 2 ? 4 : 2) * f;
  }
  // The integrand's limit at v = 0 is 0 (2 z v → 0).
  return 0.5 + (s * h) / 3 / Math.PI;
}

/** A symmetric α-stable law by location and scale. */
export interface StableLaw {
  loc: number;
  scale: number;
}

/**
 * Law after `k` more steps of X ← c X + b S (S standard symmetric α-stable) from loc m and scale γ: a sum of
 * independent symmetric α-stable terms, so loc c^k m and scale (|c|^{kα} γ^α + b^α Σ_{j<k} |c|^{jα})^{1/α}.
 */
export function propagateStableChain(
  law: StableLaw,
  c: number,
  b: number,
  alpha: number,
  k: number,
): StableLaw {
  const r = Math.abs(c) ** alpha;
  const rk = r ** k;
  const geometric = Math.abs(1 - r) < 1e-15 ? k : (1 - rk) / (1 - r);
  return { loc: c ** k * law.loc, scale: (rk * law.scale ** alpha + b ** alpha * geometric) ** (1 / alpha) };
}
