import type { Kysely, Migration } from 'kysely';

/**
 * Server-issued liveness attempts (nonce hash, challenges, validity, when spent and the spent upload's frame
 * hashes) and the API key's `allowVirtualCameras` option (default off). Portable types only.
 */
export function livenessAttemptsMigration(_dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('provefy_api_keys').addColumn('allow_virtual_cameras', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('provefy_liveness_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('nonce_hash', 'text', (c) => c.notNull().unique())
        .addColumn('challenges', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('spent_at', 'bigint')
        .addColumn('frame_hashes', 'text')
        .execute();
      await db.schema.createIndex('provefy_liveness_attempts_session').on('provefy_liveness_attempts').columns(['session_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('provefy_liveness_attempts').execute();
      await db.schema.alterTable('provefy_api_keys').dropColumn('allow_virtual_cameras').execute();
    },
  };
}
