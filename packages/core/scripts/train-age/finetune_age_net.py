#!/usr/bin/python3
"""Fine-tunes face-api's age net end to end on utk-train's 80 % (the age head's split), with an old-photo look on half
the training views, and compares it with the original net on the hold-out (colour and greyscale) and the test
sets (diagnostic only). Experiment; see the README ("Fourth pass").

    npx tsx packages/core/scripts/train-age/dump-chips.ts ../shared/fixtures/utk-train /tmp/agenet/utk   # and ages, fgnet-full
    /usr/bin/python3 packages/core/scripts/train-age/finetune_age_net.py --chips /tmp/agenet --model faceapi_age_gender.onnx \
        [--epochs 8] [--out /tmp/agenet/provefy_age_net.onnx]
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from holdout_split import holdout_files  # noqa: E402
from onnx_torch import OnnxModule  # noqa: E402

SEED = 14
P = argparse.ArgumentParser()
P.add_argument('--chips', required=True)
P.add_argument('--model', required=True)
P.add_argument('--epochs', type=int, default=8)
P.add_argument('--lr', type=float, default=2e-4)
P.add_argument('--old-share', type=float, default=0.5)
P.add_argument('--out')
args = P.parse_args()
torch.manual_seed(SEED)
torch.set_num_threads(2)


def load(name):
    rows = [json.loads(line) for line in open(os.path.join(args.chips, f'{name}.jsonl'))]
    chips = np.fromfile(os.path.join(args.chips, f'{name}.bin'), dtype=np.uint8).reshape(-1, 4, 112, 112, 3)
    found = [r for r in rows if r['found']]
    assert len(found) == len(chips), (name, len(found), len(chips))
    return found, chips


utk_rows, utk = load('utk')
hold = holdout_files([{'file': r['file'], 'features': 1} for r in utk_rows])
is_hold = np.array([r['file'] in hold for r in utk_rows])
ages = np.array([r['age'] for r in utk_rows], dtype=np.float32)
tr_idx = np.nonzero(~is_hold)[0]
ho_idx = np.nonzero(is_hold)[0]
print(f'utk: {len(utk_rows)} faces, train {len(tr_idx)}, hold-out {len(ho_idx)}', flush=True)


def to_t(batch):
    """uint8 [N, 112, 112, 3] -> float [N, 3, 112, 112]"""
    return torch.from_numpy(batch).permute(0, 3, 1, 2).float()


def grey(x):
    g = 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]
    return g.expand(-1, 3, -1, -1).contiguous()


def old_look(x, gen):
    """An old photo or scan per sample: greyscale (70 %) or faded colour, lower contrast, shrunk to 25-70 % and
    enlarged back, film grain."""
    n = x.shape[0]
    out = []
    for i in range(n):
        xi = x[i:i + 1]
        if gen.random() < 0.7:
            xi = grey(xi)
        else:
            m = xi.mean(1, keepdim=True)
            s = 0.4 + 0.4 * gen.random()
            xi = m + (xi - m) * s
        c = 0.55 + 0.4 * gen.random()
        xi = (xi - 128) * c + 128 + (gen.random() - 0.5) * 30
        sc = 0.25 + 0.45 * gen.random()
        sz = max(16, int(round(112 * sc)))
        xi = F.interpolate(F.interpolate(xi, size=(sz, sz), mode='area'), size=(112, 112), mode='bilinear', align_corners=False)
        grain = 2 + 10 * gen.random()
        xi = xi + torch.randn(1, 1, 112, 112, generator=None) * grain
        out.append(xi.clamp(0, 255))
    return torch.cat(out)


def jitter(x, gen):
    n = x.shape[0]
    b = torch.tensor(gen.uniform(-20, 20, n), dtype=torch.float32).view(n, 1, 1, 1)
    c = torch.tensor(gen.uniform(0.8, 1.2, n), dtype=torch.float32).view(n, 1, 1, 1)
    return ((x - 128) * c + 128 + b).clamp(0, 255)


def views8(net, chips, look=None, bs=64):
    """Mean and standard deviation of the age over the 8 views (4 scales x mirror), like faceapi_age."""
    net.eval()
    means, sds = [], []
    with torch.no_grad():
        for s in range(0, len(chips), bs):
            c = chips[s:s + bs]
            n = len(c)
            xs = []
            for k in range(4):
                x = to_t(np.ascontiguousarray(c[:, k]))
                xs += [x, torch.flip(x, dims=[3])]
            x = torch.cat(xs)
            if look == 'grey':
                x = grey(x)
            a, _ = net(x)
            a = a.view(8, n)
            means.append(a.mean(0))
            sds.append(a.std(0))
    return torch.cat(means).numpy(), torch.cat(sds).numpy()


def gate_z(est, sd, age, base=2.0, minor_rate=0.005, margin=0.25):
    """The smallest z letting <= minor_rate of the minors PASS (estimate - z sigma >= 21), plus a margin."""
    sig = np.sqrt(base ** 2 + sd ** 2)
    m = age < 18
    need = (est[m] - 21) / sig[m]  # a minor passes when z < need
    need = np.sort(need)[::-1]
    k = int(math.floor(minor_rate * m.sum()))
    return max(0.0, need[k]) + margin if len(need) > k else margin


def report(tag, net, sets, z=None):
    res = {}
    for name, (rows, chips, idx, look) in sets.items():
        c = chips[idx] if idx is not None else chips
        a = np.array([rows[i]['age'] for i in (idx if idx is not None else range(len(rows)))], dtype=np.float32)
        est, sd = views8(net, c, look)
        res[name] = (est, sd, a)
    if z is None:
        e = np.concatenate([res[k][0] for k in res if k.startswith('hold')])
        s = np.concatenate([res[k][1] for k in res if k.startswith('hold')])
        a = np.concatenate([res[k][2] for k in res if k.startswith('hold')])
        z = gate_z(e, s, a)
    print(f'== {tag} (z {z:.2f}, base 2)')
    for name, (est, sd, a) in res.items():
        sig = np.sqrt(4 + sd ** 2)
        passes = est - z * sig >= 21
        mae = np.abs(np.round(est) - a).mean()
        minors = (a < 18)
        adults = (a >= 25)
        print(f'  {name:14s} n {len(a):4d}  MAE {mae:5.2f}  minors PASS {int((passes & minors).sum()):3d} / {int(minors.sum()):3d}'
              f'  adults 25+ held {int((~passes & adults).sum()):3d} / {int(adults.sum()):3d}  bias {np.mean(est - a):+.2f}', flush=True)
    return z


ages_rows, ages_c = load('ages')
fg_rows, fg_c = load('fgnet-full')
sets = {
    'hold colour': (utk_rows, utk, ho_idx, None),
    'hold grey': (utk_rows, utk, ho_idx, 'grey'),
    'ages/ (test)': (ages_rows, ages_c, None, None),
    'fgnet-full (test)': (fg_rows, fg_c, None, None),
}

net = OnnxModule(args.model)
t0 = time.time()
report('face-api age net, as shipped', net, sets)
print(f'  ({time.time() - t0:.0f} s)', flush=True)

# lower rate for the convolutions, higher for the age layer; the gender layer is not trained (no loss reaches it)
age_w = [k for n, k in net.names.items() if n.startswith('fc_age')]
head = [p for k, p in net.params.items() if k in age_w]
body = [p for k, p in net.params.items() if k not in age_w and p.requires_grad]
opt = torch.optim.AdamW([{'params': body, 'lr': args.lr}, {'params': head, 'lr': args.lr * 5}], weight_decay=1e-4)
bs = 64
steps = args.epochs * math.ceil(len(tr_idx) / bs)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.lr, args.lr * 5], total_steps=steps, pct_start=0.15)
gen = np.random.default_rng(SEED)
for ep in range(args.epochs):
    net.train()
    perm = gen.permutation(tr_idx)
    tot, cnt, t1 = 0.0, 0, time.time()
    for s in range(0, len(perm), bs):
        b = perm[s:s + bs]
        k = gen.integers(0, 4, len(b))
        x = to_t(np.ascontiguousarray(utk[b, k]))
        flip = torch.tensor(gen.random(len(b)) < 0.5)
        x[flip] = torch.flip(x[flip], dims=[3])
        old = gen.random(len(b)) < args.old_share
        if old.any():
            x[torch.tensor(old)] = old_look(x[torch.tensor(old)], gen)
        if (~old).any():
            x[torch.tensor(~old)] = jitter(x[torch.tensor(~old)], gen)
        y = torch.from_numpy(ages[b])
        pred, _ = net(x)
        loss = F.l1_loss(pred.view(-1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        tot += loss.item() * len(b)
        cnt += len(b)
    print(f'epoch {ep + 1}/{args.epochs}: train L1 {tot / cnt:.2f} ({time.time() - t1:.0f} s)', flush=True)

report('fine-tuned', net, sets)
if args.out:
    net.eval()
    torch.onnx.export(net, torch.zeros(1, 3, 112, 112), args.out, input_names=['input'], output_names=['age', 'gender'],
                      dynamic_axes={'input': {0: 'n'}, 'age': {0: 'n'}, 'gender': {0: 'n'}}, opset_version=13)
    print(f'wrote {args.out}')
