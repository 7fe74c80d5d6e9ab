"""Markdown tables for docs/experiments.md from `sgd-sde suite --seeds 1,2 --json FILE` results.

    python3 scripts/analysis/suite_tables.py FILE.json [FILE2.json ...]

Prints, per experiment, one row per check with each seed's measured value [CI] and verdict side by side, then a
line per experiment with N, the verdict and the seconds of each seed. Numbers are the JSON's, with 4 significant
digits (the suite table's own formatting may show more or fewer).
"""
import json
import sys


def fmt(x):
    if x is None:
        return '—'
    if isinstance(x, float) and x != x:
        return '—'
    return '%.4g' % x


def main(paths):
    results = []
    for p in paths:
        doc = json.load(open(p))
        results += doc['results'] if isinstance(doc, dict) else doc
    order = []
    by = {}
    for r in results:
        if r['experiment'] not in by:
            order.append(r['experiment'])
            by[r['experiment']] = {}
        by[r['experiment']][r['seed']] = r
    seeds = sorted({r['seed'] for r in results})
    head = ' | '.join(f'seed {s}: measured [CI] | verdict' for s in seeds)
    print(f'| experiment | check | theory | tol | {head} |')
    print('|---|---|---|---|' + '---|---|' * len(seeds))
    for e in order:
        first = by[e][seeds[0]]
        for i, c in enumerate(first['checks']):
            cells = []
            for s in seeds:
                cs = by[e].get(s, {}).get('checks', [])
                m = next((x for x in cs if x['name'] == c['name']), None)
                if m is None:
                    cells.append('— | —')
                else:
                    cells.append(f"{fmt(m['estimate'])} [{fmt(m['ci'][0])}, {fmt(m['ci'][1])}] | {m['verdict']}")
            name = e if i == 0 else ''
            print(f"| {name} | {c['name']} | {fmt(c['theory'])} | ±{fmt(c['tolerance'])} | {' | '.join(cells)} |")
    print()
    for e in order:
        parts = [f"seed {s}: **{by[e][s]['verdict']}**, {by[e][s]['seconds']:.1f} s" for s in seeds if s in by[e]]
        print(f"- {e}: N = {by[e][seeds[0]]['n']}; " + '; '.join(parts))
    total = sum(r['seconds'] for r in results)
    print(f'- total {total:.0f} s of experiment time')


if __name__ == '__main__':
    main(sys.argv[1:])
