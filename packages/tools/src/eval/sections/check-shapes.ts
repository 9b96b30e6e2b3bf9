/**
 * The shapes of the checks as `provefy eval` uses them (the planned public API of @provefy/core). Kept
 * structural and minimal, so the evaluation builds whatever stage the checks are at; the sections look the
 * functions up at run time (see `check-loader.ts`).
 */
import type { CheckReason, CheckResult, ImageInput, RgbImage } from '@provefy/core';

export interface MatchFacesResultShape {
  readonly similarityScore: number | null;
  readonly isMatch: boolean;
  readonly result: CheckResult;
  readonly threshold: number;
  readonly model?: unknown;
  readonly faces?: { readonly selfie?: unknown; readonly document?: unknown };
  readonly reasons: readonly CheckReason[];
}
/** A face prepared for comparison by `faceMatcher().prepare` (null side: no face). */
export interface PreparedFaceShape {
  readonly side: unknown | null;
  readonly embeddings: readonly unknown[];
}
/** `faceMatcher(opts)`: prepare each image once, decide pairs like `matchFaces`. */
export interface FaceMatcherShape {
  readonly plan: { readonly threshold: number; readonly reviewBand: readonly [number, number]; readonly detector: string; readonly model: string };
  prepare(input: RgbImage, role: 'selfie' | 'photo' | 'document'): Promise<PreparedFaceShape>;
  decide(selfie: PreparedFaceShape, other: PreparedFaceShape): MatchFacesResultShape;
}
export type FaceMatcherFn = (opts?: { profile?: string; detector?: string; recognizer?: string; fusion?: boolean; documentKind?: 'photo' | 'document' }) => FaceMatcherShape;
export type MatchFacesFn = (selfie: ImageInput, document: ImageInput, opts?: { threshold?: number; profile?: string; documentKind?: 'photo' | 'document' }) => Promise<MatchFacesResultShape>;

export interface AgeResultShape {
  readonly estimatedAge: number | null;
  readonly meetsMinAge: boolean;
  readonly result: CheckResult;
  readonly minAge: number;
  readonly confidence?: number | null;
  readonly model?: unknown;
  readonly reasons: readonly CheckReason[];
}
export type EstimateAgeFn = (input: ImageInput, opts?: { minAge?: number; profile?: string }) => Promise<AgeResultShape>;

export type ChallengeType = 'look_straight' | 'blink' | 'turn_left' | 'turn_right';
export interface LivenessResultShape {
  readonly livenessScore: number | null;
  readonly result: CheckResult;
  readonly threshold: number;
  readonly frames: readonly { readonly index: number; readonly score: number | null; readonly faceFound: boolean }[];
  readonly challenges: readonly { readonly type: string; readonly passed: boolean; readonly atFrame?: number | null }[];
  readonly reasons: readonly CheckReason[];
}
export type VerifyLivenessFn = (
  frames: ImageInput | ImageInput[],
  opts?: { threshold?: number; challenges?: ChallengeType[]; timestamps?: number[]; mirrored?: boolean; profile?: string },
) => Promise<LivenessResultShape>;

export interface DocumentResultShape {
  readonly documentType: string;
  readonly country: string | null;
  readonly fields: Readonly<Record<string, string | null>>;
  readonly mrz: {
    readonly format?: string | null;
    readonly lines: readonly string[];
    readonly valid: boolean;
    readonly checks?: unknown;
    readonly corrections?: unknown;
  } | null;
  readonly result: CheckResult;
  readonly reasons: readonly CheckReason[];
}
export type ReadDocumentFn = (images: ImageInput | ImageInput[], opts?: Record<string, unknown>) => Promise<DocumentResultShape>;

/** A MRZ parser: lines in, a parse with fields and validity out (any field naming; see metrics/mrz-compare). */
export type ParseMrzFn = (lines: string | string[], opts?: Record<string, unknown>) => unknown;
