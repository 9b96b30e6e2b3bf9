import { ProvefyError, SETTINGS, checkSetting } from '@provefy/core';
import { newId, randomBase62, sha256Hex } from '../../crypto/random.js';
import { aad } from '../aad.js';
import { type StoreContext, dateOf, dateOrNull, parseJson } from '../context.js';
import type { ApiKeysTable } from '../schema.js';
import {
  type ApiKey,
  type ApiKeyCreateInput,
  type ApiKeyCreated,
  type ApiKeyMode,
  type ApiKeyRepository,
  type ApiKeyUpdateInput,
  type Branding,
  CHECK_TYPES,
  type CheckType,
  type Thresholds,
} from '../types.js';

/** `kyc_live_` / `kyc_test_` + 32..128 base62 chars. */
export const API_KEY_RE = /^kyc_(live|test)_[A-Za-z0-9]{32,128}$/;
export const WEBHOOK_SECRET_RE = /^whsec_[A-Za-z0-9_-]{24,128}$/;
/** Random chars in a generated key (40 base62 chars ≈ 238 bits). */
export const API_KEY_RANDOM_CHARS = 40;

/** The defaults of a new key, from core's {@link SETTINGS}. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  liveness: SETTINGS.livenessThreshold.default,
  minAge: SETTINGS.minAge.default,
  faceMatch: Object.freeze({ arcface_r50: SETTINGS.faceMatchThreshold.default }),
}) as Thresholds;
export const DEFAULT_RATE_LIMIT_PER_MINUTE: number = SETTINGS.rateLimitPerMinute.default;
const EMPTY_BRANDING: Branding = { name: null, primaryColor: null, accentColor: null, logoUrl: null };

/**
 * Generates an API key: `kyc_<mode>_` + 40 base62 chars.
 *
 * @example
 * generateApiKey('test') // 'kyc_test_Vb0…'
 */
export function generateApiKey(mode: ApiKeyMode): string {
  return `kyc_${mode}_${randomBase62(API_KEY_RANDOM_CHARS)}`;
}

/**
 * Generates a webhook secret: `whsec_` + 40 base62 chars.
 *
 * @example
 * generateWebhookSecret() // 'whsec_8Jq…'
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBase62(40)}`;
}

/**
 * Hash under which a key is stored: hex SHA-256 (keys are high-entropy, so no slow KDF is needed).
 *
 * @example
 * hashApiKey('kyc_live_…') // '9f86d0…'
 */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

function invalid(field: string, message: string): never {
  throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${field}: ${message}`, { field });
}

function checkList(v: unknown, field: string): CheckType[] {
  if (!Array.isArray(v) || v.some((c) => !CHECK_TYPES.includes(c as CheckType))) invalid(field, `must be an array of ${CHECK_TYPES.join(', ')}`);
  return [...new Set(v as CheckType[])];
}


function thresholds(base: Thresholds, patch: Partial<Thresholds> | undefined): Thresholds {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object') invalid('thresholds', 'must be an object');
  const out: Thresholds = { liveness: base.liveness, minAge: base.minAge, faceMatch: { ...base.faceMatch } };
  if (patch.liveness !== undefined) out.liveness = checkSetting('livenessThreshold', patch.liveness, 'thresholds.liveness');
  if (patch.minAge !== undefined) out.minAge = checkSetting('minAge', patch.minAge, 'thresholds.minAge');
  if (patch.faceMatch !== undefined) {
    if (patch.faceMatch === null || typeof patch.faceMatch !== 'object' || Array.isArray(patch.faceMatch)) invalid('thresholds.faceMatch', 'must be an object of model id -> threshold');
    for (const [model, t] of Object.entries(patch.faceMatch)) out.faceMatch[model] = checkSetting('faceMatchThreshold', t, `thresholds.faceMatch.${model}`);
  }
  return out;
}

function nullableString(v: unknown, field: string, max = 2048): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string' || v.length > max) invalid(field, `must be a string of at most ${max} chars`);
  return v;
}

function branding(base: Branding, patch: Partial<Branding> | undefined): Branding {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object') invalid('branding', 'must be an object');
  const out = { ...base };
  for (const k of ['name', 'primaryColor', 'accentColor', 'logoUrl'] as const) {
    if (k in patch) out[k] = nullableString(patch[k], `branding.${k}`);
  }
  return out;
}

function origins(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((o) => typeof o !== 'string' || o.length > 2048)) invalid(field, 'must be an array of origins');
  return [...new Set(v as string[])];
}

function rateLimit(v: unknown): number {
  return checkSetting('rateLimitPerMinute', v ?? Number.NaN, 'rateLimitPerMinute');
}

function webhookUrl(v: unknown): string | null {
  const s = nullableString(v, 'webhookUrl');
  if (s === null) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    invalid('webhookUrl', 'must be an absolute http(s) URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') invalid('webhookUrl', 'must be an http(s) URL');
  return s;
}

const secretAad = aad.webhookSecret;

function toApiKey(row: ApiKeysTable): ApiKey {
  const t = parseJson<Partial<Thresholds>>(row.thresholds, {});
  return {
    id: row.id,
    name: row.name,
    mode: row.mode as ApiKeyMode,
    prefix: row.prefix,
    enabledChecks: parseJson<CheckType[]>(row.enabled_checks, []),
    thresholds: { liveness: t.liveness ?? DEFAULT_THRESHOLDS.liveness, minAge: t.minAge ?? DEFAULT_THRESHOLDS.minAge, faceMatch: { ...(t.faceMatch ?? DEFAULT_THRESHOLDS.faceMatch) } },
    rateLimitPerMinute: row.rate_limit_per_minute,
    branding: { ...EMPTY_BRANDING, ...parseJson<Partial<Branding>>(row.branding, {}) },
    webhookUrl: row.webhook_url,
    hasWebhookSecret: row.webhook_secret_enc !== null,
    allowedRedirectOrigins: parseJson<string[]>(row.allowed_redirect_origins, []),
    allowedFrameOrigins: parseJson<string[]>(row.allowed_frame_origins, []),
    allowPrivateCallbacks: Number(row.allow_private_callbacks) === 1,
    allowVirtualCameras: Number(row.allow_virtual_cameras) === 1,
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
    revokedAt: dateOrNull(row.revoked_at),
  };
}

/** API keys: only the SHA-256 of a key is stored; the webhook secret is stored encrypted (needed to sign). */
export function apiKeyRepository(ctx: StoreContext): ApiKeyRepository {
  const table = 'provefy_api_keys' as const;

  async function get(id: string): Promise<ApiKey | null> {
    const row = await ctx.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async function findByHash(hash: string): Promise<ApiKey | null> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    const row = await ctx.db.selectFrom(table).selectAll().where('key_hash', '=', hash).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  /** Runs a write to a key with the instance's key cache cleared before it and after it (a read in between cannot re-fill it with the old row). */
  async function invalidating<T>(write: () => Promise<T>): Promise<T> {
    ctx.apiKeyCache?.clear();
    try {
      return await write();
    } finally {
      ctx.apiKeyCache?.clear();
    }
  }

  return {
    async create(input: ApiKeyCreateInput): Promise<ApiKeyCreated> {
      if (!input || typeof input !== 'object') invalid('apiKey', 'input must be an object');
      if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200) invalid('name', 'must be a non-empty string of at most 200 chars');
      const mode: ApiKeyMode = input.mode ?? 'live';
      if (mode !== 'live' && mode !== 'test') invalid('mode', 'must be live or test');
      const key = input.apiKey ?? generateApiKey(mode);
      if (!API_KEY_RE.test(key) || !key.startsWith(`kyc_${mode}_`)) invalid('apiKey', `must match kyc_${mode}_ + at least 32 base62 chars`);
      const secret = input.webhookSecret ?? generateWebhookSecret();
      if (!WEBHOOK_SECRET_RE.test(secret)) invalid('webhookSecret', 'must match whsec_ + at least 24 chars');
      const id = newId('key');
      const now = ctx.now();
      const row: ApiKeysTable = {
        id,
        name: input.name.trim(),
        mode,
        prefix: key.slice(0, `kyc_${mode}_`.length + 4),
        key_hash: hashApiKey(key),
        enabled_checks: JSON.stringify(input.enabledChecks === undefined ? [...CHECK_TYPES] : checkList(input.enabledChecks, 'enabledChecks')),
        thresholds: JSON.stringify(thresholds(DEFAULT_THRESHOLDS, input.thresholds)),
        rate_limit_per_minute: input.rateLimitPerMinute === undefined ? DEFAULT_RATE_LIMIT_PER_MINUTE : rateLimit(input.rateLimitPerMinute),
        branding: JSON.stringify(branding(EMPTY_BRANDING, input.branding)),
        webhook_url: webhookUrl(input.webhookUrl),
        webhook_secret_enc: ctx.keyring.encryptString(secret, secretAad(id)),
        allowed_redirect_origins: JSON.stringify(input.allowedRedirectOrigins === undefined ? [] : origins(input.allowedRedirectOrigins, 'allowedRedirectOrigins')),
        allowed_frame_origins: JSON.stringify(input.allowedFrameOrigins === undefined ? [] : origins(input.allowedFrameOrigins, 'allowedFrameOrigins')),
        allow_private_callbacks: input.allowPrivateCallbacks ? 1 : 0,
        allow_virtual_cameras: input.allowVirtualCameras ? 1 : 0,
        created_at: now,
        updated_at: now,
        revoked_at: null,
      };
      await ctx.db.insertInto(table).values(row).execute();
      return { apiKey: toApiKey(row), key, webhookSecret: secret };
    },

    get,
    findByHash,

    async findByToken(token: string): Promise<ApiKey | null> {
      if (typeof token !== 'string' || !API_KEY_RE.test(token)) return null;
      return findByHash(hashApiKey(token));
    },

    async authenticate(token: string): Promise<ApiKey | null> {
      if (typeof token !== 'string' || !API_KEY_RE.test(token)) return null;
      const digest = hashApiKey(token);
      const cache = ctx.apiKeyCache;
      const cached = cache?.get(digest);
      if (cached) return cached;
      const generation = cache?.generation ?? 0;
      const k = await findByHash(digest);
      if (!k || k.revokedAt !== null) return null;
      return cache ? cache.set(digest, k, generation) : k;
    },

    async list(opts = {}): Promise<ApiKey[]> {
      let q = ctx.db.selectFrom(table).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
      if (!opts.includeRevoked) q = q.where('revoked_at', 'is', null);
      return (await q.execute()).map(toApiKey);
    },

    async update(id: string, patch: ApiKeyUpdateInput): Promise<ApiKey | null> {
      return invalidating(() => ctx.transaction(async (tx) => {
        const row = await tx.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return null;
        if (!patch || typeof patch !== 'object') invalid('apiKey', 'patch must be an object');
        const cur = toApiKey(row);
        const set: Partial<ApiKeysTable> = { updated_at: tx.now() };
        if (patch.name !== undefined) {
          if (typeof patch.name !== 'string' || patch.name.trim() === '' || patch.name.length > 200) invalid('name', 'must be a non-empty string of at most 200 chars');
          set.name = patch.name.trim();
        }
        if (patch.enabledChecks !== undefined) set.enabled_checks = JSON.stringify(checkList(patch.enabledChecks, 'enabledChecks'));
        if (patch.thresholds !== undefined) set.thresholds = JSON.stringify(thresholds(cur.thresholds, patch.thresholds));
        if (patch.rateLimitPerMinute !== undefined) set.rate_limit_per_minute = rateLimit(patch.rateLimitPerMinute);
        if (patch.branding !== undefined) set.branding = JSON.stringify(branding(cur.branding, patch.branding));
        if (patch.webhookUrl !== undefined) set.webhook_url = webhookUrl(patch.webhookUrl);
        if (patch.allowedRedirectOrigins !== undefined) set.allowed_redirect_origins = JSON.stringify(origins(patch.allowedRedirectOrigins, 'allowedRedirectOrigins'));
        if (patch.allowedFrameOrigins !== undefined) set.allowed_frame_origins = JSON.stringify(origins(patch.allowedFrameOrigins, 'allowedFrameOrigins'));
        if (patch.allowPrivateCallbacks !== undefined) set.allow_private_callbacks = patch.allowPrivateCallbacks ? 1 : 0;
        if (patch.allowVirtualCameras !== undefined) set.allow_virtual_cameras = patch.allowVirtualCameras ? 1 : 0;
        await tx.db.updateTable(table).set(set).where('id', '=', id).execute();
        return toApiKey({ ...row, ...set });
      }));
    },

    async revoke(id: string): Promise<ApiKey | null> {
      const now = ctx.now();
      await invalidating(() => ctx.db.updateTable(table).set({ revoked_at: now, updated_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute());
      return get(id);
    },

    async rotateWebhookSecret(id: string, secret?: string) {
      const next = secret ?? generateWebhookSecret();
      if (!WEBHOOK_SECRET_RE.test(next)) invalid('webhookSecret', 'must match whsec_ + at least 24 chars');
      const r = await invalidating(() =>
        ctx.db
          .updateTable(table)
          .set({ webhook_secret_enc: ctx.keyring.encryptString(next, secretAad(id)), updated_at: ctx.now() })
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (Number(r.numUpdatedRows) === 0) return null;
      const apiKey = await get(id);
      return apiKey ? { apiKey, webhookSecret: next } : null;
    },

    async getWebhookSecret(id: string): Promise<string | null> {
      const row = await ctx.db.selectFrom(table).select('webhook_secret_enc').where('id', '=', id).executeTakeFirst();
      if (!row?.webhook_secret_enc) return null;
      return ctx.keyring.decryptString(row.webhook_secret_enc, secretAad(id));
    },
  };
}
