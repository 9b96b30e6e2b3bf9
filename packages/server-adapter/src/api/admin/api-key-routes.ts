import { adminAuth } from '../../middleware/auth/auth.js';
import { HttpError } from '../../http/http-error.js';
import { json } from '../../http/response.js';
import { type Route, defineRoute } from '../../http/route.js';
import type { ApiKeyCreateInput, ApiKeyUpdateInput } from '../../storage/types.js';
import type { AppDeps } from '../deps.js';
import { assertKeyTargets } from '../verify/url-policy.js';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema, keyIdParam, listApiKeysQuery, updateApiKeyBody } from './api-key-schemas.js';
import { stripUndefined } from '../../util/strip-undefined.js';

const TAGS = ['Admin: API keys'];
/** Fields whose change re-runs the SSRF check of a key's targets. */
const TARGET_FIELDS = ['webhookUrl', 'allowedRedirectOrigins', 'allowedFrameOrigins', 'allowPrivateCallbacks'] as const;


/**
 * The admin API for API keys, guarded by the admin token: create (the key is shown once), list and get (never secrets),
 * update, revoke, and rotate the webhook secret.
 *
 * @example
 * ```ts
 * const routes = apiKeyRoutes(deps); // mount with the other routes in createProvefy
 * ```
 */
export function apiKeyRoutes(deps: AppDeps): Route[] {
  const middleware = [adminAuth(deps.adminToken)];
  const common = { tags: TAGS, security: 'adminToken' as const, middleware, params: { keyId: keyIdParam }, paramError: 'PROVEFY_ERR_API_KEY_NOT_FOUND' as const };
  const audit = (action: string, apiKeyId: string) => deps.store.audit.append({ action, apiKeyId, actor: 'admin' }).catch(() => undefined);

  return [
    defineRoute({
      ...common,
      method: 'POST',
      path: '/api/v1/admin/keys',
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description: 'Returns the key and the webhook secret once; only their hashes (key) or ciphertext (secret) are stored.',
      body: createApiKeyBody,
      responses: { 201: { description: 'Created', schema: createdApiKeySchema } },
      handler: async (_ctx, { body }) => {
        await assertKeyTargets(body as ApiKeyCreateInput, deps.resolveHost);
        const created = await deps.store.apiKeys.create(body as ApiKeyCreateInput);
        await audit('api_key.created', created.apiKey.id);
        return json({ apiKey: created.apiKey, key: created.key, webhookSecret: created.webhookSecret }, 201);
      },
    }),
    defineRoute({
      ...common,
      method: 'GET',
      path: '/api/v1/admin/keys',
      operationId: 'listApiKeys',
      summary: 'List API keys (without secrets)',
      query: listApiKeysQuery,
      responses: { 200: { description: 'OK', schema: { type: 'object', properties: { keys: { type: 'array', items: apiKeySchema } } } } },
      handler: async (_ctx, { query }) => json({ keys: await deps.store.apiKeys.list({ includeRevoked: query.includeRevoked ?? false }) }),
    }),
    defineRoute({
      ...common,
      method: 'GET',
      path: '/api/v1/admin/keys/:keyId',
      operationId: 'getApiKey',
      summary: 'Get an API key (without secrets)',
      responses: { 200: { description: 'OK', schema: apiKeySchema }, 404: { description: 'API key not found' } },
      handler: async (_ctx, { params }) => json(found(await deps.store.apiKeys.get(params.keyId!))),
    }),
    defineRoute({
      ...common,
      method: 'PATCH',
      path: '/api/v1/admin/keys/:keyId',
      operationId: 'updateApiKey',
      summary: 'Update an API key',
      body: updateApiKeyBody,
      responses: { 200: { description: 'Updated', schema: apiKeySchema }, 404: { description: 'API key not found' } },
      handler: async (_ctx, { params, body }) => {
        const patch = body as ApiKeyUpdateInput;
        if (TARGET_FIELDS.some((f) => patch[f] !== undefined)) {
          const current = found(await deps.store.apiKeys.get(params.keyId!));
          await assertKeyTargets({ ...current, ...stripUndefined(patch) }, deps.resolveHost);
        }
        const updated = found(await deps.store.apiKeys.update(params.keyId!, body as ApiKeyUpdateInput));
        await audit('api_key.updated', updated.id);
        return json(updated);
      },
    }),
    defineRoute({
      ...common,
      method: 'POST',
      path: '/api/v1/admin/keys/:keyId/revoke',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description: 'The key stops authenticating at once on the instance that revokes it and within apiKeyCacheTtlMs (default 5 s) on the others. Revoking twice is harmless.',
      responses: { 200: { description: 'Revoked', schema: apiKeySchema }, 404: { description: 'API key not found' } },
      handler: async (_ctx, { params }) => {
        const revoked = found(await deps.store.apiKeys.revoke(params.keyId!));
        await audit('api_key.revoked', revoked.id);
        return json(revoked);
      },
    }),
    defineRoute({
      ...common,
      method: 'POST',
      path: '/api/v1/admin/keys/:keyId/webhook-secret',
      operationId: 'rotateWebhookSecret',
      summary: 'Rotate the webhook secret',
      description: 'Generates a new `whsec_...` secret, returned once. Webhooks are signed with it from now on.',
      responses: {
        200: {
          description: 'Rotated',
          schema: { type: 'object', properties: { apiKey: apiKeySchema, webhookSecret: { type: 'string' } } },
        },
        404: { description: 'API key not found' },
      },
      handler: async (_ctx, { params }) => {
        const rotated = found(await deps.store.apiKeys.rotateWebhookSecret(params.keyId!));
        await audit('api_key.webhook_secret_rotated', rotated.apiKey.id);
        return json({ apiKey: rotated.apiKey, webhookSecret: rotated.webhookSecret });
      },
    }),
  ];
}

function found<T>(value: T | null): T {
  if (value === null) throw new HttpError('PROVEFY_ERR_API_KEY_NOT_FOUND');
  return value;
}
