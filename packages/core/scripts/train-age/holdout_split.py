#!/usr/bin/python3
"""The utk-train hold-out split of the age head (by image, seeded): train_head.py trains on the other images and
calibrate-gate.ts calibrates the gate on these. Standard library only.

    python3 packages/core/scripts/train-age/holdout_split.py FEATURES_DIR   # prints the hold-out files as JSON
"""
import json
import os
import random
import sys

SEED = 14
HOLDOUT = 0.2  # share of utk-train images held out for calibration


def holdout_files(orig_rows):
    """The hold-out images among the utk-orig rows that have features (a face was found)."""
    files = sorted({r['file'] for r in orig_rows if r['features'] is not None})
    rng = random.Random(SEED)
    rng.shuffle(files)
    return set(files[:int(len(files) * HOLDOUT)])


if __name__ == '__main__':
    with open(os.path.join(sys.argv[1], 'utk-orig.jsonl')) as f:
        rows = [json.loads(line) for line in f]
    print(json.dumps(sorted(holdout_files(rows))))
