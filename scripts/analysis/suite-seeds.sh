#!/bin/bash
# Pass rates over many seeds: runs `sgd-sde suite` at the default sizes once per seed FIRST..LAST (one JSON per seed
# under OUT), stopping after SECONDS; summarise with `python3 scripts/analysis/suite_pass_rates.py OUT/*.json`.
#   bash scripts/analysis/suite-seeds.sh OUT FIRST LAST [SECONDS=270] [--quick]
set -u
out=$1 first=$2 last=$3 budget=${4:-270}
shift 4 2>/dev/null || shift $#
mkdir -p "$out"
end=$((SECONDS + budget))
for ((s = first; s <= last && SECONDS < end; s++)); do
  timeout $((end - SECONDS + 5)) node dist/cli.js suite --seed "$s" "$@" --json "$out/seed-$s.json" >/dev/null 2>&1
  echo "seed $s rc=$? at ${SECONDS}s"
done
