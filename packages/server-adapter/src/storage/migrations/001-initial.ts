import type { Kysely, Migration } from 'kysely';

/**
 * Initial schema: API keys, sessions, webhook outbox + attempts, idempotency keys, rate-limit
 * windows, audit log, blobs. Portable types only (text, integer, bigint, blob/bytea).
 */
export function initialMigration(dialect: 'sqlite' | 'postgres'): Migration {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('provefy_api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('enabled_checks', 'text', (c) => c.notNull())
        .addColumn('thresholds', 'text', (c) => c.notNull())
        .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull())
        .addColumn('branding', 'text', (c) => c.notNull())
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret_enc', 'text')
        .addColumn('allowed_redirect_origins', 'text', (c) => c.notNull())
        .addColumn('allowed_frame_origins', 'text', (c) => c.notNull())
        .addColumn('allow_private_callbacks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('provefy_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('overall_result', 'text')
        .addColumn('external_ref_hash', 'text')
        .addColumn('external_ref_enc', 'text')
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('document_enc', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .addColumn('redacted_at', 'bigint')
        .execute();
      await db.schema.createIndex('provefy_sessions_key_created').on('provefy_sessions').columns(['api_key_id', 'created_at']).execute();
      await db.schema.createIndex('provefy_sessions_key_status').on('provefy_sessions').columns(['api_key_id', 'status', 'created_at']).execute();
      await db.schema.createIndex('provefy_sessions_key_ref').on('provefy_sessions').columns(['api_key_id', 'external_ref_hash']).execute();
      await db.schema.createIndex('provefy_sessions_status_expires').on('provefy_sessions').columns(['status', 'expires_at']).execute();

      await db.schema
        .createTable('provefy_webhook_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('body_enc', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('provefy_webhook_events_due').on('provefy_webhook_events').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('provefy_webhook_events_session').on('provefy_webhook_events').columns(['session_id']).execute();

      await db.schema
        .createTable('provefy_webhook_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('success', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('provefy_webhook_attempts_event').on('provefy_webhook_attempts').columns(['event_id', 'attempt']).execute();

      await db.schema
        .createTable('provefy_idempotency_keys')
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_body_enc', 'text')
        .addColumn('response_headers', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('provefy_idempotency_keys_pk', ['api_key_id', 'key_hash'])
        .execute();
      await db.schema.createIndex('provefy_idempotency_keys_expires').on('provefy_idempotency_keys').columns(['expires_at']).execute();

      await db.schema
        .createTable('provefy_rate_limits')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('provefy_rate_limits_pk', ['bucket', 'window_start'])
        .execute();
      await db.schema.createIndex('provefy_rate_limits_expires').on('provefy_rate_limits').columns(['expires_at']).execute();

      await db.schema
        .createTable('provefy_audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('actor', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('provefy_audit_log_session').on('provefy_audit_log').columns(['session_id', 'at']).execute();
      await db.schema.createIndex('provefy_audit_log_key').on('provefy_audit_log').columns(['api_key_id', 'at']).execute();

      await db.schema
        .createTable('provefy_blobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('data_enc', bytes, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('retain_until', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('provefy_blobs_session').on('provefy_blobs').columns(['session_id']).execute();
      await db.schema.createIndex('provefy_blobs_retain').on('provefy_blobs').columns(['retain_until']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        'provefy_blobs',
        'provefy_audit_log',
        'provefy_rate_limits',
        'provefy_idempotency_keys',
        'provefy_webhook_attempts',
        'provefy_webhook_events',
        'provefy_sessions',
        'provefy_api_keys',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
