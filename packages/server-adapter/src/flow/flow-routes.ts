import { startCapture } from '@provefy/core';
import { transitionSession } from '../api/verify/session-service.js';
import type { Context } from '../http/context.js';
import { HttpError } from '../http/http-error.js';
import { json } from '../http/response.js';
import { type Route, type RouteResponse, defineRoute } from '../http/route.js';
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../http/schema/schema.js';
import { CHECK_TYPES, type Store } from '../storage/types.js';
import { challengesFor } from './challenges.js';
import { flowAuth, requireFlow } from './flow-auth.js';
import { type FlowDeps, flowState, processComplete, processDocument, processLiveness, processSelfie, requireActiveFlow } from './flow-service.js';
import { issueLivenessAttempt, livenessAuthority } from './liveness-attempt.js';
import { ACCEPTED_IMAGE_TYPES } from './magic-bytes.js';
import { type UploadLimits, parseUpload } from './upload-parser.js';

const TAGS = ['Verification flow (hosted page and kiosk)'];
const SUPPORTED_LANGUAGES = ['en', 'pt'] as const;

/** `?lang=` if supported, else the first supported language in Accept-Language, else English. */
function pickLanguage(ctx: Context): (typeof SUPPORTED_LANGUAGES)[number] {
  const wanted = [ctx.url.searchParams.get('lang') ?? '', ...(ctx.request.headers.get('accept-language') ?? '').split(',')];
  for (const entry of wanted) {
    const tag = entry.split(';')[0]!.trim().toLowerCase().slice(0, 2);
    if ((SUPPORTED_LANGUAGES as readonly string[]).includes(tag)) return tag as (typeof SUPPORTED_LANGUAGES)[number];
  }
  return 'en';
}

const tokenParam = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$', description: 'The session token from `verificationUrl`.' });
const checkSummary = {
  type: 'object',
  properties: {
    check: { type: 'string', enum: [...CHECK_TYPES] },
    result: { type: ['string', 'null'], enum: ['PASS', 'FAIL', 'REVIEW', null] },
    final: { type: 'boolean' },
    attemptsLeft: { type: 'integer' },
    reasons: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          challenges: {
            type: 'array',
            description: 'With CHALLENGE_NOT_PERFORMED: each challenge not found and why (`cause`: not_facing, no_blink, eyes_not_seen, no_turn, wrong_direction, no_return, too_few_frames).',
            items: { type: 'object', properties: { type: { type: 'string' }, cause: { type: ['string', 'null'] } } },
          },
        },
      },
    },
  },
};
const stateSchema = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    status: { type: 'string' },
    overallResult: { type: ['string', 'null'] },
    expiresAt: { type: 'string', format: 'date-time' },
    checks: { type: 'object', additionalProperties: checkSummary },
    next: { type: 'array', items: { type: 'string', enum: ['liveness', 'selfie', 'document_front', 'document_back'] } },
    redirectUrl: { type: ['string', 'null'], description: 'Where to send the user when finished (allowed origins only).' },
    completion: { type: ['object', 'null'], description: "The `postMessage` payload for an embedding page ({ type: 'provefy:complete', data })." },
  },
};
const stateResponse: RouteResponse = { description: 'Flow state', schema: stateSchema };
const uploadResponse: RouteResponse = {
  description: 'What the upload did (no scores) and the new flow state',
  schema: {
    type: 'object',
    properties: {
      results: { type: 'array', items: checkSummary },
      needsBack: { type: 'boolean' },
      retake: {
        type: 'array',
        description: 'Images kept earlier that proved unusable: asked for again (the step is in `state.next`).',
        items: { type: 'object', properties: { step: { type: 'string', enum: ['liveness', 'selfie', 'document_front', 'document_back'] }, code: { type: 'string' }, message: { type: 'string' } } },
      },
      state: stateSchema,
    },
  },
};

function imageUpload(fields: Record<string, { description: string; many?: boolean }>, extra: Record<string, unknown> = {}) {
  const binary = { type: 'string', contentMediaType: 'image/jpeg', description: 'JPEG, PNG or WebP (checked by magic bytes).' };
  const b64 = { type: 'string', contentEncoding: 'base64', description: 'Base64 or a data URL.' };
  const multipart: Record<string, unknown> = { ...extra };
  const jsonProps: Record<string, unknown> = { ...extra };
  for (const [name, f] of Object.entries(fields)) {
    multipart[name] = f.many ? { type: 'array', items: binary, description: f.description } : { ...binary, description: f.description };
    jsonProps[name] = f.many ? { type: 'array', items: b64, description: f.description } : { ...b64, description: f.description };
  }
  return {
    description: 'multipart/form-data, JSON with base64 images, or (single image) a raw image body.',
    mediaTypes: {
      'multipart/form-data': { type: 'object', properties: multipart },
      'application/json': { type: 'object', properties: jsonProps },
    },
  };
}

export interface FlowRouteOptions extends Omit<FlowDeps, 'store'> {
  store: () => Store;
  uploadLimits: UploadLimits;
}

/**
 * The verification-flow endpoints used by the hosted page and the kiosk, authenticated by the session token of
 * `verificationUrl` (never by the API key): session config, start, liveness frames, selfie, document front/back, and
 * completion. Uploads are size- and type-checked before decoding; checks run through the bounded work queue.
 *
 * @example
 * ```ts
 * const routes = flowRoutes({ store: () => store, queue, checks: coreCheckFunctions(), retentionMs: 0, faceModel: () => 'arcface_r50', uploadLimits });
 * ```
 */
export function flowRoutes(options: FlowRouteOptions): Route[] {
  const deps = (): FlowDeps => ({ ...options, store: options.store() });
  const base = {
    tags: TAGS,
    security: 'sessionToken' as const,
    params: { token: tokenParam },
    paramError: 'PROVEFY_ERR_SESSION_TOKEN' as const,
    middleware: [flowAuth(options.store)],
  };
  const limits = options.uploadLimits;

  return [
    defineRoute({
      ...base,
      method: 'GET',
      path: '/api/v1/flow/:token',
      operationId: 'getFlowConfig',
      summary: 'Session config for the verification page',
      description: 'Checks, branding, language (from `?lang=` or Accept-Language: en or pt), liveness challenges, upload limits and the current state.',
      responses: {
        200: {
          description: 'Config and state',
          schema: {
            type: 'object',
            properties: {
              requestedChecks: { type: 'array', items: { type: 'string', enum: [...CHECK_TYPES] } },
              challenges: { type: 'array', items: { type: 'string', enum: ['look_straight', 'blink', 'turn_left', 'turn_right'] } },
              branding: { type: 'object' },
              language: { type: 'string', enum: [...SUPPORTED_LANGUAGES] },
              supportedLanguages: { type: 'array', items: { type: 'string' } },
              allowedFrameOrigins: { type: 'array', items: { type: 'string' } },
              limits: { type: 'object' },
              state: stateSchema,
            },
          },
        },
      },
      handler: async (ctx) => {
        const flow = requireFlow(ctx);
        const d = deps();
        await requireActiveFlow(d, flow).catch(() => undefined);
        return json({
          requestedChecks: flow.session.requestedChecks,
          challenges: challengesFor(flow.session.id),
          branding: flow.key.branding,
          language: pickLanguage(ctx),
          supportedLanguages: SUPPORTED_LANGUAGES,
          allowedFrameOrigins: flow.key.allowedFrameOrigins,
          limits: { maxImageBytes: limits.maxImageBytes, maxRequestBytes: limits.maxBodyBytes, maxFrames: limits.maxFiles, acceptedTypes: ACCEPTED_IMAGE_TYPES },
          state: await flowState(d, flow),
        });
      },
    }),
    defineRoute({
      ...base,
      method: 'POST',
      path: '/api/v1/flow/:token/start',
      operationId: 'startFlow',
      summary: 'The user started the flow (PENDING -> IN_PROGRESS); for liveness, a new attempt',
      description:
        'With `{"check":"liveness"}` the answer also carries a liveness `attempt`: a 128-bit `nonce` the liveness upload must send, ' +
        'the `challenges` to prompt in this order (a random subset in random order) and when it expires (10 minutes). Each attempt ' +
        'serves one upload; a retry starts a new attempt.',
      body: Type.Object({ check: Type.Optional(StringEnum(CHECK_TYPES, { description: 'The check whose capture starts.' })) }),
      responses: {
        200: {
          description: 'Flow state, and for liveness the attempt',
          schema: {
            type: 'object',
            properties: {
              state: stateSchema,
              attempt: {
                type: 'object',
                description: 'Only with `check: liveness`.',
                properties: {
                  nonce: { type: 'string', pattern: '^[0-9a-f]{32}$' },
                  challenges: { type: 'array', items: { type: 'string', enum: ['look_straight', 'blink', 'turn_left', 'turn_right'] } },
                  issuedAt: { type: 'string', format: 'date-time' },
                  expiresAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
      },
      handler: async (ctx, { body }) => {
        const flow = requireFlow(ctx);
        const d = deps();
        await requireActiveFlow(d, flow);
        const { after } = await transitionSession(d.store, flow.record.id, {}, (sess, now) =>
          startCapture(sess, { now, actor: 'user', ...(body.check ? { check: body.check } : {}) }),
        );
        flow.session = after;
        const attempt = body.check === 'liveness' ? await issueLivenessAttempt(d.store, flow) : undefined;
        return json({ state: await flowState(d, flow), ...(attempt ? { attempt } : {}) });
      },
    }),
    defineRoute({
      ...base,
      method: 'POST',
      path: '/api/v1/flow/:token/liveness',
      operationId: 'uploadLivenessFrames',
      summary: 'Upload liveness frames',
      description:
        'Frames captured during the challenges of one attempt, in order (`frames`), with their capture `timestamps` (ms from the moment the ' +
        'attempt was received, one per frame), the attempt `nonce`, `captureSource` (the camera: label, settings, frame times), `mirrored` ' +
        '(front camera preview) and `selfieFromFrames` (default true: a frame with a face serves as the selfie when none was uploaded). ' +
        'Duplicated, re-ordered, too fast, gapped or out-of-window frames FAIL the attempt with their own reason code; a virtual camera ' +
        'holds a PASS at REVIEW. Key-attested (the kiosk): with `Authorization: Bearer <the API key that created the session>` no nonce is ' +
        'needed; `challenges` lists what was prompted and `timestamps` count from the capture.',
      rawBody: imageUpload(
        { frames: { description: 'Frames in capture order.', many: true } },
        {
          nonce: { type: 'string', pattern: '^[0-9a-f]{32}$', description: 'The attempt nonce from `POST /start` with `{"check":"liveness"}` (not with an API key).' },
          timestamps: { type: 'array', items: { type: 'number' }, description: 'Capture time of each frame in ms.' },
          captureSource: {
            type: 'object',
            description: 'JSON (a string in multipart): the camera that captured the frames.',
            properties: {
              label: { type: 'string' },
              settings: { type: 'object', properties: { width: { type: 'number' }, height: { type: 'number' }, frameRate: { type: 'number' }, deviceIdHash: { type: 'string' } } },
              frameTimes: { type: 'array', items: { type: 'number' } },
            },
          },
          challenges: { type: 'array', items: { type: 'string', enum: ['look_straight', 'blink', 'turn_left', 'turn_right'] }, description: 'Key-attested uploads only: the challenges prompted.' },
          mirrored: { type: 'boolean' },
          selfieFromFrames: { type: 'boolean' },
        },
      ),
      responses: {
        200: uploadResponse,
        400: { description: 'No nonce (PROVEFY_ERR_NONCE_MISSING) or not one of this session (PROVEFY_ERR_NONCE_UNKNOWN)' },
        401: { description: 'An Authorization header with an unknown or revoked API key' },
        403: { description: 'A valid API key that did not create the session (PROVEFY_ERR_NOT_SESSION_KEY)' },
        409: { description: 'Finished session or check; attempt already used (PROVEFY_ERR_NONCE_REUSED) or expired (PROVEFY_ERR_NONCE_EXPIRED)' },
        413: { description: 'Too large' },
        415: { description: 'Not an image' },
      },
      handler: async (ctx) => {
        const flow = requireFlow(ctx);
        const d = deps();
        await requireActiveFlow(d, flow);
        const upload = await parseUpload(ctx, ['frames'], limits);
        const authority = await livenessAuthority(ctx, d.store, flow, upload.fields);
        const out = await processLiveness(d, flow, upload.images.get('frames') ?? [], upload.fields, authority);
        return json({ results: out.checks, retake: out.retake, state: await flowState(d, flow) });
      },
    }),
    defineRoute({
      ...base,
      method: 'POST',
      path: '/api/v1/flow/:token/selfie',
      operationId: 'uploadSelfie',
      summary: 'Upload a selfie (age estimation, face match)',
      rawBody: imageUpload({ image: { description: 'The selfie.' } }),
      responses: { 200: uploadResponse, 409: { description: 'Finished session or check' }, 413: { description: 'Too large' }, 415: { description: 'Not an image' } },
      handler: async (ctx) => {
        const flow = requireFlow(ctx);
        const d = deps();
        await requireActiveFlow(d, flow);
        const upload = await parseUpload(ctx, ['image'], limits);
        const image = upload.images.get('image')?.[0];
        if (!image) return missingImage();
        const out = await processSelfie(d, flow, image);
        return json({ results: out.checks, retake: out.retake, state: await flowState(d, flow) });
      },
    }),
    ...(['front', 'back'] as const).map((side) =>
      defineRoute({
        ...base,
        method: 'POST',
        path: `/api/v1/flow/:token/document/${side}`,
        operationId: side === 'front' ? 'uploadDocumentFront' : 'uploadDocumentBack',
        summary: `Upload the document ${side}`,
        description:
          side === 'front'
            ? 'Read at once; for a two-sided document that is not a clear PASS the answer asks for the back (`needsBack`). Send `final=true` to record the front read as is.'
            : 'Read together with the front uploaded before.',
        rawBody: imageUpload({ image: { description: `The document ${side}.` } }, side === 'front' ? { final: { type: 'boolean' } } : {}),
        responses: { 200: uploadResponse, 409: { description: 'Finished session or check, or no front yet' }, 413: { description: 'Too large' }, 415: { description: 'Not an image' } },
        handler: async (ctx: Context) => {
          const flow = requireFlow(ctx);
          const d = deps();
          await requireActiveFlow(d, flow);
          const upload = await parseUpload(ctx, ['image'], limits);
          const image = upload.images.get('image')?.[0];
          if (!image) return missingImage();
          const { checks, needsBack, retake } = await processDocument(d, flow, side, image, upload.fields);
          return json({ results: checks, needsBack, retake, state: await flowState(d, flow) });
        },
      }),
    ),
    defineRoute({
      ...base,
      method: 'POST',
      path: '/api/v1/flow/:token/complete',
      operationId: 'completeFlow',
      summary: 'Finish the flow',
      description: 'Runs what can still run (a front-only document, the face match) and returns the final state with the redirect URL; 409 names checks still missing.',
      responses: { 200: stateResponse, 409: { description: 'Checks still pending' } },
      handler: async (ctx) => {
        const flow = requireFlow(ctx);
        const d = deps();
        await processComplete(d, flow);
        return json({ state: await flowState(d, flow) });
      },
    }),
  ];
}

function missingImage(): never {
  throw new HttpError('PROVEFY_ERR_VALIDATION', "Missing required field 'image'", { field: 'image' });
}
