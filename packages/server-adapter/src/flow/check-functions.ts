import { type CheckReason, type CheckResult, ProvefyError, type SessionDocumentType } from '@provefy/core';

/** What the flow reads from a liveness result (`verifyLiveness` of @provefy/core). */
export interface LivenessLike {
  result: CheckResult;
  livenessScore: number | null;
  reasons?: readonly CheckReason[];
  frames?: readonly { index: number; score: number | null; faceFound: boolean }[];
  challenges?: readonly { type: string; passed: boolean }[];
}

/** What the flow reads from an age result (`estimateAge`). */
export interface AgeLike {
  result: CheckResult;
  estimatedAge: number | null;
  meetsMinAge: boolean;
  reasons?: readonly CheckReason[];
}

/** What the flow reads from a document result (`readDocument`). */
export interface DocumentLike {
  result: CheckResult;
  documentType: SessionDocumentType;
  ocrConfidence: number | null;
  country?: string | null;
  fields?: Record<string, string | null> | null;
  portrait: unknown;
  reasons?: readonly CheckReason[];
}

/** What the flow reads from a face-match result (`matchFaces`). */
export interface FaceMatchLike {
  result: CheckResult;
  similarityScore: number | null;
  isMatch: boolean;
  model?: string;
  reasons?: readonly CheckReason[];
}

/** Encoded image bytes as given to the checks. */
export type ImageBytes = Uint8Array;

/**
 * The four checks the flow runs. Defaults come from @provefy/core; `createProvefy({ checks })` may replace any of them
 * (e.g. a different OCR engine) as long as the result has the same shape.
 */
export interface CheckFunctions {
  verifyLiveness(
    frames: ImageBytes[],
    opts: {
      threshold: number;
      challenges?: string[];
      timestamps?: number[];
      timestampUnit?: 's' | 'ms';
      mirrored?: boolean;
      /** The fair work queue: run each unit of heavy work through it (core's `verifyLiveness` does, per frame). */
      schedule: <T>(work: () => Promise<T>) => Promise<T>;
    },
  ): Promise<LivenessLike>;
  estimateAge(input: ImageBytes | ImageBytes[], opts: { minAge: number }): Promise<AgeLike>;
  readDocument(images: ImageBytes[], opts?: Record<string, unknown>): Promise<DocumentLike>;
  matchFaces(selfie: ImageBytes, document: ImageBytes, opts: { threshold?: number }): Promise<FaceMatchLike>;
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/**
 * The check functions of @provefy/core, looked up when first used (so the adapter starts without loading models),
 * with `overrides` taking precedence.
 *
 * @example
 * ```ts
 * const checks = coreCheckFunctions();
 * const liveness = await checks.verifyLiveness(frames, { threshold: 0.85 });
 * ```
 */
export function coreCheckFunctions(overrides: Partial<CheckFunctions> = {}): CheckFunctions {
  const lookup = (name: keyof CheckFunctions): AnyFn => {
    const override = overrides[name] as AnyFn | undefined;
    if (override) return override;
    return async (...args: unknown[]) => {
      const core = (await import('@provefy/core')) as unknown as Record<string, unknown>;
      const fn = core[name];
      if (typeof fn !== 'function') throw new ProvefyError('PROVEFY_ERR_CONFIG', `@provefy/core does not export ${name}`);
      return (fn as AnyFn)(...args);
    };
  };
  return {
    verifyLiveness: lookup('verifyLiveness') as CheckFunctions['verifyLiveness'],
    estimateAge: lookup('estimateAge') as CheckFunctions['estimateAge'],
    readDocument: lookup('readDocument') as CheckFunctions['readDocument'],
    matchFaces: lookup('matchFaces') as CheckFunctions['matchFaces'],
  };
}
