import { createHmac } from 'node:crypto';

/** Header names used by Provefy webhooks (lower-case, as Node exposes them). */
export const WEBHOOK_HEADERS = {
  signature: 'x-kyc-signature',
  signatureV2: 'x-kyc-signature-v2',
  timestamp: 'x-kyc-timestamp',
  event: 'x-kyc-event',
  eventId: 'x-kyc-event-id',
  attempt: 'x-kyc-delivery-attempt',
} as const;

/**
 * Hex HMAC-SHA256 of `data` with `secret` (the whole `whsec_...` string, UTF-8).
 *
 * @example
 * hmacHex('whsec_abc', '{"event":"verification.completed"}') // 64 hex chars
 */
export function hmacHex(secret: string, data: string | Uint8Array): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * Signature headers for one delivery of `body` (the exact bytes sent):
 * `X-KYC-Signature` = hex HMAC(secret, body) — what the contract's `verifyWebhook` snippet checks;
 * `X-KYC-Timestamp` = unix seconds; `X-KYC-Signature-V2` = hex HMAC(secret, `${timestamp}.${body}`)
 * (binds the timestamp, so receivers can reject replays).
 *
 * @example
 * const body = JSON.stringify(payload);
 * const headers = signWebhook(body, secret); // { 'X-KYC-Signature': …, 'X-KYC-Timestamp': …, 'X-KYC-Signature-V2': … }
 */
export function signWebhook(body: string, secret: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const ts = String(Math.floor(timestampSeconds));
  return {
    'X-KYC-Signature': hmacHex(secret, body),
    'X-KYC-Timestamp': ts,
    'X-KYC-Signature-V2': hmacHex(secret, `${ts}.${body}`),
  };
}
