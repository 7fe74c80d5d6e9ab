#!/bin/bash
# dieharder's rgb_lagged_sum (-d 203) at the given lags on the GPU stream, one dieharder per lag in parallel, each
# reading raw uint32 from its own stream of `sgd-sde rng` (--stream = the lag, so no two tests share values).
# The same tests and sizes as in `dieharder -a` (tsamples 10^6, psamples 100). Needs dist/ (npm run build:node).
#   usage: scripts/dieharder-lags.sh OUTDIR LAG...   (env: SEED, default 20261126; DIEHARDER, default dieharder)
set -u
out=$1
shift
seed=${SEED:-20261126}
dh=${DIEHARDER:-dieharder}
mkdir -p "$out"
for lag in "$@"; do
  (
    node dist/cli.js rng --kind uint32 --count inf --seed "$seed" --stream "$lag" --format bin --out - |
      "$dh" -d 203 -n "$lag" -g 200 >"$out/lag$lag.txt" 2>&1
  ) &
done
wait
for lag in "$@"; do
  echo "# node dist/cli.js rng --kind uint32 --count inf --seed $seed --stream $lag --format bin --out - | dieharder -d 203 -n $lag -g 200"
  cat "$out/lag$lag.txt"
done
