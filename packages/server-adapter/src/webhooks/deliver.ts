import { Agent, type Dispatcher, request } from 'undici';
import { isProvefyError } from '@provefy/core';
import { guardedLookup, literalHostRefusal, parseCallbackUrl } from './ssrf.js';
import { signWebhook } from './signature.js';

export interface DeliveryRequest {
  url: string;
  /** Exact body bytes to send (`JSON.stringify(payload)`). */
  body: string;
  secret: string;
  eventId: string;
  eventType: string;
  attempt: number;
  /** Allow private/loopback/link-local targets (tests, intranet receivers). Default false. */
  allowPrivate?: boolean;
  /** Whole-request timeout (connect + headers + body), default 10 s. */
  timeoutMs?: number;
  /** Max response bytes read (then the connection is dropped), default 64 KiB. */
  maxResponseBytes?: number;
  userAgent?: string;
  /** Aborts the request (worker shutdown). */
  signal?: AbortSignal;
  /** Signing time in unix seconds (tests). */
  timestampSeconds?: number;
}

export interface DeliveryResult {
  success: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** False when retrying cannot help (URL refused by policy). */
  retryable: boolean;
}

const agents = new Map<string, Agent>();

/** Shared keep-alive agents: one guarded (refuses private addresses at connect time), one open. */
function agentFor(allowPrivate: boolean, timeoutMs: number): Dispatcher {
  const k = `${allowPrivate ? 'open' : 'guarded'}:${timeoutMs}`;
  let a = agents.get(k);
  if (!a) {
    a = new Agent({
      connect: { timeout: timeoutMs, ...(allowPrivate ? {} : { lookup: guardedLookup }) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 10_000,
      connections: 64,
    });
    agents.set(k, a);
  }
  return a;
}

/**
 * Closes the shared keep-alive delivery agents (process shutdown, tests).
 *
 * @example
 * await worker.stop(); await closeDeliveryAgents(); await store.close();
 */
export async function closeDeliveryAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => {})));
}

function describe(e: unknown): string {
  if (isProvefyError(e)) return e.message;
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.code === 'UND_ERR_HEADERS_TIMEOUT' || err?.code === 'UND_ERR_BODY_TIMEOUT' || err?.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `timeout (${err.code ?? err.name})`;
  }
  if (err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED') return 'aborted';
  const code = err?.code ?? err?.cause?.code;
  const msg = err?.message ?? String(e);
  return code ? `${code}: ${msg}` : msg;
}

/**
 * Sends one signed webhook POST with undici: no redirects (a 3xx is a failure), a whole-request
 * timeout, the response body discarded after at most `maxResponseBytes`, and private addresses
 * refused both before sending and at connect time unless `allowPrivate`. Never throws.
 *
 * @example
 * const r = await deliverWebhook({ url, body: JSON.stringify(payload), secret, eventId: 'evt_1', eventType: 'verification.completed', attempt: 1 });
 * if (!r.success) console.log(r.statusCode, r.error);
 */
export async function deliverWebhook(req: DeliveryRequest): Promise<DeliveryResult> {
  const started = performance.now();
  const timeoutMs = req.timeoutMs ?? 10_000;
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = parseCallbackUrl(req.url);
    const literal = req.allowPrivate ? null : literalHostRefusal(url);
    if (literal) return { success: false, statusCode: null, latencyMs: elapsed(), error: `refused: ${literal} (${url.hostname})`, retryable: false };
  } catch (e) {
    return { success: false, statusCode: null, latencyMs: elapsed(), error: `refused: ${describe(e)}`, retryable: false };
  }

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agentFor(req.allowPrivate === true, timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': req.userAgent ?? 'Provefy-Webhooks/0.1',
        'x-kyc-event': req.eventType,
        'x-kyc-event-id': req.eventId,
        'x-kyc-delivery-attempt': String(req.attempt),
        ...signWebhook(req.body, req.secret, req.timestampSeconds),
      },
      body: req.body,
      signal,
    });
    try {
      await res.body.dump({ limit: req.maxResponseBytes ?? 64 * 1024 });
    } catch {
      /* the status is what matters; a broken/oversized body is not a failure by itself */
    }
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return { success: ok, statusCode: res.statusCode, latencyMs: elapsed(), error: ok ? null : `HTTP ${res.statusCode}`, retryable: true };
  } catch (e) {
    const err = timeout.aborted ? `timeout after ${timeoutMs} ms` : describe(e);
    const refusedByGuard = (e as { code?: string; cause?: { code?: string } })?.code === 'PROVEFY_PRIVATE_ADDRESS' || (e as { cause?: { code?: string } })?.cause?.code === 'PROVEFY_PRIVATE_ADDRESS';
    // A hostname resolving to a private address may be a transient DNS state: keep retrying (until maxAge).
    return { success: false, statusCode: null, latencyMs: elapsed(), error: refusedByGuard ? `refused: ${err}` : err, retryable: true };
  }
}
