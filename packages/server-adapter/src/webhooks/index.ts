export { signWebhook, hmacHex, WEBHOOK_HEADERS } from './signature.js';
export {
  verifyWebhookSignature,
  type VerifyWebhookSignatureOptions,
  type VerifyWebhookResult,
  type VerifyWebhookFailure,
  type HeaderSource,
} from './verify.js';
export {
  isPrivateAddress,
  assertCallbackUrlAllowed,
  literalHostRefusal,
  parseCallbackUrl,
  guardedLookup,
  systemLookup,
  type CallbackUrlCheckOptions,
  type HostLookup,
  type ResolvedAddress,
} from './ssrf.js';
export { backoffDelay, nextAttemptAt, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { deliverWebhook, closeDeliveryAgents, type DeliveryRequest, type DeliveryResult } from './deliver.js';
export { createWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker.js';
