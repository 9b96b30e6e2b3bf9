import type { ApiKey, SessionRecord, Store } from '@provefy/server-adapter';
import { type AppRequest, HttpFailure, errorJson, json, readBytes } from '../http/app-request.js';
import type { Router } from '../http/router.js';
import type { StaticFiles } from '../http/static-files.js';
import type { Logger } from '../log/logger.js';
import { hostedPageCsp, pageHeaders } from '../security/page-headers.js';
import { type FacePreview, previewFace } from './face-preview.js';

/** Verification tokens are 43 base62 characters; accept the adapter's wider pattern. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const ACTIVE = new Set(['PENDING', 'IN_PROGRESS']);
/** Preview frames are small (the page sends ~320 px JPEGs). */
const MAX_PREVIEW_BYTES = 300 * 1024;

export interface HostedRouteDeps {
  store: () => Store;
  assets: StaticFiles;
  log: Logger;
  /** Preview detections running at once across all sessions (more are answered `{ busy: true }`). */
  previewConcurrency?: number;
  /** Preview frames per session and minute. */
  previewPerMinute?: number;
}

async function lookup(store: Store, token: string): Promise<{ record: SessionRecord; key: ApiKey } | null> {
  if (!TOKEN.test(token)) return null;
  const record = await store.sessions.findByVerificationToken(token);
  if (!record || record.redactedAt !== null) return null;
  const key = await store.apiKeys.get(record.apiKeyId);
  if (!key || key.revokedAt !== null) return null;
  return { record, key };
}

/**
 * The hosted verification page at the session's `verificationUrl` (`/verify/:token`) and its live face-guidance
 * endpoint (`POST /verify/:token/preview`). The page is the built React app; its headers carry a CSP whose
 * `frame-ancestors` are the key's allowed frame origins, so only those sites can embed it. The flow itself talks to
 * the adapter's `/api/v1/flow/:token/*` endpoints.
 *
 * @example
 * ```ts
 * hostedRoutes(router, { store: () => store, assets, log });
 * ```
 */
export function hostedRoutes(router: Router, deps: HostedRouteDeps): void {
  const concurrency = deps.previewConcurrency ?? 2;
  const perMinute = deps.previewPerMinute ?? 240;
  let running = 0;

  router.get('/verify/:token', async (req: AppRequest) => {
    const html = await deps.assets.read('hosted/index.html');
    if (!html) return errorJson(503, 'The verification page is not built yet: run `npm run build -w apps/reference-server`');
    const found = await lookup(deps.store(), req.params.token ?? '').catch(() => null);
    const csp = hostedPageCsp({ frameOrigins: found?.key.allowedFrameOrigins ?? [], logoUrl: found?.key.branding.logoUrl ?? null });
    const framable = (found?.key.allowedFrameOrigins.length ?? 0) > 0;
    return new Response(req.method === 'HEAD' ? null : (html as BodyInit), {
      status: found ? 200 : 404,
      headers: { 'content-type': 'text/html; charset=utf-8', ...pageHeaders({ csp, https: req.https, camera: true, framable }) },
    });
  });

  router.post('/verify/:token/preview', async (req: AppRequest) => {
    const store = deps.store();
    const found = await lookup(store, req.params.token ?? '');
    if (!found) return errorJson(401, 'Invalid or expired verification link');
    const { record } = found;
    if (!ACTIVE.has(record.status) || record.expiresAt.getTime() <= store.now()) return errorJson(409, 'The session is finished');
    const decision = await store.rateLimits.hit(`preview:${record.id}`, perMinute, { windowMs: 60_000 });
    if (!decision.allowed) return errorJson(429, 'Too many preview frames', { 'retry-after': String(decision.retryAfterSeconds) });
    const type = req.request.headers.get('content-type') ?? '';
    if (!/^image\/(jpeg|png|webp)$/i.test(type.split(';')[0]!.trim())) throw new HttpFailure(415, 'Send a JPEG, PNG or WebP frame');
    const bytes = await readBytes(req, MAX_PREVIEW_BYTES);
    if (running >= concurrency) return json({ busy: true });
    running++;
    let preview: FacePreview;
    try {
      preview = await previewFace(bytes);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (/^PROVEFY_ERR_(INVALID_IMAGE|UNSUPPORTED_IMAGE_FORMAT|IMAGE_TOO_LARGE|IMAGE_TOO_SMALL|INVALID_INPUT)$/.test(code)) {
        return errorJson(400, 'The frame is not a readable image');
      }
      throw e;
    } finally {
      running--;
    }
    return json(preview);
  });
}
