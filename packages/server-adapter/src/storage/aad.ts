/**
 * Additional authenticated data of each encrypted column: binds a ciphertext to its row, so a
 * value copied into another row (or column) fails to decrypt. One place, shared by the
 * repositories and `reencryptAll`.
 */
export const aad = {
  sessionDocument: (sessionId: string) => `session.document:${sessionId}`,
  sessionExternalRef: (sessionId: string) => `session.external_ref:${sessionId}`,
  webhookSecret: (apiKeyId: string) => `api_key.webhook_secret:${apiKeyId}`,
  webhookBody: (eventId: string) => `webhook.body:${eventId}`,
  idempotencyBody: (apiKeyId: string, keyHash: string) => `idempotency:${apiKeyId}:${keyHash}`,
  blob: (blobId: string) => `blob:${blobId}`,
} as const;

/** Context of the externalRef blind index (HMAC). */
export const EXTERNAL_REF_INDEX = 'session.external_ref';
