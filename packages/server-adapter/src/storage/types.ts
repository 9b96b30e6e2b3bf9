/**
 * The storage contract of @provefy/server-adapter. The HTTP layer codes against `Store` only;
 * `createStore()` (src/storage/create-store.ts) returns an implementation backed by kysely on
 * SQLite (better-sqlite3, WAL) or PostgreSQL (pg Pool).
 *
 * Conventions:
 * - Times are JS `Date` objects in the API (stored as epoch milliseconds).
 * - Everything that may hold PII (the session document, externalRef, webhook payloads, stored
 *   idempotent response bodies, blobs, webhook secrets) is encrypted with AES-256-GCM before it
 *   reaches the database; only non-PII index columns are stored in clear. The store encrypts and
 *   decrypts transparently: callers always see plaintext.
 * - Secrets (API keys, verification tokens) are stored only as SHA-256 hashes.
 * - Failures are typed `ProvefyError`s (`PROVEFY_ERR_STORE_CONFLICT` on a stale `expectedVersion`,
 *   `PROVEFY_ERR_NOT_FOUND`, `PROVEFY_ERR_ENCRYPTION_KEY_MISSING`, ...).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

// ---------------------------------------------------------------------------------------------
// Shared vocabulary (mirrors the public API contract)
// ---------------------------------------------------------------------------------------------

/** Check names exactly as in the contract's `checks` array. */
export type CheckType = 'liveness' | 'age_estimation' | 'doc_verify' | 'face_match';
export const CHECK_TYPES: readonly CheckType[] = ['liveness', 'age_estimation', 'doc_verify', 'face_match'];

export type SessionStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'EXPIRED' | 'CANCELLED';
export const SESSION_STATUSES: readonly SessionStatus[] = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED'];
export type OverallResult = 'APPROVED' | 'REJECTED' | 'REVIEW';
export type ApiKeyMode = 'live' | 'test';

/** Webhook event types sent by the adapter. */
export type WebhookEventType = 'verification.completed' | 'verification.expired' | 'verification.cancelled';

// ---------------------------------------------------------------------------------------------
// Store construction
// ---------------------------------------------------------------------------------------------

export type StoreConnection =
  | { dialect: 'sqlite'; filename: string }
  /**
   * `schema`: a PostgreSQL schema to use (created if missing); tests use a unique one per run. `namedStatements`
   * (default true): run the hot-path queries as named (server-side prepared) statements, parsed once per connection
   * and planned per execution (`plan_cache_mode=force_custom_plan` on the store's connections, PostgreSQL 12+); set
   * it to false behind a pooler that does not keep them per client (PgBouncer in transaction mode before 1.21, or
   * without `max_prepared_statements`) or on PostgreSQL 11 and older.
   */
  | { dialect: 'postgres'; connectionString: string; schema?: string; poolSize?: number; namedStatements?: boolean }
  /** Bring your own kysely instance (the store does not close it unless `ownsDb`). */
  | { db: Kysely<Database>; dialect: 'sqlite' | 'postgres'; ownsDb?: boolean };

/** Encryption keyring configuration (see src/crypto/keyring.ts). */
export interface EncryptionOptions {
  /**
   * Current key: 32 bytes as base64/base64url/hex string or raw bytes. Falls back to env
   * `PROVEFY_ENCRYPTION_KEY`. With `NODE_ENV=production` and no key, `createStore` throws
   * `PROVEFY_ERR_ENCRYPTION_KEY_MISSING`; otherwise a dev key is generated and persisted to
   * `devKeyFile` with a loud warning.
   */
  key?: string | Uint8Array;
  /** Key id embedded in every ciphertext (default: derived from the key, 8 hex chars). */
  keyId?: string;
  /** Older keys still accepted for decryption (rotation). Env: `PROVEFY_ENCRYPTION_OLD_KEYS` = `kid:key,kid:key`. */
  previousKeys?: Array<{ id?: string; key: string | Uint8Array }>;
  /** Where a generated dev key is persisted (default `.provefy/dev-encryption-key` under cwd). */
  devKeyFile?: string;
}

export interface StoreOptions {
  encryption?: EncryptionOptions;
  /** Clock (epoch ms) for tests; default `Date.now`. */
  now?: () => number;
  /** Overrides `process.env.NODE_ENV` for the production key check. */
  nodeEnv?: string;
  /** Logger for warnings (dev key generated, ...). Default: console. */
  logger?: Pick<Console, 'warn' | 'error' | 'info'>;
  /**
   * How long this instance trusts an API key it verified before reading it again (default 5 000 ms, core's
   * `SETTINGS.apiKeyCacheTtlMs`; 0 reads it on every request). A revoke or update made through this store applies at
   * once; one made by another instance sharing the database applies here within this time.
   */
  apiKeyCacheTtlMs?: number;
}

// ---------------------------------------------------------------------------------------------
// API keys
// ---------------------------------------------------------------------------------------------

export interface Thresholds {
  /** Liveness pass threshold, default 0.85. */
  liveness: number;
  /** Minimum age, default 18. */
  minAge: number;
  /** Face-match threshold per recognizer model id, default `{ arcface_r50: 0.57 }`; models not listed use core's default. */
  faceMatch: Record<string, number>;
}

export interface Branding {
  name: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  logoUrl: string | null;
}

/** An API key as returned by the store: never contains the key or the webhook secret. */
export interface ApiKey {
  id: string;
  name: string;
  mode: ApiKeyMode;
  /** Non-secret display prefix, e.g. `kyc_live_aB3x`. */
  prefix: string;
  enabledChecks: CheckType[];
  thresholds: Thresholds;
  rateLimitPerMinute: number;
  branding: Branding;
  webhookUrl: string | null;
  /** True when a webhook secret exists (read it with `apiKeys.getWebhookSecret`). */
  hasWebhookSecret: boolean;
  allowedRedirectOrigins: string[];
  allowedFrameOrigins: string[];
  /** Allow callback URLs on private/loopback/link-local addresses for this key (off by default). */
  allowPrivateCallbacks: boolean;
  /**
   * Let a known virtual camera or browser fake device pass liveness (default false: such a capture is held at
   * REVIEW with `VIRTUAL_CAMERA`). For test set-ups that drive the hosted page through Chromium's fake camera.
   */
  allowVirtualCameras: boolean;
  createdAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

export interface ApiKeyCreateInput {
  name: string;
  mode?: ApiKeyMode; // default 'live'
  enabledChecks?: CheckType[]; // default all four
  thresholds?: Partial<Thresholds>;
  rateLimitPerMinute?: number; // default 100
  branding?: Partial<Branding>;
  webhookUrl?: string | null;
  allowedRedirectOrigins?: string[];
  allowedFrameOrigins?: string[];
  allowPrivateCallbacks?: boolean;
  /** Default false; see {@link ApiKey.allowVirtualCameras}. */
  allowVirtualCameras?: boolean;
  /** Use a caller-supplied key (must match `kyc_(live|test)_[A-Za-z0-9]{32,}`); default: generated. */
  apiKey?: string;
  /** Use a caller-supplied webhook secret (`whsec_...`); default: generated. */
  webhookSecret?: string;
}

export type ApiKeyUpdateInput = Partial<Omit<ApiKeyCreateInput, 'apiKey' | 'webhookSecret' | 'mode'>>;

export interface ApiKeyCreated {
  apiKey: ApiKey;
  /** The plaintext key: shown once, never stored. */
  key: string;
  /** The plaintext webhook secret (`whsec_...`). */
  webhookSecret: string;
}

export interface ApiKeyRepository {
  create(input: ApiKeyCreateInput): Promise<ApiKeyCreated>;
  get(id: string): Promise<ApiKey | null>;
  /** Lookup by SHA-256 hex of the full key. Returns revoked keys too (check `revokedAt`). */
  findByHash(hash: string): Promise<ApiKey | null>;
  /** Lookup by plaintext key (hashes it). Returns revoked keys too. */
  findByToken(token: string): Promise<ApiKey | null>;
  /** Active key for a bearer token, or null when unknown, malformed or revoked. */
  authenticate(token: string): Promise<ApiKey | null>;
  /** All keys (no secrets), newest first. */
  list(opts?: { includeRevoked?: boolean }): Promise<ApiKey[]>;
  update(id: string, patch: ApiKeyUpdateInput): Promise<ApiKey | null>;
  revoke(id: string): Promise<ApiKey | null>;
  /** Generates (or sets) a new `whsec_...`; returns it in plaintext once. */
  rotateWebhookSecret(id: string, secret?: string): Promise<{ apiKey: ApiKey; webhookSecret: string } | null>;
  getWebhookSecret(id: string): Promise<string | null>;
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

/** The serialized session (from @provefy/core's session machine); opaque to the store, stored encrypted. */
export type SessionDocument = Record<string, unknown>;

export interface SessionRecord<D extends SessionDocument = SessionDocument> {
  id: string;
  apiKeyId: string;
  status: SessionStatus;
  overallResult: OverallResult | null;
  /** Decrypted externalRef (null when none or redacted). */
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  redactedAt: Date | null;
  /** Optimistic-concurrency version, starts at 1, +1 per update. */
  version: number;
  document: D;
}

export interface SessionCreateInput<D extends SessionDocument = SessionDocument> {
  /** Default: `crypto.randomUUID()`. */
  id?: string;
  apiKeyId: string;
  status?: SessionStatus; // default 'PENDING'
  externalRef?: string | null;
  expiresAt: Date;
  /** Default: a generated 43-char base62 token. Only its hash is stored. */
  verificationToken?: string;
  document: D;
}

export interface SessionCreated<D extends SessionDocument = SessionDocument> {
  session: SessionRecord<D>;
  /** Plaintext verification token (for `verificationUrl`); not retrievable later. */
  verificationToken: string;
}

export interface SessionPatch<D extends SessionDocument = SessionDocument> {
  status?: SessionStatus;
  overallResult?: OverallResult | null;
  completedAt?: Date | null;
  expiresAt?: Date;
  document?: D;
}

export interface SessionListQuery {
  apiKeyId: string;
  status?: SessionStatus;
  externalRef?: string;
  page?: number; // 1-based, default 1
  limit?: number; // default 20, max 100
}

export interface SessionListResult<D extends SessionDocument = SessionDocument> {
  items: SessionRecord<D>[];
  total: number;
  page: number;
  limit: number;
}

export interface SessionRepository {
  create<D extends SessionDocument>(input: SessionCreateInput<D>): Promise<SessionCreated<D>>;
  /** `apiKeyId` scopes the lookup (a session of another key is `null`). */
  get<D extends SessionDocument>(id: string, opts?: { apiKeyId?: string }): Promise<SessionRecord<D> | null>;
  findByVerificationToken<D extends SessionDocument>(token: string): Promise<SessionRecord<D> | null>;
  /**
   * Compare-and-set update. Throws `ProvefyError('PROVEFY_ERR_STORE_CONFLICT')` when the row's
   * version is not `expectedVersion`, `PROVEFY_ERR_NOT_FOUND` when there is no such session.
   */
  update<D extends SessionDocument>(id: string, expectedVersion: number, patch: SessionPatch<D>): Promise<SessionRecord<D>>;
  /**
   * Read-modify-write with retries on version conflicts: `fn` gets the current record and returns
   * a patch (or null for "no change"). Runs `fn` again on conflict (max `retries`, default 5).
   * Use inside `store.transaction` to also enqueue webhooks atomically.
   */
  mutate<D extends SessionDocument>(
    id: string,
    fn: (current: SessionRecord<D>) => SessionPatch<D> | null | Promise<SessionPatch<D> | null>,
    opts?: { apiKeyId?: string; retries?: number },
  ): Promise<SessionRecord<D> | null>;
  list<D extends SessionDocument>(query: SessionListQuery): Promise<SessionListResult<D>>;
  /**
   * Redact: replace the document by `skeleton` (default `{ redacted: true }`), drop externalRef
   * and the verification token, delete the session's blobs and delivered webhook payloads, set
   * `redactedAt`, keep id/status/result/timestamps (the audit skeleton).
   */
  redact<D extends SessionDocument>(id: string, opts?: { apiKeyId?: string; skeleton?: D }): Promise<SessionRecord<D> | null>;
  /** Sessions in PENDING/IN_PROGRESS whose `expiresAt` <= now (for the sweeper). */
  listExpired(now: Date, limit?: number): Promise<SessionRecord[]>;
  /** Finished (COMPLETED/EXPIRED/CANCELLED), not yet redacted sessions last changed before `before` (data retention). */
  listFinishedBefore(before: Date, limit?: number): Promise<SessionRecord[]>;
}

// ---------------------------------------------------------------------------------------------
// Webhook outbox
// ---------------------------------------------------------------------------------------------

export type WebhookEventStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookEnqueueInput {
  apiKeyId: string;
  sessionId: string | null;
  type: WebhookEventType;
  /** Target URL (session `callbackUrl` or the key's `webhookUrl`). */
  url: string;
  /** The payload; sent as exactly `JSON.stringify(payload)`, stored encrypted. */
  payload: Record<string, unknown>;
  /** Earliest delivery time (default now). */
  availableAt?: Date;
}

export interface WebhookEvent {
  id: string;
  apiKeyId: string;
  sessionId: string | null;
  type: WebhookEventType;
  url: string;
  /** Exact body sent on every attempt (`JSON.stringify(payload)`); null after redaction of a delivered event. */
  body: string | null;
  status: WebhookEventStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  /** Set while claimed by a worker. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

export interface WebhookAttempt {
  id: string;
  eventId: string;
  attempt: number;
  startedAt: Date;
  /** HTTP status or null on network error/timeout/refusal. */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  success: boolean;
}

export interface WebhookOutbox {
  enqueue(input: WebhookEnqueueInput): Promise<WebhookEvent>;
  /**
   * Claim up to `limit` due events (pending, `nextAttemptAt <= now`, no live lease) for `owner`
   * for `leaseMs`. PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: one write transaction. Two
   * workers never hold the same event at once.
   */
  claim(owner: string, opts: { limit: number; leaseMs: number }): Promise<WebhookEvent[]>;
  /** Record one attempt (always, success or not). */
  recordAttempt(attempt: Omit<WebhookAttempt, 'id'>): Promise<WebhookAttempt>;
  /** Mark delivered (only if still leased by `owner`). Returns false if the lease was lost. */
  markDelivered(eventId: string, owner: string): Promise<boolean>;
  /** Release the lease and schedule the next attempt, or mark dead when `nextAttemptAt` is null. */
  reschedule(eventId: string, owner: string, nextAttemptAt: Date | null, error: string): Promise<boolean>;
  /** Manual retry: a delivered or dead event becomes pending again, due now. */
  retry(eventId: string): Promise<WebhookEvent | null>;
  get(eventId: string): Promise<WebhookEvent | null>;
  list(query: { apiKeyId?: string; sessionId?: string; status?: WebhookEventStatus; limit?: number }): Promise<WebhookEvent[]>;
  attempts(eventId: string): Promise<WebhookAttempt[]>;
  /** Count of pending events (for graceful drain/metrics). */
  countPending(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Idempotency keys
// ---------------------------------------------------------------------------------------------

export type IdempotencyBegin =
  /** First time: the caller runs the request then calls `complete` (or `release` on failure). */
  | { state: 'new' }
  /** Same key, same fingerprint, finished: answer with the stored response. */
  | { state: 'replay'; status: number; body: string; headers: Record<string, string> }
  /** Same key, still running in another request. Answer 409. */
  | { state: 'in_progress' }
  /** Same key, different request fingerprint. Answer 400/422. */
  | { state: 'mismatch' };

export interface IdempotencyRepository {
  /** Atomically reserves (apiKeyId, key). `fingerprint`: e.g. sha256 of method+path+body. */
  begin(input: { apiKeyId: string; key: string; fingerprint: string; ttlMs?: number }): Promise<IdempotencyBegin>;
  /** Stores the response (body encrypted). */
  complete(input: { apiKeyId: string; key: string; status: number; body: string; headers?: Record<string, string> }): Promise<void>;
  /** Drop a reservation (request failed with 5xx: allow a retry). */
  release(input: { apiKeyId: string; key: string }): Promise<void>;
  /** Delete expired keys; returns the number removed. */
  sweep(now?: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets (for `X-RateLimit-Reset`). */
  resetAt: number;
  /** Seconds until retry (for `Retry-After`); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimitRepository {
  /**
   * Atomic sliding-window hit (UPSERT ... RETURNING count and the previous window's count): of 2N concurrent hits with
   * room for N, exactly N are allowed, across all instances sharing the database.
   */
  hit(bucket: string, limit: number, opts?: { windowMs?: number; now?: number }): Promise<RateLimitDecision>;
  /** Delete windows older than `before` (epoch ms). */
  sweep(before?: number): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------------------------

export interface AuditEntry {
  id: string;
  at: Date;
  /** e.g. `session.created`, `session.redacted`, `api_key.revoked`, `webhook.dead`. */
  action: string;
  apiKeyId: string | null;
  sessionId: string | null;
  /** `api_key:<id>`, `admin`, `system`, `flow`. */
  actor: string | null;
  /** Non-PII structured details (never put names, document numbers, ... here). */
  details: Record<string, unknown>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id' | 'at' | 'details' | 'apiKeyId' | 'sessionId' | 'actor'> & Partial<Pick<AuditEntry, 'apiKeyId' | 'sessionId' | 'actor' | 'details'>>): Promise<AuditEntry>;
  list(query: { sessionId?: string; apiKeyId?: string; limit?: number }): Promise<AuditEntry[]>;
}

// ---------------------------------------------------------------------------------------------
// Liveness attempts
// ---------------------------------------------------------------------------------------------

/** A server-issued liveness attempt (its nonce is never stored, only its hash). */
export interface LivenessAttempt {
  id: string;
  sessionId: string;
  /** The challenges of the attempt, in the order asked. */
  challenges: string[];
  createdAt: Date;
  expiresAt: Date;
  /** When an upload spent it (null while unused). */
  spentAt: Date | null;
}

export interface LivenessAttemptRepository {
  create(input: { sessionId: string; nonce: string; challenges: readonly string[]; expiresAt: Date }): Promise<LivenessAttempt>;
  /** The attempt of this nonce for this session, or null (another session's nonce is unknown here). */
  findByNonce(sessionId: string, nonce: string): Promise<LivenessAttempt | null>;
  /** Marks an unspent attempt spent with the upload's frame hashes; false when it was already spent (compare-and-set). */
  spend(id: string, frameHashes: readonly string[]): Promise<boolean>;
  /** Frame hashes of the session's spent attempts. */
  spentFrameHashes(sessionId: string): Promise<Set<string>>;
  deleteForSession(sessionId: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Blobs (images) with retention
// ---------------------------------------------------------------------------------------------

export interface BlobMeta {
  id: string;
  sessionId: string | null;
  /** e.g. `selfie`, `document_front`, `document_back`, `liveness_frame`. */
  kind: string;
  contentType: string;
  size: number;
  createdAt: Date;
  /** Deleted by the sweeper after this time. */
  retainUntil: Date;
}

export interface BlobRepository {
  /** Stores `data` encrypted. Images are NOT kept by default: only call this when retention is configured. */
  put(input: { sessionId: string | null; kind: string; contentType: string; data: Uint8Array; retainUntil: Date }): Promise<BlobMeta>;
  get(id: string): Promise<{ meta: BlobMeta; data: Uint8Array } | null>;
  listForSession(sessionId: string): Promise<BlobMeta[]>;
  /** Deletes the session's blobs (only those of `kind` when given). */
  deleteForSession(sessionId: string, kind?: string): Promise<number>;
  /** Deletes blobs with `retainUntil <= now`. */
  sweepExpired(now?: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The underlying kysely instance (bound to the transaction inside `transaction`). */
  readonly db: Kysely<Database>;
  /** Runs pending migrations (idempotent; safe to call from several instances at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` in one database transaction; `tx` is a Store whose repositories all use it, so a
   * session update and its webhook outbox row commit (or roll back) together. Nested calls reuse
   * the outer transaction.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   const s = await tx.sessions.update(id, v, { status: 'COMPLETED', overallResult: 'APPROVED', completedAt: new Date() });
   *   await tx.webhooks.enqueue({ apiKeyId: s.apiKeyId, sessionId: s.id, type: 'verification.completed', url, payload });
   * });
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  readonly apiKeys: ApiKeyRepository;
  readonly sessions: SessionRepository;
  readonly webhooks: WebhookOutbox;
  readonly idempotency: IdempotencyRepository;
  readonly rateLimits: RateLimitRepository;
  readonly audit: AuditRepository;
  readonly blobs: BlobRepository;
  readonly livenessAttempts: LivenessAttemptRepository;
  /** Current time in epoch ms (the store's clock). */
  now(): number;
  /** Wakes local webhook workers after an enqueue (in-process hint; other instances poll). */
  onWebhookEnqueued(listener: () => void): () => void;
}
