import { Agent, FormData, fetch } from 'undici';
import type { CheckSummary, FlowStateJson } from '@provefy/server-adapter';
import { ServerLinkError, classifyStatus } from './server-link-error.js';

/** The contract's POST /verify body as the kiosk sends it. */
export interface CreateSessionBody {
  externalRef?: string;
  checks: string[];
  metadata?: Record<string, unknown>;
}

export interface CreateSessionAnswer {
  sessionId: string;
  verificationUrl: string;
  expiresAt: string;
  requestedChecks: string[];
}

/** Per-check progress in the flow state (no scores), as the server adapter defines it. */
export type FlowCheckSummary = CheckSummary;
/** The flow state the server returns with every flow answer. */
export type FlowState = FlowStateJson;

export interface FlowConfig {
  requestedChecks: string[];
  challenges: string[];
  limits: { maxImageBytes?: number; maxRequestBytes?: number; maxFrames?: number };
  state: FlowState;
}

export interface ProvefyClientOptions {
  /** Server origin, e.g. `https://verify.example.com` (the API is under `/api/v1`). */
  baseUrl: string;
  /** The kiosk's API key (`kyc_live_...`). */
  apiKey: string;
  /** Whole-request timeout (default 30 s; uploads that run checks on the server can take a while). */
  timeoutMs?: number;
  /** Connect timeout (default 5 s). */
  connectTimeoutMs?: number;
}

function parseRetryAfter(v: string | null): number | null {
  if (!v) return null;
  const s = Number(v);
  return Number.isFinite(s) ? Math.max(0, s * 1000) : null;
}

/**
 * The kiosk's HTTP client for a Provefy server (undici): the contract's `POST /verify` (API key, with
 * `Idempotency-Key`) and the verification-flow endpoints (session token). Every failure is a
 * {@link ServerLinkError} saying whether to retry.
 *
 * @example
 * ```ts
 * const client = new ProvefyClient({ baseUrl: 'https://verify.example.com', apiKey: process.env.KIOSK_API_KEY! });
 * const s = await client.createSession({ checks: ['liveness'] }, 'kiosk:branch-12:0f9c…:g0');
 * ```
 */
export class ProvefyClient {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #agent: Agent;

  constructor(opts: ProvefyClientOptions) {
    const u = new URL(opts.baseUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('serverUrl must be http(s)');
    this.baseUrl = u.origin + u.pathname.replace(/\/+$/, '');
    this.#apiKey = opts.apiKey;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#agent = new Agent({ connect: { timeout: opts.connectTimeoutMs ?? 5000 }, keepAliveTimeout: 10_000 });
  }

  async #request<T>(method: string, path: string, init: { body?: string | FormData; headers?: Record<string, string>; auth?: boolean; timeoutMs?: number } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
    if (init.auth) headers.authorization = `Bearer ${this.#apiKey}`;
    if (typeof init.body === 'string') headers['content-type'] = 'application/json';
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        dispatcher: this.#agent,
        redirect: 'error',
        signal: AbortSignal.timeout(init.timeoutMs ?? this.#timeoutMs),
      });
    } catch (cause) {
      const c = cause as { name?: string; cause?: { code?: string; message?: string } };
      const why = c.name === 'TimeoutError' ? 'timed out' : (c.cause?.code ?? c.cause?.message ?? 'network error');
      throw new ServerLinkError('retry', `${method} ${redact(path)}: ${why}`, { cause });
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) {
      try {
        return (text ? JSON.parse(text) : {}) as T;
      } catch (cause) {
        throw new ServerLinkError('retry', `${method} ${redact(path)}: the answer is not JSON`, { status: res.status, cause });
      }
    }
    let code: string | null = null;
    let message = `HTTP ${res.status}`;
    try {
      const body = JSON.parse(text) as { error?: string; code?: string };
      code = typeof body.code === 'string' ? body.code : null;
      if (typeof body.error === 'string') message = body.error;
    } catch {
      /* not JSON */
    }
    throw new ServerLinkError(classifyStatus(res.status, code), `${method} ${redact(path)}: ${res.status} ${message}`.slice(0, 300), {
      status: res.status,
      code,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    });
  }

  /** `GET /api/v1/health`. */
  health(timeoutMs = 3000): Promise<{ status: string }> {
    return this.#request('GET', '/api/v1/health', { timeoutMs });
  }

  /** `POST /api/v1/verify` with an `Idempotency-Key`: a retry with the same key and body gets the same session back. */
  createSession(body: CreateSessionBody, idempotencyKey: string, timeoutMs?: number): Promise<CreateSessionAnswer> {
    return this.#request('POST', '/api/v1/verify', {
      body: JSON.stringify(body),
      headers: { 'idempotency-key': idempotencyKey },
      auth: true,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }

  /** `GET /api/v1/flow/:token`: checks, challenges, limits and state. */
  flowConfig(token: string, timeoutMs?: number): Promise<FlowConfig> {
    return this.#request('GET', `/api/v1/flow/${encodeURIComponent(token)}`, timeoutMs ? { timeoutMs } : {});
  }

  /** `POST /api/v1/flow/:token/start`. */
  async flowStart(token: string): Promise<FlowState> {
    return (await this.#request<{ state: FlowState }>('POST', `/api/v1/flow/${encodeURIComponent(token)}/start`, { body: '{}' })).state;
  }

  #form(images: Record<string, Uint8Array[]>, fields: Record<string, string>): FormData {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [name, list] of Object.entries(images)) {
      for (const [i, bytes] of list.entries()) form.append(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: sniffType(bytes) }), `${name}-${i}.${extOf(bytes)}`);
    }
    return form;
  }

  /**
   * `POST /api/v1/flow/:token/liveness` (multipart), key-attested: the kiosk's API key (the key that created the
   * session) vouches for a capture it made itself, so no server attempt nonce is needed, however long after the
   * capture it is delivered and however often it is redelivered. The upload carries the challenges the kiosk
   * prompted, the capture times (ms from the capture) and the camera report; the server still checks frame order,
   * duplicates, timing and the camera.
   */
  async uploadLiveness(
    token: string,
    frames: Uint8Array[],
    opts: { timestamps?: number[]; mirrored: boolean; selfieFromFrames: boolean; challenges?: string[]; source?: unknown },
  ): Promise<FlowState> {
    const fields: Record<string, string> = { mirrored: String(opts.mirrored), selfieFromFrames: String(opts.selfieFromFrames) };
    if (opts.timestamps) fields.timestamps = JSON.stringify(opts.timestamps);
    if (opts.challenges && opts.challenges.length > 0) fields.challenges = JSON.stringify(opts.challenges);
    if (opts.source) fields.captureSource = JSON.stringify(opts.source);
    const res = await this.#request<{ state: FlowState }>('POST', `/api/v1/flow/${encodeURIComponent(token)}/liveness`, { body: this.#form({ frames }, fields), auth: true });
    return res.state;
  }

  /** `POST /api/v1/flow/:token/selfie`. */
  async uploadSelfie(token: string, image: Uint8Array): Promise<FlowState> {
    return (await this.#request<{ state: FlowState }>('POST', `/api/v1/flow/${encodeURIComponent(token)}/selfie`, { body: this.#form({ image: [image] }, {}) })).state;
  }

  /** `POST /api/v1/flow/:token/document/front|back`; `final` records a front alone. */
  async uploadDocument(token: string, side: 'front' | 'back', image: Uint8Array, final = false): Promise<{ state: FlowState; needsBack: boolean }> {
    const fields: Record<string, string> = side === 'front' ? { final: String(final) } : {};
    const res = await this.#request<{ state: FlowState; needsBack?: boolean }>('POST', `/api/v1/flow/${encodeURIComponent(token)}/document/${side}`, {
      body: this.#form({ image: [image] }, fields),
    });
    return { state: res.state, needsBack: res.needsBack === true };
  }

  /** `POST /api/v1/flow/:token/complete`. */
  async complete(token: string): Promise<FlowState> {
    return (await this.#request<{ state: FlowState }>('POST', `/api/v1/flow/${encodeURIComponent(token)}/complete`, { body: '{}' })).state;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** Hides the session token in paths used in error messages (it is a bearer credential). */
function redact(path: string): string {
  return path.replace(/(\/flow\/)[^/]+/, '$1…');
}

function sniffType(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57) return 'image/webp';
  return 'application/octet-stream';
}

function extOf(b: Uint8Array): string {
  return sniffType(b).split('/')[1] ?? 'bin';
}

/**
 * The session token of a verification code: a full verification URL (`https://…/verify/<token>`) or the bare token.
 * Returns null when it is neither.
 *
 * @example
 * ```ts
 * sessionTokenOf('https://verify.example.com/verify/aBcDeFgHiJkLmNoPqRsT'); // 'aBcDeFgHiJkLmNoPqRsT'
 * sessionTokenOf('not a code'); // null
 * ```
 */
export function sessionTokenOf(code: string): string | null {
  if (typeof code !== 'string') return null;
  const s = code.trim();
  if (s.length > 2048) return null;
  const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
  if (TOKEN.test(s)) return s;
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    const m = /\/verify\/([A-Za-z0-9_-]{16,128})\/?$/.exec(u.pathname);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}
