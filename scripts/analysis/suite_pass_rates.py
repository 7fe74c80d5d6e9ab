"""Pass rates per experiment and per check over the seeds of scripts/analysis/suite-seeds.sh.

    python3 scripts/analysis/suite_pass_rates.py DIR/*.json

Reads suite JSON files, or the compact form of docs/results/suite-seeds-3-81-h200.json (checks as
[name, theory, estimate, se, verdict]).
"""
import json
import sys
from collections import defaultdict

runs = defaultdict(list)
for p in sys.argv[1:]:
    try:
        doc = json.load(open(p))
    except (OSError, ValueError):
        continue
    for r in doc['results']:
        r['checks'] = [
            c if isinstance(c, dict) else dict(zip(('name', 'theory', 'estimate', 'se', 'verdict'), c))
            for c in r['checks']
        ]
        runs[r['experiment']].append(r)
for e, rs in runs.items():
    v = defaultdict(int)
    for r in rs:
        v[r['verdict']] += 1
    print(f"{e}: {len(rs)} seeds, N = {rs[0]['n']}: pass {v['pass']}, unresolved {v['unresolved']}, fail {v['fail']}")
    checks = defaultdict(lambda: defaultdict(int))
    for r in rs:
        for c in r['checks']:
            checks[c['name']][c['verdict']] += 1
    for name, cv in checks.items():
        if cv['pass'] < len(rs):
            print(f"    {name}: pass {cv['pass']}, unresolved {cv['unresolved']}, fail {cv['fail']}")
