import { timingSafeEqual } from 'node:crypto';
import { WEBHOOK_HEADERS, hmacHex } from './signature.js';

/** Headers as a WHATWG `Headers`, a Node `IncomingHttpHeaders`, or a plain record. */
export type HeaderSource = Headers | { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface VerifyWebhookSignatureOptions {
  /** The exact raw request body (do not re-serialize parsed JSON). */
  rawBody: string | Uint8Array;
  headers: HeaderSource;
  /** Your webhook secret (`whsec_...`); several during a secret rotation. */
  secret: string | readonly string[];
  /** Max age/skew of `X-KYC-Timestamp`, default 300 s. */
  toleranceSeconds?: number;
  /** Accept requests that carry only the legacy `X-KYC-Signature` (no timestamp, no replay protection). Default false. */
  allowLegacy?: boolean;
  /** Current time in ms (tests). */
  now?: number;
}

export type VerifyWebhookFailure =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch';

export type VerifyWebhookResult =
  | { valid: true; scheme: 'v2' | 'v1'; timestamp: number | null }
  | { valid: false; reason: VerifyWebhookFailure };

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  let v = rec[name];
  if (v === undefined) {
    const k = Object.keys(rec).find((key) => key.toLowerCase() === name);
    v = k === undefined ? undefined : rec[k];
  }
  return Array.isArray(v) ? v[0] : v;
}

function hexEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) return false;
  return timingSafeEqual(ab, bb);
}

/**
 * Verifies a Provefy webhook on the receiver side: HMAC over `${X-KYC-Timestamp}.${rawBody}`
 * (`X-KYC-Signature-V2`), constant-time comparison, timestamp within `toleranceSeconds`.
 * Never throws on bad input: returns `{ valid: false, reason }`.
 *
 * @example
 * // Express: app.post('/webhook/kyc', express.raw({ type: 'application/json' }), (req, res) => {
 * const check = verifyWebhookSignature({ rawBody: req.body, headers: req.headers, secret: process.env.KYC_WEBHOOK_SECRET! });
 * if (!check.valid) return res.status(401).json({ error: 'Invalid signature' });
 * const event = JSON.parse(req.body.toString('utf8'));
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): VerifyWebhookResult {
  const secrets = (typeof options.secret === 'string' ? [options.secret] : [...options.secret]).filter((s) => typeof s === 'string' && s.length > 0);
  const body = typeof options.rawBody === 'string' ? Buffer.from(options.rawBody, 'utf8') : Buffer.from(options.rawBody);
  const v2 = header(options.headers, WEBHOOK_HEADERS.signatureV2)?.trim().toLowerCase();
  const v1 = header(options.headers, WEBHOOK_HEADERS.signature)?.trim().toLowerCase();
  const tsText = header(options.headers, WEBHOOK_HEADERS.timestamp)?.trim();
  if (secrets.length === 0) return { valid: false, reason: 'signature_mismatch' };

  if (v2) {
    if (!tsText) return { valid: false, reason: 'missing_timestamp' };
    if (!/^\d{1,12}$/.test(tsText)) return { valid: false, reason: 'invalid_timestamp' };
    const ts = Number(tsText);
    const tolerance = options.toleranceSeconds ?? 300;
    const nowS = Math.floor((options.now ?? Date.now()) / 1000);
    if (Math.abs(nowS - ts) > tolerance) return { valid: false, reason: 'timestamp_out_of_tolerance' };
    const signed = Buffer.concat([Buffer.from(`${tsText}.`, 'utf8'), body]);
    let ok = false;
    for (const s of secrets) ok = hexEqual(v2, hmacHex(s, signed)) || ok;
    return ok ? { valid: true, scheme: 'v2', timestamp: ts } : { valid: false, reason: 'signature_mismatch' };
  }
  if (!v1) return { valid: false, reason: 'missing_signature' };
  if (!options.allowLegacy) return { valid: false, reason: tsText ? 'missing_signature' : 'missing_timestamp' };
  let ok = false;
  for (const s of secrets) ok = hexEqual(v1, hmacHex(s, body)) || ok;
  return ok ? { valid: true, scheme: 'v1', timestamp: null } : { valid: false, reason: 'signature_mismatch' };
}
