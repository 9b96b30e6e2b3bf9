import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { estimateAge, readDocument } from '@provefy/core';
import { findRepoRoot } from '@provefy/core/models';
import { describe, expect, it } from 'vitest';
import { modelFloor, recordModelCalls, replayFloor } from './model-floor.js';

const FIX = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures');

describe('model floor', () => {
  it('records the ONNX runs of a check and replays them on the same sessions', async () => {
    const bytes = readFileSync(join(FIX, 'ages/images/2_1_2_20161219140650888.jpg.chip.jpg'));
    await estimateAge(Buffer.from(bytes), { minAge: 18 });
    const calls = await recordModelCalls(() => estimateAge(Buffer.from(bytes), { minAge: 18 }));
    // A detector run and at least one age model run.
    expect(calls.onnx.length).toBeGreaterThanOrEqual(2);
    expect(calls.ocr).toEqual([]);
    const floor = await replayFloor(calls, 2);
    expect(floor.onnxRuns).toBe(calls.onnx.length);
    expect(floor.onnxMs).toBeGreaterThan(0);
    expect(floor.ms).toBe(floor.onnxMs);
  }, 60_000);

  it('counts the OCR engine time of a document read', async () => {
    const floor = await modelFloor(() => readDocument(readFileSync(join(FIX, 'documents/images/fastmrz/td3.jpg'))), 1);
    expect(floor.ocrCalls).toBeGreaterThanOrEqual(1);
    expect(floor.ocrMs).toBeGreaterThan(0);
    expect(floor.ms).toBeCloseTo(floor.onnxMs + floor.ocrMs, 0);
  }, 120_000);
});
