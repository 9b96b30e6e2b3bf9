import * as core from '@provefy/core';
import { reason } from '@provefy/core';
import { frameFeedback } from './frame-feedback.js';
import type { AgeLike, DocumentLike, FaceMatchLike, KioskChecks, LivenessLike } from './kiosk-checks.js';

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** A function of @provefy/core by name, or null when this build of core does not have it. */
function coreFn(name: string): AnyFn | null {
  const fn = (core as unknown as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (fn as AnyFn) : null;
}

function reasons(v: unknown): core.CheckReason[] {
  return Array.isArray(v) ? v.filter((r) => r && typeof r.code === 'string').map((r) => ({ code: r.code, message: String(r.message ?? r.code) })) : [];
}

/**
 * The kiosk's checks run in this process with @provefy/core. `verifyLiveness` is looked up at call time: a core
 * build without it gives a REVIEW with reason `LIVENESS_UNAVAILABLE` (never a silent PASS).
 *
 * @example
 * ```ts
 * const checks = createCoreChecks();
 * const age = await checks.estimateAge(selfieJpeg, { minAge: 18 });
 * ```
 */
export function createCoreChecks(): KioskChecks {
  return {
    async verifyLiveness(frames, opts): Promise<LivenessLike> {
      const fn = coreFn('verifyLiveness');
      if (!fn) {
        return {
          result: 'REVIEW',
          livenessScore: null,
          reasons: [reason('LIVENESS_UNAVAILABLE', 'Liveness detection is not available in this build; a reviewer must decide')],
        };
      }
      // The kiosk's timestamps are milliseconds (core's default unit is seconds).
      const r = (await fn(frames, { ...opts, timestampUnit: 'ms' })) as Record<string, unknown>;
      return {
        result: r.result as LivenessLike['result'],
        livenessScore: typeof r.livenessScore === 'number' ? r.livenessScore : null,
        reasons: reasons(r.reasons),
        ...(Array.isArray(r.frames) ? { frames: r.frames as LivenessLike['frames'] } : {}),
        ...(Array.isArray(r.challenges) ? { challenges: (r.challenges as { type: string; passed: boolean }[]).map((c) => ({ type: c.type, passed: c.passed })) } : {}),
      };
    },
    async estimateAge(image, opts): Promise<AgeLike> {
      const r = await core.estimateAge(image, { minAge: opts.minAge });
      return { result: r.result, estimatedAge: r.estimatedAge, meetsMinAge: r.meetsMinAge, reasons: reasons(r.reasons) };
    },
    async readDocument(images): Promise<DocumentLike> {
      const r = await core.readDocument(images);
      const f = r.fields;
      return {
        result: r.result,
        documentType: r.documentType,
        ocrConfidence: r.ocrConfidence,
        country: r.country,
        fields: {
          firstName: f.firstName,
          lastName: f.lastName,
          dateOfBirth: f.dateOfBirth,
          documentNumber: f.documentNumber,
          expiryDate: f.expiryDate,
          sex: f.sex,
          nationality: f.nationality,
        },
        portrait: r.portrait ? { x: r.portrait.x, y: r.portrait.y, width: r.portrait.width, height: r.portrait.height } : null,
        reasons: reasons(r.reasons),
      };
    },
    async matchFaces(selfie, document, opts): Promise<FaceMatchLike> {
      const r = await core.matchFaces(selfie, document, opts.threshold === undefined ? {} : { threshold: opts.threshold });
      return { result: r.result, similarityScore: r.similarityScore, isMatch: r.isMatch, reasons: reasons(r.reasons) };
    },
    async previewFace(frame) {
      return frameFeedback(await core.analyseFace(frame));
    },
    async close() {
      const dispose = coreFn('disposeDocumentReader');
      if (dispose) await dispose().catch(() => undefined);
    },
  };
}
