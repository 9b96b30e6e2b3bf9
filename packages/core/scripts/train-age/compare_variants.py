#!/usr/bin/python3
"""Compares age-head training variants with the runtime's full gate rule, on one fixed utk-train hold-out.

    python3 packages/core/scripts/train-age/compare_variants.py --features DIR [--holdout-sources utk-orig,utk-grey,utk-old]
        --variant NAME:TRAIN_SOURCES:BLOCKS[:FOCUS[:TAU]] [--variant ...]

For each variant the head is trained (train_head.train, seeded) on the training images' rows of TRAIN_SOURCES, then
calibrate-gate.ts's two steps are applied on the hold-out rows of --holdout-sources (the same hold-out images for every
variant, holdout_split.py): the blend of head and face-api with the lowest colour hold-out MAE, then the gate candidate
(weak factor x base sigma x disagreement weight, z = the smallest value letting <= 0.5 % hold-out minor rows PASS, + 0.25)
holding back the fewest hold-out adults 25+. The criterion (fixed before the runs): hold-out adults held, then colour
MAE. ages.jsonl and fgnet-full.jsonl (test sets) are scored for the report only.
"""
import argparse
import json
import math
import os

import numpy as np
import torch

import train_head as th
from holdout_split import SEED, holdout_files

HEAD_WEIGHTS = [1, 0.75, 0.5, 0.25, 0]
WEAK_FACTORS = [1, 1.25, 1.5]
BASE_SIGMAS = [0.5, 1, 1.5, 2, 2.5]
DISAGREEMENTS = [0, 0.1, 0.25, 0.5, 1]


def spread(med, lo, fa, dis):
    s = np.maximum(med - lo, 0) / 1.6449
    return np.sqrt(s * s + dis * (med - fa) ** 2)


def weak_of(x):
    return (x[:, 10] > 0.5) | (np.expm1(x[:, 11]) < th.BLUR_SHARPNESS)


def figures(est, u, y, z):
    r = np.where(est - z * u >= 21, 'PASS', np.where(est <= 16, 'FAIL', 'REVIEW'))
    minors, adults = y < 18, y >= 25
    return {'mae': round(float(np.mean(np.abs(np.round(est) - y))), 2),
            'minorsPass': int(np.sum((r == 'PASS') & minors)), 'minors': int(minors.sum()),
            'adultsHeld': int(np.sum((r != 'PASS') & adults)), 'adults': int(adults.sum())}


def gate(med, lo, x, y, variant):
    fa = x[:, th.VIEW_MEAN]
    orig = variant == 'orig'
    mae = lambda w: float(np.mean(np.abs(np.round(w * med[orig] + (1 - w) * fa[orig]) - y[orig])))
    w = min(HEAD_WEIGHTS, key=lambda w: (mae(w), -w))
    est = w * med + (1 - w) * fa
    weak = weak_of(x)
    minors = y < 18
    allowed = int(math.floor(0.005 * minors.sum()))
    best = None
    for wf in WEAK_FACTORS:
        for bs in BASE_SIGMAS:
            for dis in DISAGREEMENTS:
                u = np.sqrt(bs ** 2 + spread(med, lo, fa, dis) ** 2) * np.where(weak, wf, 1.0)
                need = np.sort((est[minors] - 21) / u[minors])[::-1]
                z = round(max(0.0, float(need[allowed])) + 0.25, 2)
                f = figures(est, u, y, z)
                key = (f['adultsHeld'], f['minorsPass'])
                if best is None or key < best[0]:
                    best = (key, {'headWeight': w, 'weakFactor': wf, 'baseSigma': bs, 'disagreement': dis, 'z': z}, f)
    return best[1], best[2]


def apply(g, med, lo, x, y):
    fa = x[:, th.VIEW_MEAN]
    est = g['headWeight'] * med + (1 - g['headWeight']) * fa
    u = np.sqrt(g['baseSigma'] ** 2 + spread(med, lo, fa, g['disagreement']) ** 2) * np.where(weak_of(x), g['weakFactor'], 1.0)
    return figures(est, u, y, g['z'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--features', required=True)
    ap.add_argument('--holdout-sources', default='utk-orig,utk-grey,utk-old')
    ap.add_argument('--variant', action='append', required=True)
    ap.add_argument('--hidden', type=int, default=32)
    ap.add_argument('--wd', type=float, default=1e-2)
    a = ap.parse_args()
    torch.set_num_threads(1)
    cache = {}
    src = lambda s: cache.setdefault(s, th.load(os.path.join(a.features, f'{s}.jsonl')))
    hold = holdout_files(src('utk-orig'))
    for spec in a.variant:
        name, train_sources, blocks, *rest = spec.split(':')
        focus = float(rest[0]) if rest else 0.0
        th.TAU_LO = float(rest[1]) if len(rest) > 1 else 0.05
        np.random.seed(SEED)
        torch.manual_seed(SEED)
        use_penult = 'penult' in blocks.split(',')
        dims = th.DIMS + (th.PENULT_DIMS if use_penult else 0)
        bl = {'views': range(0, 10), 'quality': range(10, 18), 'mbf': range(18, 146), 'dlib': range(146, 274),
              'penult': range(th.DIMS, th.DIMS + th.PENULT_DIMS)}
        cols = np.zeros(dims, dtype=np.float32)
        for b in blocks.split(','):
            cols[list(bl[b])] = 1.0
        arr = lambda rs: (np.array([r['features'] + (r['penult'] if use_penult else []) for r in rs], dtype=np.float32),
                          np.array([r['age'] for r in rs], dtype=np.float32))
        tr = [r for s in train_sources.split(',') for r in src(s) if r['file'] not in hold]
        ho = [r for s in a.holdout_sources.split(',') for r in src(s) if r['file'] in hold]
        xtr, ytr = arr(tr)
        xho, yho = arr(ho)
        vho = np.array([r['variant'] for r in ho])
        head = th.train(xtr, ytr, cols, a.hidden, a.wd, SEED, 1 + focus * np.exp(-((ytr - 21) / 6) ** 2))
        med, lo = th.predict(head, xho)
        g, f = gate(med, lo, xho, yho, vho)
        out = {'variant': name, 'train': train_sources, 'blocks': blocks, 'focus': focus, 'tau': th.TAU_LO, 'trainRows': len(tr), 'gate': g, 'holdout': f,
               'holdoutColour': apply(g, med[vho == 'orig'], lo[vho == 'orig'], xho[vho == 'orig'], yho[vho == 'orig'])}
        for v in sorted(set(vho) - {'orig'}):
            sel = vho == v
            out[f'holdout-{v}'] = apply(g, med[sel], lo[sel], xho[sel], yho[sel])
        for t in ('ages', 'fgnet-full'):
            rs = th.load(os.path.join(a.features, f'{t}.jsonl'))
            if rs:
                x, y = arr(rs)
                m, l = th.predict(head, x)
                out[t] = apply(g, m, l, x, y)
        print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
