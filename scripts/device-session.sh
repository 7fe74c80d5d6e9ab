#!/bin/bash
# What this project measures on a GPU machine (docs/performance.md, docs/experiments.md, docs/rng.md): prints the
# machine, then
#   bench   `npm run bench`'s runner at GPU sizes with the C, CUDA (CuPy) and PyTorch peers, then --levers --scaling;
#   dieharder [LAG...]   rgb_lagged_sum at the given lags (scripts/dieharder-lags.sh; dieharder in .dh/);
#   experiments   the demo frame, then every available experiment at SCALE (default 16) × its default particles.
# Run from the repository root after `npm run build:node` and `npm run bench` have built dist/ and dist-bench/:
#   bash scripts/device-session.sh bench|dieharder [LAG...]|all [LAG...]|experiments
# Results go to $OUT (default /tmp/device-out).
set -u
out=${OUT:-/tmp/device-out}
mkdir -p "$out"
{
  nvidia-smi -L
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv
  nproc
  gcc --version | head -1
  python3 -c 'import torch, cupy; print("torch", torch.__version__, "cupy", cupy.__version__)'
} >"$out/machine.txt" 2>&1
bench() {
  timeout 200 node dist-bench/main.js --json "$out/bench.json" >"$out/bench.txt" 2>&1
  sed -n '/^benchmark/,$p' "$out/bench.txt"
  timeout 170 node dist-bench/main.js --levers --scaling --json "$out/levers.json" >"$out/levers.txt" 2>&1
  sed -n '/^benchmark/,$p' "$out/levers.txt"
}
dieharder() {
  chmod +x .dh/dieharder
  LD_LIBRARY_PATH=$PWD/.dh DIEHARDER=$PWD/.dh/dieharder timeout 150 bash scripts/dieharder-lags.sh /tmp/dh "$@" >"$out/dieharder.txt"
  grep -E "^#.*dieharder -d|rgb_lagged_sum" "$out/dieharder.txt"
}
experiments() {
  # The demo's frame at 10^6 particles, then every available experiment at SCALE (default 16) times its default
  # particle count, seeds 1 and 2 (sgd-vs-sde first); results are combined after every run, so a cut-off keeps them.
  timeout 60 node dist-bench/main.js --only frame >"$out/frame.txt" 2>&1
  grep -E "^demo frame" "$out/frame.txt"
  node dist/cli.js list --json >/tmp/list.json
  mkdir -p /tmp/exp
  python3 -c 'import json; l=[e for e in json.load(open("/tmp/list.json")) if e.get("available")]; l.sort(key=lambda e: e["name"] != "sgd-vs-sde"); [print(e["name"], e["defaultParticles"]) for e in l]' |
    while read -r name n; do
      for seed in 1 2; do
        timeout 90 node dist/cli.js run "$name" --particles $((n * ${SCALE:-16})) --seed "$seed" --json "/tmp/exp/$name-$seed.json" >"/tmp/exp/$name-$seed.txt" 2>&1
        echo "$name seed $seed N=$((n * ${SCALE:-16})) rc=$?: $(grep -m1 '^verdict' "/tmp/exp/$name-$seed.txt")"
        python3 -c 'import json,glob; json.dump([json.load(open(f)) for f in sorted(glob.glob("/tmp/exp/*.json"))], open("'"$out"'/experiments.json","w"))' 2>/dev/null
      done
    done | tee "$out/experiments.txt"
}
mode=${1:-bench}
shift || true
case "$mode" in
  bench) bench ;;
  dieharder) dieharder "$@" ;;
  experiments) experiments ;;
  all)
    bench
    dieharder "$@"
    ;;
esac
