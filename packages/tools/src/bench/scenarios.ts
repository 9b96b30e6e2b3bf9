import { readFileSync } from 'node:fs';
import type * as Core from '@provefy/core';

/** @provefy/core as a user imports it (the built package). */
export type CoreModule = typeof Core;

/**
 * The sample files of the benchmark, as paths: what the fresh-process (cold) runs read, so that the child
 * process imports nothing but `@provefy/core` before its first call.
 */
export interface BenchFiles {
  /** Dataset the files come from. */
  readonly dir: string;
  /** A genuine face pair (two photos). */
  readonly pairA: string;
  readonly pairB: string;
  readonly pairNames: string;
  /** An age image (a face crop). */
  readonly ageImage: string;
  /** A live still (passive liveness). */
  readonly liveImage: string;
  /** An identity document with an MRZ (a passport page when the dataset has one). */
  readonly document: string;
  /** A live clip and its duration, s. */
  readonly clip: string;
  readonly clipDurationS: number;
  /** The same photo as a 640x480 and a 4000x3000 JPEG (made at bench time), and what it was made from. */
  readonly photoSmall: string;
  readonly photoLarge: string;
  readonly photoSource: string;
}

/** Frames of the clip a full verification samples (spread evenly over the clip). */
export const CLIP_FRAMES = 8;

/** Largest frame width the clip is decoded at. */
export const CLIP_MAX_WIDTH = 640;

/** The clip's frames for the full verification: {@link CLIP_FRAMES} frames spread over it, at most 640 px wide. */
export function clipOptions(f: BenchFiles): { fps: number; maxWidth: number; maxFrames: number } {
  return { fps: Math.max(0.5, CLIP_FRAMES / Math.max(0.5, f.clipDurationS)), maxWidth: CLIP_MAX_WIDTH, maxFrames: CLIP_FRAMES };
}

/** The bytes of a full verification (read before timing; fresh Buffers every call so no per-object cache hides work). */
export interface VerificationInputs {
  readonly selfie: Buffer;
  readonly document: Buffer;
}

/** Reads the inputs of one full verification. */
export function verificationInputs(f: BenchFiles): VerificationInputs {
  return { selfie: readFileSync(f.photoSmall), document: readFileSync(f.document) };
}

/** One full verification: per-step wall times and the total, ms. */
export interface VerificationTiming {
  readonly totalMs: number;
  /** `verifyLivenessVideo` (decoding the clip included), `estimateAge`, `readDocument`, `matchFaces`: wall time of each step. */
  readonly steps: Record<string, number>;
  /** Each check's result word (PASS, FAIL, REVIEW...), to show the run did real work. */
  readonly results: Record<string, string>;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

function word(r: unknown): string {
  const o = r as { result?: unknown; status?: unknown };
  return String(o?.result ?? o?.status ?? '?');
}

/**
 * A full verification through the library, as an integrator's server runs it: the clip's 8 frames decoded (streamed
 * into the face tracker) and checked for liveness, the selfie's age, the passport read, the selfie matched to the passport's portrait.
 * `sequential` runs the steps one after the other (the per-step breakdown); `concurrent` starts the independent
 * checks together (the liveness chain, age, document, match), as a server can.
 *
 * @example
 * ```ts
 * const t = await fullVerification(await import('@provefy/core'), files, verificationInputs(files), 'sequential');
 * t.steps.readDocument; // ms
 * ```
 */
export async function fullVerification(core: CoreModule, f: BenchFiles, inputs: VerificationInputs, mode: 'sequential' | 'concurrent'): Promise<VerificationTiming> {
  const steps: Record<string, number> = {};
  const results: Record<string, string> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const v = await fn();
    steps[name] = r1(performance.now() - s);
    results[name] = word(v);
    return v;
  };
  // The clip's 8 frames, selected and scaled by ffmpeg, streamed into the face tracker as they are decoded.
  const liveness = () =>
    timed('verifyLivenessVideo', async () => {
      if (typeof core.verifyLivenessVideo === 'function') return core.verifyLivenessVideo(f.clip, { video: clipOptions(f) });
      // A @provefy/core without it (comparing with an older build): decode, then check.
      const clip = await core.readVideoFrames(f.clip, clipOptions(f));
      return core.verifyLiveness(clip.frames, { timestamps: clip.timestamps });
    });
  const age = () => timed('estimateAge', () => core.estimateAge(inputs.selfie, { minAge: 18 }));
  const document = () => timed('readDocument', () => core.readDocument(inputs.document));
  const match = () => timed('matchFaces', () => core.matchFaces(inputs.selfie, inputs.document));
  const start = performance.now();
  if (mode === 'sequential') {
    await liveness();
    await age();
    await document();
    await match();
  } else {
    await Promise.all([liveness(), age(), document(), match()]);
  }
  return { totalMs: r1(performance.now() - start), steps, results };
}

/** The single checks the benchmark measures, by name: each call reads fresh bytes (no per-object cache hides work). */
export function checkCalls(core: CoreModule, f: BenchFiles): Record<string, () => Promise<unknown>> {
  const pairA = readFileSync(f.pairA);
  const pairB = readFileSync(f.pairB);
  const age = readFileSync(f.ageImage);
  const live = readFileSync(f.liveImage);
  const doc = readFileSync(f.document);
  const small = readFileSync(f.photoSmall);
  const large = readFileSync(f.photoLarge);
  const fresh = (b: Buffer) => Buffer.from(b);
  return {
    matchFaces: () => core.matchFaces(fresh(pairA), fresh(pairB)),
    'matchFaces.photos': () => core.matchFaces(fresh(pairA), fresh(pairB), { documentKind: 'photo' }),
    twoEmbeddings: async () => {
      await core.getFaceEmbedding(fresh(pairA));
      await core.getFaceEmbedding(fresh(pairB));
    },
    estimateAge: () => core.estimateAge(fresh(age), { minAge: 18 }),
    'estimateAge.640x480': () => core.estimateAge(fresh(small), { minAge: 18 }),
    'estimateAge.4000x3000': () => core.estimateAge(fresh(large), { minAge: 18 }),
    'verifyLiveness.frame': () => core.verifyLiveness(fresh(live)),
    'decodeClip.8frames': () => core.readVideoFrames(f.clip, clipOptions(f)),
    readDocument: () => core.readDocument(fresh(doc)),
  };
}
