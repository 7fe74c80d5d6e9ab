/**
 * TypeScript reference of `shaders/rng/index.wgsl`: a sequential word stream over Philox4x32-10 blocks and
 * Lemire's unbiased integers in [0, n). Bit-identical to the WGSL.
 */
import { mulhi32, philox4x32_10Into } from './philox.js';

/** The words of blocks (b_lo, b_hi, particle, stream), b = b0, b0 + 1, … under key (seed_lo, seed_hi). */
export class RngStream {
  private readonly buf = new Uint32Array(4);
  private lane = 4;
  private bLo: number;
  private bHi: number;

  /** Starts at 64-bit block `block` = [lo, hi]; see {@link rngStreamStep} for the mini-batch convention. */
  constructor(
    readonly seed: readonly [number, number],
    readonly particle: number,
    readonly stream: number,
    block: readonly [number, number] = [0, 0],
  ) {
    this.bLo = block[0] >>> 0;
    this.bHi = block[1] >>> 0;
  }

  /** Next 32-bit word (`rng_next_u32`). */
  nextU32(): number {
    if (this.lane >= 4) {
      philox4x32_10Into(this.bLo, this.bHi, this.particle, this.stream, this.seed[0], this.seed[1], this.buf);
      this.bLo = (this.bLo + 1) >>> 0;
      if (this.bLo === 0) this.bHi = (this.bHi + 1) >>> 0;
      this.lane = 0;
    }
    return this.buf[this.lane++]!;
  }
}

/** The stream of (particle, step) under the mini-batch convention: first block (0, step) (`rng_stream_step`). */
export function rngStreamStep(
  seed: readonly [number, number],
  particle: number,
  stream: number,
  step: number,
): RngStream {
  return new RngStream(seed, particle, stream, [0, step]);
}

/**
 * Uniform integer in [0, n) by Lemire's multiply-shift with rejection (ACM TOMACS 29(1), 2019): word x is
 * accepted when the low word of x·n is at least 2^32 mod n, and the high word is returned (`uniform_index`).
 */
export function uniformIndex(s: RngStream, n: number): number {
  const threshold = (2 ** 32 - n) % Math.max(n, 1);
  for (;;) {
    const x = s.nextU32();
    if (Math.imul(x, n) >>> 0 >= threshold) return mulhi32(x, n);
  }
}
