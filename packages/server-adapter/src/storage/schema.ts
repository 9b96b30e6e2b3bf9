/**
 * kysely table types of the Provefy database (the same on SQLite and PostgreSQL).
 *
 * - Times are epoch milliseconds (`bigint` on PostgreSQL: the `pg` driver returns them as strings,
 *   so row mappers always go through `Number()`).
 * - Booleans are integers 0/1 (SQLite has no boolean type).
 * - `*_enc` columns hold `v1.<kid>.<iv>.<ciphertext+tag>` AES-256-GCM envelopes (src/crypto/);
 *   `*_hash` columns hold SHA-256 (secrets) or HMAC-SHA256 (searchable PII) hex digests.
 * - JSON columns are text.
 */
import type { Generated } from 'kysely';

/** Epoch ms; PostgreSQL returns bigint columns as strings. */
export type EpochMs = number | string;

export interface ApiKeysTable {
  id: string;
  name: string;
  mode: string;
  prefix: string;
  key_hash: string;
  enabled_checks: string;
  thresholds: string;
  rate_limit_per_minute: number;
  branding: string;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  allowed_redirect_origins: string;
  allowed_frame_origins: string;
  allow_private_callbacks: number;
  /** Added by migration 002 (default 0). */
  allow_virtual_cameras: number;
  created_at: EpochMs;
  updated_at: EpochMs;
  revoked_at: EpochMs | null;
}

export interface SessionsTable {
  id: string;
  api_key_id: string;
  status: string;
  overall_result: string | null;
  external_ref_hash: string | null;
  external_ref_enc: string | null;
  token_hash: string | null;
  document_enc: string;
  version: number;
  created_at: EpochMs;
  updated_at: EpochMs;
  expires_at: EpochMs;
  completed_at: EpochMs | null;
  redacted_at: EpochMs | null;
}

export interface WebhookEventsTable {
  id: string;
  api_key_id: string;
  session_id: string | null;
  type: string;
  url: string;
  body_enc: string | null;
  status: string;
  attempts: number;
  created_at: EpochMs;
  next_attempt_at: EpochMs;
  delivered_at: EpochMs | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: EpochMs | null;
}

export interface WebhookAttemptsTable {
  id: string;
  event_id: string;
  attempt: number;
  started_at: EpochMs;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  success: number;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  key_hash: string;
  fingerprint: string;
  state: string;
  response_status: number | null;
  response_body_enc: string | null;
  response_headers: string | null;
  created_at: EpochMs;
  expires_at: EpochMs;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: EpochMs;
  count: Generated<number>;
  expires_at: EpochMs;
}

export interface AuditLogTable {
  id: string;
  at: EpochMs;
  action: string;
  api_key_id: string | null;
  session_id: string | null;
  actor: string | null;
  details: string;
}

export interface BlobsTable {
  id: string;
  session_id: string | null;
  kind: string;
  content_type: string;
  size: number;
  data_enc: Uint8Array;
  created_at: EpochMs;
  retain_until: EpochMs;
}

export interface LivenessAttemptsTable {
  id: string;
  session_id: string;
  /** SHA-256 hex of the nonce (the nonce itself is never stored). */
  nonce_hash: string;
  /** JSON array of the challenges, in order. */
  challenges: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  spent_at: EpochMs | null;
  /** JSON array of the spent upload's frame hashes (replay check of later attempts). */
  frame_hashes: string | null;
}

export interface Database {
  provefy_api_keys: ApiKeysTable;
  provefy_sessions: SessionsTable;
  provefy_webhook_events: WebhookEventsTable;
  provefy_webhook_attempts: WebhookAttemptsTable;
  provefy_idempotency_keys: IdempotencyKeysTable;
  provefy_rate_limits: RateLimitsTable;
  provefy_audit_log: AuditLogTable;
  provefy_blobs: BlobsTable;
  provefy_liveness_attempts: LivenessAttemptsTable;
}
