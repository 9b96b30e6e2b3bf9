#!/usr/bin/python3
"""Trains Provefy's age head on frozen features and calibrates the 18+ gate and the document age bands.

    python3 packages/core/scripts/train-age/train_head.py --features DIR [--out packages/models-compact/weights] \
        [--calibration packages/core/src/age/calibration] [--report DIR]

DIR holds the JSON lines written by extract-features.ts: utk-orig.jsonl and the other UTK_SOURCES named by
--train-sources and --holdout-sources (default utk-orig and utk-grey) are the training data (utk-train, UTKFace);
ages.jsonl and fgnet-full.jsonl (the test sets) are only scored for the report, never used to choose anything.
Everything is seeded: the same features give the same ONNX bytes up to float rounding of the CPU's BLAS.
"""
import argparse
import hashlib
import json
import math
import os
import random

import numpy as np
import torch
from torch import nn

from holdout_split import SEED, holdout_files

TAU_LO = 0.05           # the head's lower quantile
BASE_SIGMA = 2.0        # packages/core/src/age/uncertainty.ts BASE_AGE_SIGMA
WEAK_FACTOR = 1.5       # WEAK_EVIDENCE_FACTOR
BLUR_SHARPNESS = 120.0  # BLUR_SHARPNESS
MIN_AGE, PASS_MARGIN, FAIL_MARGIN = 18, 3, 2
BAND_EDGES = [0, 13, 18, 25, 35, 45, 55, 65, 200]
BAND_Q = (0.025, 0.975)
N_MODELS = 3
EPOCHS = int(os.environ.get('AGE_HEAD_EPOCHS', '100'))
DIMS = 274
VIEW_MEAN = 8
# Ablation only: '1' = the head's spread alone (without the base sigma and the weak-evidence factor).
PLAIN_U = os.environ.get('AGE_HEAD_PLAIN_U', '0')
# utk-train feature files: colour, greyscale of the even / odd items (--every 2 [--offset 1]), and the blurred-scan
# look (greyscale, 40 % resolution, enlarged back) of every third item; utk-old: extract-features.ts's `old` look
# (greyscale or faded, low contrast, shrunk, blurred, grain, JPEG) of the odd items.
PENULT_DIMS = 512  # face-api age net's pooled features (extract-features.ts --penult), the `penult` block
UTK_SOURCES = ('utk-orig', 'utk-grey', 'utk-grey-odd', 'utk-scan', 'utk-old')


def load(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r['features'] is not None:
                out.append(r)
    return out


class Member(nn.Module):
    def __init__(self, dims, hidden):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dims, hidden), nn.ReLU(), nn.Dropout(0.2), nn.Linear(hidden, 2))

    def forward(self, z):
        return self.net(z)


class AgeHead(nn.Module):
    """[N, 274] features -> [N, 2]: median age and its 5 % quantile, in years. Normalisation is inside."""

    def __init__(self, mu, sd, members, cols):
        super().__init__()
        self.register_buffer('mu', torch.tensor(mu, dtype=torch.float32))
        self.register_buffer('sd', torch.tensor(sd, dtype=torch.float32))
        self.register_buffer('mask', torch.tensor(cols, dtype=torch.float32))
        self.members = nn.ModuleList(members)

    def forward(self, x):
        z = (x - self.mu) / self.sd * self.mask
        outs = [m(z) for m in self.members]
        o = torch.stack(outs, 0).mean(0)
        med = x[:, VIEW_MEAN] + 10.0 * o[:, 0]
        lo = med - 0.5 - 5.0 * nn.functional.softplus(o[:, 1])
        return torch.stack([med, lo], 1)


def pinball(pred, y, tau, w):
    d = y - pred
    return (torch.maximum(tau * d, (tau - 1) * d) * w).sum() / w.sum()


def train(xtr, ytr, cols, hidden, wd, seed, weights=None):
    mu = xtr.mean(0)
    sd = xtr.std(0) + 1e-6
    members = []
    for k in range(N_MODELS):
        torch.manual_seed(seed + k)
        m = Member(len(cols), hidden)
        members.append(m)
    head = AgeHead(mu, sd, members, cols)
    X = torch.tensor(xtr, dtype=torch.float32)
    Y = torch.tensor(ytr, dtype=torch.float32)
    W = torch.tensor(weights if weights is not None else np.ones(len(ytr)), dtype=torch.float32)
    for k, m in enumerate(members):
        g = torch.Generator().manual_seed(seed + 100 + k)
        single = AgeHead(mu, sd, [m], cols)
        opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=wd)
        n = len(X)
        for ep in range(EPOCHS):
            perm = torch.randperm(n, generator=g)
            for i in range(0, n, 256):
                idx = perm[i:i + 256]
                xb = X[idx]
                # noise in normalised units: feature-level augmentation
                xb = xb + torch.randn(xb.shape, generator=g) * torch.tensor(sd, dtype=torch.float32) * 0.1 * single.mask
                out = single(xb)
                loss = pinball(out[:, 0], Y[idx], 0.5, W[idx]) + pinball(out[:, 1], Y[idx], TAU_LO, W[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
    head.eval()
    return head


def predict(head, x):
    with torch.no_grad():
        o = head(torch.tensor(x, dtype=torch.float32)).numpy()
    return o[:, 0], o[:, 1]


def uncertainty(med, lo, x, weak_factor=WEAK_FACTOR):
    """estimate-age.ts's uncertainty: base sigma and the head's spread, times weak_factor for greyscale or blurred faces
    (1 = the head's own spread, learned on the grey and scan looks, is trusted as it is)."""
    s = np.maximum(med - lo, 0) / 1.6449
    if PLAIN_U == '1':
        return np.maximum(s, 0.5)
    u = np.sqrt(BASE_SIGMA ** 2 + s ** 2)
    weak = (x[:, 10] > 0.5) | (np.expm1(x[:, 11]) < BLUR_SHARPNESS)
    return np.where(weak, u * weak_factor, u)


def decide(med, u, z):
    return np.where(med - z * u >= MIN_AGE + PASS_MARGIN, 'PASS', np.where(med <= MIN_AGE - FAIL_MARGIN, 'FAIL', 'REVIEW'))


def gate_figures(med, u, y, z):
    r = decide(med, u, z)
    minors = y < MIN_AGE
    adults = y >= 25
    return {
        'mae': float(np.mean(np.abs(np.round(med) - y))),
        'minorsPass': int(np.sum((r == 'PASS') & minors)), 'minors': int(minors.sum()),
        'adultsHeld': int(np.sum((r != 'PASS') & adults)), 'adults': int(adults.sum()),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--features', required=True)
    ap.add_argument('--out', default='packages/models-compact/weights')
    ap.add_argument('--calibration', default='packages/core/src/age/calibration')
    ap.add_argument('--report', default=None)
    ap.add_argument('--hidden', type=int, default=32)
    ap.add_argument('--wd', type=float, default=1e-2)
    ap.add_argument('--blocks', default='views,quality,mbf,dlib')
    ap.add_argument('--z-margin', type=float, default=0.25)
    ap.add_argument('--minor-pass-rate', type=float, default=0.005)
    ap.add_argument('--train-sources', default='utk-orig,utk-grey',
                    help='feature files (of UTK_SOURCES) whose training-side rows are trained on')
    ap.add_argument('--holdout-sources', default='utk-orig,utk-grey',
                    help='feature files (of UTK_SOURCES) whose hold-out rows calibrate the gate and score the variants')
    ap.add_argument('--weak-factor', type=float, default=WEAK_FACTOR,
                    help='widening of the uncertainty of greyscale or blurred faces (1 = the head\'s own spread); '
                         'estimate-age.ts applies WEAK_EVIDENCE_FACTOR, so only that value can be exported')
    ap.add_argument('--no-export', action='store_true')
    ap.add_argument('--focus', type=float, default=0.0,
                    help='extra loss weight on ages 12-30 (w = 1 + focus * exp(-((age - 21) / 6)^2)); 0 = uniform')
    a = ap.parse_args()
    if a.weak_factor != WEAK_FACTOR and not a.no_export:
        ap.error(f'--weak-factor {a.weak_factor}: estimate-age.ts applies {WEAK_FACTOR}; compare other values with --no-export only')
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    blocks = {'views': range(0, 10), 'quality': range(10, 18), 'mbf': range(18, 146), 'dlib': range(146, 274),
              'penult': range(DIMS, DIMS + PENULT_DIMS)}
    use_penult = 'penult' in a.blocks.split(',')
    dims = DIMS + (PENULT_DIMS if use_penult else 0)
    cols = np.zeros(dims, dtype=np.float32)
    for b in a.blocks.split(','):
        cols[list(blocks[b])] = 1.0

    # The split is by image (the same hold-out images whatever is trained on); --train-sources give the training
    # rows, --holdout-sources the hold-out rows the gate is calibrated and variants are compared on.
    wanted = sorted(set(a.train_sources.split(',')) | set(a.holdout_sources.split(',')) | {'utk-orig'})
    for s in wanted:
        if s not in UTK_SOURCES:
            ap.error(f'unknown feature source {s!r}; known: {", ".join(UTK_SOURCES)}')
    sources = {s: load(os.path.join(a.features, f'{s}.jsonl')) for s in wanted}
    for s in wanted:
        if not sources[s]:
            ap.error(f'{os.path.join(a.features, s + ".jsonl")} is missing or has no face')
    hold = holdout_files(sources['utk-orig'])  # load() keeps only rows with features
    tr = [r for s in a.train_sources.split(',') for r in sources[s] if r['file'] not in hold]
    ho = [r for s in a.holdout_sources.split(',') for r in sources[s] if r['file'] in hold]
    arr = lambda rs: (np.array([r['features'] + (r['penult'] if use_penult else []) for r in rs], dtype=np.float32),
                      np.array([r['age'] for r in rs], dtype=np.float32))
    xtr, ytr = arr(tr)
    xho, yho = arr(ho)
    vho = np.array([r['variant'] for r in ho])
    print(f'train {len(tr)} rows ({a.train_sources}), hold-out {len(ho)} rows ({len(hold)} images: '
          f'{", ".join(f"{v} {int(np.sum(vho == v))}" for v in sorted(set(vho)))}); blocks {a.blocks}')

    head = train(xtr, ytr, cols, a.hidden, a.wd, SEED, 1 + a.focus * np.exp(-((ytr - 21) / 6) ** 2))
    med, lo = predict(head, xho)
    u = uncertainty(med, lo, xho, a.weak_factor)
    orig = vho == 'orig'
    base_mae = float(np.mean(np.abs(np.round(xho[orig, VIEW_MEAN]) - yho[orig])))
    print(f'hold-out MAE (orig): head {np.mean(np.abs(np.round(med[orig]) - yho[orig])):.2f}, face-api 8 views {base_mae:.2f}; '
          f'5% quantile coverage {np.mean(yho < lo):.3f}')

    # The gate: the smallest z that lets at most MINOR_PASS_RATE of hold-out minors (colour and greyscale) PASS, plus
    # a margin. UTKFace's ages are noisy (some 'minors' are labelled adults and vice versa), so demanding zero on it
    # would be set by a single mislabelled photo; the test sets, not used here, must then show zero.
    minors = yho < MIN_AGE
    need = np.sort((med[minors] - (MIN_AGE + PASS_MARGIN)) / u[minors])[::-1]
    allowed = int(math.floor(a.minor_pass_rate * minors.sum()))
    z_min = max(0.0, float(need[allowed])) if minors.any() else 0.0
    z = round(z_min + a.z_margin, 2)
    for zz in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, z):
        print(f'  z {zz:.2f}: hold-out {json.dumps(gate_figures(med, u, yho, zz))}')
    print(f'gate: z_min {z_min:.3f} (at most {allowed} of {int(minors.sum())} hold-out minors) -> z {z}')
    hold_fig = {'all': gate_figures(med, u, yho, z), 'orig': gate_figures(med[orig], u[orig], yho[orig], z)}
    print('hold-out', json.dumps(hold_fig))
    for v in sorted(set(vho)):
        sel = vho == v
        print(f'  hold-out {v}: {json.dumps(gate_figures(med[sel], u[sel], yho[sel], z))}')
    # The criterion for comparing training variants: adults 25+ held on all hold-out rows (every look) at the z each
    # variant calibrates for itself, then the colour MAE.
    hf = hold_fig['all']
    print(f'criterion: hold-out adults held {hf["adultsHeld"]} / {hf["adults"]} ({100 * hf["adultsHeld"] / hf["adults"]:.1f} %), '
          f'minors PASS {hf["minorsPass"]} / {hf["minors"]}, colour MAE {hold_fig["orig"]["mae"]:.2f}')

    # Document age bands: signed error quantiles of the head per true-age band (colour hold-out images).
    err = np.round(med[orig]) - yho[orig]
    bands = []
    for lo_edge, hi_edge in zip(BAND_EDGES[:-1], BAND_EDGES[1:]):
        sel = (yho[orig] >= lo_edge) & (yho[orig] < hi_edge)
        e = err[sel]
        bands.append({'fromAge': lo_edge, 'toAge': hi_edge - 1 if hi_edge < 200 else 150, 'n': int(sel.sum()),
                      'lower': round(float(np.quantile(e, BAND_Q[0])), 1), 'upper': round(float(np.quantile(e, BAND_Q[1])), 1)})
    print('bands', json.dumps(bands))

    tests = {}
    for name in ('ages', 'fgnet-full', 'fgnet'):
        rs = load(os.path.join(a.features, f'{name}.jsonl'))
        if not rs:
            continue
        x, y = arr(rs)
        m, l = predict(head, x)
        uu = uncertainty(m, l, x, a.weak_factor)
        tests[name] = {'head': gate_figures(m, uu, y, z), 'faceapiMae': float(np.mean(np.abs(np.round(x[:, VIEW_MEAN]) - y))),
                       'noFace': 0}
        print(name, json.dumps(tests[name]))

    if a.no_export:
        return
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, 'provefy_age_head.onnx')
    torch.onnx.export(head, torch.zeros(1, dims), onnx_path, input_names=['features'], output_names=['age'],
                      dynamic_axes={'features': {0: 'n'}, 'age': {0: 'n'}}, opset_version=13)
    data = open(onnx_path, 'rb').read()
    sha = hashlib.sha256(data).hexdigest()
    print(f'wrote {onnx_path}: {len(data)} bytes, sha256 {sha}')
    os.makedirs(a.calibration, exist_ok=True)
    cal = {
        '$comment': 'Written by packages/core/scripts/train-age/train_head.py from the utk-train hold-out. Do not edit by hand.',
        'model': 'provefy_age_head', 'sha256': sha, 'bytes': len(data), 'seed': SEED, 'blocks': a.blocks,
        'z': z, 'zMin': round(z_min, 3), 'minorPassRate': a.minor_pass_rate, 'holdout': hold_fig, 'quantiles': list(BAND_Q), 'bands': bands,
    }
    with open(os.path.join(a.calibration, 'document-age-bands.json'), 'w') as f:
        json.dump({k: cal[k] for k in ('$comment', 'model', 'quantiles', 'bands')}, f, indent=1)
        f.write('\n')
    # The gate fields of calibrate-gate.ts (headWeight, baseSigma, weakFactor, disagreement) are kept so the runtime
    # still loads; they belong to the former head until step 3 (calibrate-gate.ts --write) is run again.
    head_path = os.path.join(a.calibration, 'age-head.json')
    kept = json.load(open(head_path)) if os.path.exists(head_path) else {}
    with open(head_path, 'w') as f:
        json.dump({**kept, **{k: cal[k] for k in ('$comment', 'model', 'sha256', 'bytes', 'seed', 'blocks', 'z', 'zMin', 'minorPassRate', 'holdout')}}, f, indent=1)
        f.write('\n')
    if a.report:
        with open(os.path.join(a.report, 'train-report.json'), 'w') as f:
            json.dump({**cal, 'tests': tests}, f, indent=1)


if __name__ == '__main__':
    main()
