/** One line of `npm run bench`: a measured rate beside a peer measured in the same run. */
export interface BenchRow {
  /** What was measured, e.g. `fused EM, 1-D OU, Philox`. */
  name: string;
  /** Unit of `value` and `peerValue`, e.g. `G particle-steps/s`, `G normals/s`, `GB/s`. */
  unit: string;
  /** Median over repeated runs after warm-up. */
  value: number;
  /** The peer's name, e.g. `C -O3 OpenMP (2 threads)`; absent when no peer exists on this machine. */
  peer?: string;
  peerValue?: number;
  /** value / peerValue */
  ratio?: number;
  /** Problem size, timing method (timestamp-query or wall clock), anything needed to read the row. */
  note?: string;
}

/** A benchmark module: `bench/<area>.ts` exports one of these as `bench`. */
export type BenchModule = (options: { quick: boolean }) => Promise<BenchRow[]>;
