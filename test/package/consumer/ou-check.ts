/**
 * What a new user's first program does: a GPU context, a 1-D OU ensemble through runEnsemble, and its mean and
 * variance against the exact OU law (z-scores from the run's standard errors). Node and the browser page share it.
 */
import { createGpuContext, type EnsembleResult, type GaussianLaw, ouLaw, runEnsemble } from 'sgd-sde';

export interface OuCheck {
  backend: string;
  adapter: string;
  particles: number;
  mean: number;
  variance: number;
  exact: GaussianLaw;
  zMean: number;
  zVariance: number;
  ok: boolean;
}

export async function checkOu(): Promise<OuCheck> {
  const ctx = await createGpuContext({ label: 'package smoke test' });
  try {
    const theta = 1.5;
    const sigma = 0.8;
    const x0 = 2;
    const dt = 0.05;
    const steps = 20;
    const particles = 65_536;
    const r: EnsembleResult = await runEnsemble(ctx, {
      model: { builtin: 'ou', params: { theta, sigma } },
      scheme: 'exact',
      dt,
      steps,
      particles,
      seed: 7,
      init: { point: x0 },
    });
    const exact = ouLaw(theta, sigma, dt * steps, x0);
    const mean = r.mean[0] as number;
    const variance = (r.cov[0] as number[])[0] as number;
    const zMean = (mean - exact.mean) / (r.meanSE[0] as number);
    const zVariance = (variance - exact.variance) / ((r.covSE[0] as number[])[0] as number);
    const ok = r.status === 'complete' && r.nonFinite === 0 && Math.abs(zMean) < 4 && Math.abs(zVariance) < 4;
    return {
      backend: ctx.backend,
      adapter: ctx.adapterName,
      particles,
      mean,
      variance,
      exact,
      zMean,
      zVariance,
      ok,
    };
  } finally {
    ctx.destroy();
  }
}
