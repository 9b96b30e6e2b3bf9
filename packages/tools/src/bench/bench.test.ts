import { describe, expect, it } from 'vitest';
import { benchTargets, compareBench, comparisonMarkdown } from './bench-markdown.js';
import { measureLatency, measureThroughput } from './measure.js';
import { type BenchReport, medianColdRun } from './run-bench.js';

function report(p50: number, perSecond: number, rss: number): BenchReport {
  return {
    tool: 'provefy bench',
    schemaVersion: 1,
    date: '2026-01-01T00:00:00.000Z',
    machine: { cpu: 'x', cores: 2, ramGb: 8, node: 'v20', platform: 'linux x64' },
    profile: { name: 'compact', reason: 'test', threads: 2 },
    settings: { warmup: 1, iterations: 5, maxSeconds: 1, throughputSeconds: 1, concurrency: [1, 2] },
    modelLoad: [{ id: 'scrfd_500m', file: 'det_500m.onnx', ms: 100 }],
    checks: [
      {
        name: 'matchFaces',
        status: 'ok',
        unit: 'pair',
        latencyMs: { n: 5, p50, p95: p50 * 2, p99: p50 * 3, mean: p50, max: p50 * 3 },
        throughput: [
          { concurrency: 1, calls: 10, seconds: 1, perSecond },
          { concurrency: 2, calls: 20, seconds: 1, perSecond: perSecond * 2 },
        ],
      },
      { name: 'readDocument', status: 'unsupported', reason: 'not yet', unit: 'image' },
    ],
    peakRssMb: rss,
    rest: { status: 'skipped', reason: 'test' },
    elapsedS: 1,
  };
}

describe('compareBench', () => {
  it('gives new / old for every shared figure', () => {
    const rows = compareBench(report(100, 10, 400), report(50, 20, 300));
    expect(rows.find((r) => r.metric === 'matchFaces p50 ms')).toEqual({ metric: 'matchFaces p50 ms', old: 100, new: 50, ratio: 0.5 });
    expect(rows.find((r) => r.metric === 'matchFaces calls/s at 2')?.ratio).toBe(2);
    expect(rows.find((r) => r.metric === 'peak RSS MB')?.ratio).toBe(0.75);
    expect(rows.find((r) => r.metric === 'load scrfd_500m ms')?.ratio).toBe(1);
    expect(rows.some((r) => r.metric.startsWith('readDocument'))).toBe(false);
    expect(comparisonMarkdown(rows)).toContain('| matchFaces p50 ms | 100 | 50 | 0.5 |');
  });
});

describe('benchTargets', () => {
  const floor = (ms: number) => ({ onnxMs: ms, ocrMs: 0, ms, onnxRuns: 4, ocrCalls: 0 });
  const withPair = (match: number, matchFloor: number, two: number, twoFloor: number): BenchReport => {
    const base = report(100, 10, 400);
    const check = (name: string, p50: number, f: number) => ({ ...base.checks[0]!, name, latencyMs: { n: 5, p50, p95: p50, p99: p50, mean: p50, max: p50 }, floor: floor(f) });
    return { ...base, checks: [check('matchFaces.photos', match, matchFloor), check('twoEmbeddings', two, twoFloor)] };
  };

  it('compares matchFaces with two embeddings raw and net of the fusion partner model time', () => {
    const rows = benchTargets(withPair(94, 65.5, 84.6, 56.1));
    expect(rows.find((r) => r[0] === 'matchFaces on two photos / two embeddings')).toEqual(['matchFaces on two photos / two embeddings', '<= 1', '1.11', 'no']);
    expect(rows.find((r) => r[0].startsWith('the same, net'))).toEqual(["the same, net of the fusion partner's model time (9.4 ms)", '<= 1', '1', 'yes']);
  });

  it('still fails when matchFaces spends more than its extra model time', () => {
    const rows = benchTargets(withPair(110, 65.5, 84.6, 56.1));
    expect(rows.find((r) => r[0].startsWith('the same, net'))?.[3]).toBe('no');
  });
});

describe('cold figures', () => {
  it('take the median of the fresh-process runs and keep their range', () => {
    expect(medianColdRun([{ coldMs: 700 }, { coldMs: 650 }, { coldMs: 900 }])).toEqual({ coldMs: 700, coldRangeMs: { min: 650, max: 900, runs: 3 } });
    // A run that failed does not count; with none left, the first error is reported.
    expect(medianColdRun([{ error: 'x' }, { coldMs: 640 }, { coldMs: 820 }])).toMatchObject({ coldMs: 640, coldRangeMs: { min: 640, max: 820, runs: 2 } });
    expect(medianColdRun([{ error: 'boom' }, { error: 'again' }])).toEqual({ error: 'boom' });
  });

  it('meet "< 800 ms" only below 800 ms, and show the range beside the median', () => {
    const base = report(100, 10, 400);
    const doc = (coldMs: number) => ({ ...base, checks: [{ ...base.checks[0]!, name: 'readDocument', coldMs, coldRangeMs: { min: coldMs - 50, max: coldMs + 60, runs: 3 } }] });
    const row = (r: BenchReport) => benchTargets(r).find((x) => x[0] === 'readDocument cold (fresh process)');
    expect(row(doc(800))).toEqual(['readDocument cold (fresh process)', '< 800 ms', '800 ms (median of 3: 750-860)', 'no']);
    expect(row(doc(799))?.[3]).toBe('yes');
  });
});

describe('measure', () => {
  it('makes the cold call, the warm-up and the measured calls', async () => {
    const seen: number[] = [];
    const m = await measureLatency(async (i) => void seen.push(i), { warmup: 2, iterations: 4, maxSeconds: 10 });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(m.latencyMs.n).toBe(4);
  });

  it('keeps N calls in flight and counts every completed call', async () => {
    let inFlight = 0;
    let peak = 0;
    const t = await measureThroughput(
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
      },
      4,
      0.05,
    );
    expect(peak).toBe(4);
    expect(t.calls).toBeGreaterThanOrEqual(8);
    expect(t.concurrency).toBe(4);
  });
});
