import { SETTINGS, type SettingName } from '@provefy/core';
import { type SchemaOptions, Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../http/schema/schema.js';
import { CHECK_TYPES } from '../../storage/types.js';

const ORIGIN = '^https?://[A-Za-z0-9.-]+(:\\d{1,5})?$';
const COLOR = '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$';

/** The schema of one of core's settings: its bounds and description come from core's {@link SETTINGS}. */
function settingSchema(name: SettingName, options: SchemaOptions = {}) {
  const { min: minimum, max: maximum, integer, description } = SETTINGS[name];
  return integer ? Type.Integer({ minimum, maximum, description, ...options }) : Type.Number({ minimum, maximum, description, ...options });
}

/** A check name of the contract. */
export const checkTypeSchema = StringEnum(CHECK_TYPES);

const origins = (description: string) =>
  Type.Array(Type.String({ maxLength: 300, pattern: ORIGIN, 'x-hint': 'must be an origin like https://yourapp.com (scheme, host and optional port)' }), {
    maxItems: 50,
    description: `${description} Origins (scheme://host[:port]), no path.`,
  });

const thresholds = Type.Object(
  {
    liveness: Type.Optional(settingSchema('livenessThreshold')),
    minAge: Type.Optional(settingSchema('minAge')),
    faceMatch: Type.Optional(
      Type.Object({}, {
        additionalProperties: settingSchema('faceMatchThreshold', { description: undefined }),
        maxProperties: 20,
        description: `Face-match threshold per recognizer model id (default { "arcface_r50": ${SETTINGS.faceMatchThreshold.default} }).`,
      }),
    ),
  },
  { additionalProperties: false },
);

const color = () => Nullable(Type.String({ maxLength: 2048, pattern: COLOR, 'x-hint': 'must be a hex colour like #1a2b3c' }));
const branding = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    primaryColor: Type.Optional(color()),
    accentColor: Type.Optional(color()),
    logoUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2048 }))),
  },
  { additionalProperties: false },
);

const keyFields = {
  enabledChecks: Type.Optional(Type.Array(checkTypeSchema, { maxItems: 4, uniqueItems: true, description: 'Checks this key may request (default: all four).' })),
  thresholds: Type.Optional(thresholds),
  rateLimitPerMinute: Type.Optional(settingSchema('rateLimitPerMinute')),
  branding: Type.Optional(branding),
  webhookUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2048, description: 'Where `verification.*` events are sent.' }))),
  allowedRedirectOrigins: Type.Optional(origins('Origins `redirectUrl` may point to (empty: any http(s) URL).')),
  allowedFrameOrigins: Type.Optional(origins('Origins allowed to embed the hosted page in an iframe.')),
  allowPrivateCallbacks: Type.Optional(Type.Boolean({ description: 'Allow webhook URLs on private, loopback or link-local addresses (default false).' })),
  allowVirtualCameras: Type.Optional(
    Type.Boolean({
      description:
        "Let a known virtual camera or browser fake device (OBS, ManyCam, Chromium's fake camera…) pass liveness (default false: such a capture is held at REVIEW with VIRTUAL_CAMERA). For test set-ups only.",
    }),
  ),
};

/** Body of `POST /api/v1/admin/keys`. */
export const createApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'A label for people.' }),
    mode: Type.Optional(StringEnum(['live', 'test'] as const, { description: '`live` keys start with kyc_live_, `test` keys with kyc_test_ (default live).' })),
    ...keyFields,
  },
  { additionalProperties: false },
);

/** Body of `PATCH /api/v1/admin/keys/:keyId`. */
export const updateApiKeyBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), ...keyFields }, { additionalProperties: false });

/** Query of `GET /api/v1/admin/keys`. */
export const listApiKeysQuery = Type.Object({ includeRevoked: Type.Optional(Type.Boolean({ description: 'Also list revoked keys.' })) });

/** An API key as returned by the admin API (never the key itself or the webhook secret). */
export const apiKeySchema = Type.Unsafe({
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    mode: { type: 'string', enum: ['live', 'test'] },
    prefix: { type: 'string', description: 'Non-secret display prefix, e.g. kyc_live_aB3x.' },
    enabledChecks: { type: 'array', items: { type: 'string', enum: [...CHECK_TYPES] } },
    thresholds,
    rateLimitPerMinute: { type: 'integer' },
    branding,
    webhookUrl: { type: ['string', 'null'] },
    hasWebhookSecret: { type: 'boolean' },
    allowedRedirectOrigins: { type: 'array', items: { type: 'string' } },
    allowedFrameOrigins: { type: 'array', items: { type: 'string' } },
    allowPrivateCallbacks: { type: 'boolean' },
    allowVirtualCameras: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
});

/** The answer to key creation: the key and webhook secret are shown only here. */
export const createdApiKeySchema = Type.Unsafe({
  type: 'object',
  required: ['apiKey', 'key', 'webhookSecret'],
  properties: {
    apiKey: apiKeySchema,
    key: { type: 'string', pattern: '^kyc_(live|test)_[A-Za-z0-9]{32,}$', description: 'Shown once: store it securely.' },
    webhookSecret: { type: 'string', pattern: '^whsec_', description: 'Shown once: verifies X-KYC-Signature.' },
  },
});

/** A key id path parameter. */
export const keyIdParam = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
