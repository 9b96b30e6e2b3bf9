import { Type } from '@sinclair/typebox';
import { JsonObject, StringEnum } from '../../http/schema/schema.js';
import { CHECK_TYPES, SESSION_STATUSES } from '../../storage/types.js';

/** A session id in a path (UUIDs, or any id up to 64 URL-safe characters). Anything else is "Session not found". */
export const sessionIdParam = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** Body of `POST /api/v1/verify` (the contract's request fields). */
export const createVerifyBody = Type.Object({
  externalRef: Type.Optional(Type.String({ maxLength: 256, description: 'Your internal reference ID (user ID, order ID, etc.).', examples: ['user_12345'] })),
  checks: Type.Optional(
    Type.Array(StringEnum(CHECK_TYPES), {
      minItems: 1,
      maxItems: 4,
      description: "Override checks to run. If omitted, uses the API key's enabled features.",
      examples: [['liveness', 'doc_verify', 'face_match']],
    }),
  ),
  redirectUrl: Type.Optional(
    Type.String({ format: 'uri', maxLength: 2048, description: 'URL to redirect user after verification completes.', examples: ['https://yourapp.com/verification-done'] }),
  ),
  callbackUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2048, description: 'Webhook URL for this specific session (overrides key-level webhook).' })),
  metadata: Type.Optional(JsonObject({ maxBytes: 16 * 1024, maxDepth: 8, description: 'Arbitrary JSON stored with the session, returned in webhooks.', examples: [{ plan: 'premium' }] })),
});

/** Query of `GET /api/v1/verify`. */
export const listVerifyQuery = Type.Object({
  status: Type.Optional(StringEnum(SESSION_STATUSES, { description: 'Only sessions with this status.' })),
  externalRef: Type.Optional(Type.String({ maxLength: 256, description: 'Only sessions with this externalRef.' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: '1-based page (default 1).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Page size (default 20, max 100).' })),
});

const checkStatus = { type: 'string', enum: ['PENDING', 'IN_PROGRESS', 'COMPLETED'] };
const checkResult = { type: ['string', 'null'], enum: ['PASS', 'FAIL', 'REVIEW', null] };
const reasons = {
  type: 'array',
  items: { type: 'string' },
  description: "The check's reason codes (why it is FAIL or REVIEW), present only when it has any. An addition to the contract.",
  examples: [['DOCUMENT_EXPIRED']],
};
const check = (fields: Record<string, unknown>) => ({ type: 'object', properties: { status: checkStatus, result: checkResult, ...fields, reasons } });

/** POST /verify response. */
export const createVerifyResponse = Type.Unsafe({
  type: 'object',
  required: ['sessionId', 'verificationUrl', 'expiresAt', 'requestedChecks'],
  properties: {
    sessionId: { type: 'string', examples: ['f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11'] },
    verificationUrl: { type: 'string', format: 'uri', description: 'Send your user here (redirect or iframe).' },
    expiresAt: { type: 'string', format: 'date-time' },
    requestedChecks: { type: 'array', items: { type: 'string', enum: [...CHECK_TYPES] } },
  },
});

const sessionJson = {
  type: 'object',
  required: ['id', 'externalRef', 'status', 'overallResult', 'checks', 'metadata'],
  properties: {
    id: { type: 'string' },
    externalRef: { type: ['string', 'null'] },
    status: { type: 'string', enum: [...SESSION_STATUSES] },
    overallResult: { type: ['string', 'null'], enum: ['APPROVED', 'REJECTED', 'REVIEW', null] },
    checks: {
      type: 'object',
      description: 'Only the requested checks are present.',
      properties: {
        liveness: check({ livenessScore: { type: ['number', 'null'] } }),
        ageEstimation: check({ estimatedAge: { type: ['number', 'null'] }, meetsMinAge: { type: ['boolean', 'null'] } }),
        documentVerification: check({ documentType: { type: ['string', 'null'] } }),
        faceMatch: check({ similarityScore: { type: ['number', 'null'] }, isMatch: { type: ['boolean', 'null'] } }),
      },
    },
    metadata: { type: 'object', additionalProperties: true },
  },
};

/** GET /verify/:sessionId response. */
export const sessionResponse = Type.Unsafe(sessionJson);

/** GET /verify response. */
export const listVerifyResponse = Type.Unsafe({
  type: 'object',
  required: ['sessions', 'pagination'],
  properties: {
    sessions: { type: 'array', items: sessionJson },
    pagination: {
      type: 'object',
      properties: { page: { type: 'integer' }, limit: { type: 'integer' }, total: { type: 'integer' }, totalPages: { type: 'integer' } },
    },
  },
});
