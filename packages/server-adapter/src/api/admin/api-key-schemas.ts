import { SETTINGS, type SettingName } from '@provefy/core';
import { s } from '../../http/schema/schema.js';
import { CHECK_TYPES } from '../../storage/types.js';

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/** The schema of one of core's settings: its bounds come from core's {@link SETTINGS}. */
function settingSchema(name: SettingName) {
  const { min, max, integer } = SETTINGS[name];
  return integer ? s.integer({ min, max }) : s.number({ min, max });
}

/** A check name of the contract. */
export const checkTypeSchema = s.enum(CHECK_TYPES);

const origins = () =>
  s
    .array(s.string({ maxLength: 300, pattern: ORIGIN, patternHint: 'must be an origin like https://yourapp.com (scheme, host and optional port)' }), { maxItems: 50 })
    .describe('Origins (scheme://host[:port]), no path.');

const thresholds = s.object(
  {
    liveness: settingSchema('livenessThreshold').optional().describe(SETTINGS.livenessThreshold.description),
    minAge: settingSchema('minAge').optional().describe(SETTINGS.minAge.description),
    faceMatch: s
      .record(settingSchema('faceMatchThreshold'), 20)
      .optional()
      .describe(`Face-match threshold per recognizer model id (default { "arcface_r50": ${SETTINGS.faceMatchThreshold.default} }).`),
  },
  { strict: true },
);

const branding = s.object(
  {
    name: s.string({ maxLength: 100 }).nullable().optional(),
    primaryColor: s.string({ pattern: COLOR, patternHint: 'must be a hex colour like #1a2b3c' }).nullable().optional(),
    accentColor: s.string({ pattern: COLOR, patternHint: 'must be a hex colour like #1a2b3c' }).nullable().optional(),
    logoUrl: s.string({ format: 'uri', maxLength: 2048 }).nullable().optional(),
  },
  { strict: true },
);

const keyFields = {
  enabledChecks: s.array(checkTypeSchema, { minItems: 0, maxItems: 4, unique: true }).optional().describe('Checks this key may request (default: all four).'),
  thresholds: thresholds.optional(),
  rateLimitPerMinute: settingSchema('rateLimitPerMinute').optional().describe(SETTINGS.rateLimitPerMinute.description),
  branding: branding.optional(),
  webhookUrl: s.string({ format: 'uri' }).nullable().optional().describe('Where `verification.*` events are sent.'),
  allowedRedirectOrigins: origins().optional().describe('Origins `redirectUrl` may point to (empty: any http(s) URL).'),
  allowedFrameOrigins: origins().optional().describe('Origins allowed to embed the hosted page in an iframe.'),
  allowPrivateCallbacks: s.boolean().optional().describe('Allow webhook URLs on private, loopback or link-local addresses (default false).'),
};

/** Body of `POST /api/v1/admin/keys`. */
export const createApiKeyBody = s.object(
  {
    name: s.string({ minLength: 1, maxLength: 200 }).describe('A label for people.'),
    mode: s.enum(['live', 'test'] as const).optional().describe('`live` keys start with kyc_live_, `test` keys with kyc_test_ (default live).'),
    ...keyFields,
  },
  { strict: true },
);

/** Body of `PATCH /api/v1/admin/keys/:keyId`. */
export const updateApiKeyBody = s.object({ name: s.string({ minLength: 1, maxLength: 200 }).optional(), ...keyFields }, { strict: true });

/** Query of `GET /api/v1/admin/keys`. */
export const listApiKeysQuery = s.object({ includeRevoked: s.boolean().optional().describe('Also list revoked keys.') });

/** An API key as returned by the admin API (never the key itself or the webhook secret). */
export const apiKeySchema = s.raw({
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    mode: { type: 'string', enum: ['live', 'test'] },
    prefix: { type: 'string', description: 'Non-secret display prefix, e.g. kyc_live_aB3x.' },
    enabledChecks: { type: 'array', items: { type: 'string', enum: [...CHECK_TYPES] } },
    thresholds: thresholds.toJsonSchema(),
    rateLimitPerMinute: { type: 'integer' },
    branding: branding.toJsonSchema(),
    webhookUrl: { type: ['string', 'null'] },
    hasWebhookSecret: { type: 'boolean' },
    allowedRedirectOrigins: { type: 'array', items: { type: 'string' } },
    allowedFrameOrigins: { type: 'array', items: { type: 'string' } },
    allowPrivateCallbacks: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
});

/** The answer to key creation: the key and webhook secret are shown only here. */
export const createdApiKeySchema = s.raw({
  type: 'object',
  required: ['apiKey', 'key', 'webhookSecret'],
  properties: {
    apiKey: apiKeySchema.toJsonSchema(),
    key: { type: 'string', pattern: '^kyc_(live|test)_[A-Za-z0-9]{32,}$', description: 'Shown once: store it securely.' },
    webhookSecret: { type: 'string', pattern: '^whsec_', description: 'Shown once: verifies X-KYC-Signature.' },
  },
});

/** A key id path parameter. */
export const keyIdParam = s.string({ minLength: 1, maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ });
