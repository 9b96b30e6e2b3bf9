/**
 * One source of settings (issue #15 item 3): the bounds the OpenAPI document advertises for a key's thresholds and
 * rate limit are the bounds core's SETTINGS hold, the REST API and the store accept exactly those values, and core's
 * session config agrees (minAge used to be 0..150 in the schema and core's config, 0..120 in the store and estimateAge).
 */
import { SETTINGS, type SettingName, checkSetting, resolveSessionConfig } from '@provefy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Provefy, type Store, createProvefy } from '../../src/index.js';
import { type ApiClient, client } from '../contract/contract-client.js';
import { type TestDatabase, targets } from '../storage/targets.js';
import { type Listening, listen } from '../support/mounts.js';

const ADMIN_TOKEN = 'settings-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const sqlite = targets.find((t) => t.name === 'sqlite')!;

/** Where each setting sits in a key's body, and a function that writes a value there. */
const FIELDS: { name: SettingName; field: string; body: (v: number) => Record<string, unknown>; schema: (doc: OpenApi) => JsonSchema }[] = [
  { name: 'minAge', field: 'thresholds.minAge', body: (v) => ({ thresholds: { minAge: v } }), schema: (d) => thresholdsSchema(d).properties.minAge },
  { name: 'livenessThreshold', field: 'thresholds.liveness', body: (v) => ({ thresholds: { liveness: v } }), schema: (d) => thresholdsSchema(d).properties.liveness },
  {
    name: 'faceMatchThreshold',
    field: 'thresholds.faceMatch.arcface_r50',
    body: (v) => ({ thresholds: { faceMatch: { arcface_r50: v } } }),
    schema: (d) => thresholdsSchema(d).properties.faceMatch.additionalProperties,
  },
  { name: 'rateLimitPerMinute', field: 'rateLimitPerMinute', body: (v) => ({ rateLimitPerMinute: v }), schema: (d) => createKeySchema(d).properties.rateLimitPerMinute },
];

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type JsonSchema = Record<string, any>;
type OpenApi = JsonSchema;
const createKeySchema = (doc: OpenApi): JsonSchema => doc.paths['/api/v1/admin/keys'].post.requestBody.content['application/json'].schema;
const thresholdsSchema = (doc: OpenApi): JsonSchema => createKeySchema(doc).properties.thresholds;

sqlite.describe('settings bounds agree everywhere', () => {
  let db: TestDatabase;
  let provefy: Provefy;
  let store: Store;
  let server: Listening;
  let api: ApiClient;
  let doc: OpenApi;

  beforeAll(async () => {
    db = sqlite.database();
    store = await db.open();
    provefy = createProvefy({ store, adminToken: ADMIN_TOKEN, webhooks: false, sweepIntervalMs: 0, logger: { error: console.error, warn: () => {}, info: () => {} } });
    await provefy.ready();
    server = await listen('node-http', provefy.fetch);
    api = client(server.baseUrl);
    doc = (await api.request<OpenApi>('GET', '/api/v1/openapi.json')).body;
  });
  afterAll(async () => {
    await server?.close();
    await provefy?.close();
    await db?.cleanup();
  });

  describe.each(FIELDS)('$name', ({ name, field, body, schema }) => {
    const spec = SETTINGS[name];

    it('the OpenAPI document advertises the bounds core holds', () => {
      expect(schema(doc)).toMatchObject({ type: spec.integer ? 'integer' : 'number', minimum: spec.min, maximum: spec.max });
    });

    it('the REST API and the store accept the bounds and refuse just outside them', async () => {
      for (const v of [spec.min, spec.max]) {
        const res = await api.request('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: `ok-${name}-${v}`, ...body(v) } });
        expect(res.status, res.text).toBe(201);
        // the store itself (under the HTTP schema) agrees
        await expect(store.apiKeys.create({ name: `store-${name}-${v}`, ...body(v) })).resolves.toBeDefined();
      }
      const step = spec.integer ? 1 : 0.001;
      for (const v of [spec.min - step, spec.max + step]) {
        const res = await api.request<{ code: string; field: string }>('POST', '/api/v1/admin/keys', { headers: ADMIN, json: { name: `bad-${name}`, ...body(v) } });
        expect(res.status, res.text).toBe(400);
        expect(res.body).toMatchObject({ code: 'PROVEFY_ERR_VALIDATION', field });
        await expect(store.apiKeys.create({ name: `store-bad-${name}`, ...body(v) })).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
        expect(() => checkSetting(name, v)).toThrow();
      }
    });
  });

  it("core's session config accepts exactly the same minAge and thresholds", () => {
    expect(resolveSessionConfig({ minAge: SETTINGS.minAge.max }).minAge).toBe(SETTINGS.minAge.max);
    expect(() => resolveSessionConfig({ minAge: SETTINGS.minAge.max + 1 })).toThrow(/config\.minAge must be an integer from 0 to 120/);
    expect(resolveSessionConfig()).toMatchObject({ minAge: 18, livenessThreshold: 0.85, faceMatchThreshold: 0.57 });
  });
});
