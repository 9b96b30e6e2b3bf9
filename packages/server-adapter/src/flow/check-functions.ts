import { type CaptureChecks, estimateAge, matchFaces, readDocument, verifyLiveness } from '@provefy/core';

/**
 * The four checks the flow runs, with @provefy/core's own signatures and result types (the capture plan's
 * `CaptureChecks`). `createProvefy({ checks })` may replace any of them, typed against core's types.
 */
export type CheckFunctions = CaptureChecks;

/**
 * The check functions of @provefy/core, imported statically (each loads its models on first call, so the adapter
 * starts without loading any), with `overrides` taking precedence.
 *
 * @example
 * ```ts
 * const checks = coreCheckFunctions();
 * const liveness = await checks.verifyLiveness(frames, { threshold: 0.85 });
 * ```
 */
export function coreCheckFunctions(overrides: Partial<CheckFunctions> = {}): CheckFunctions {
  return {
    verifyLiveness: overrides.verifyLiveness ?? verifyLiveness,
    estimateAge: overrides.estimateAge ?? estimateAge,
    readDocument: overrides.readDocument ?? readDocument,
    matchFaces: overrides.matchFaces ?? matchFaces,
  };
}
