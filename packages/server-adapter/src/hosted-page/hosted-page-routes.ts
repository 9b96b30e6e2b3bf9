import { HOSTED_PAGE_BUILD_COMMAND, HOSTED_PAGE_DIR } from '@provefy/hosted-page';
import { flowAuth, requireFlow, resolveFlowSession } from '../flow/flow-auth.js';
import { sniffImageType } from '../flow/magic-bytes.js';
import type { Context } from '../http/context.js';
import { HttpError } from '../http/http-error.js';
import { json } from '../http/response.js';
import { type Route, defineRoute } from '../http/route.js';
import type { Store } from '../storage/types.js';
import { type FacePreview, previewFace } from './face-preview.js';
import { hostedPageCsp, pageHeaders } from './page-headers.js';
import { StaticFiles } from './static-files.js';

/** Options of the hosted verification page the adapter serves at `/verify/:token` (`ProvefyOptions.hostedPage`). */
export interface HostedPageOptions {
  /** Folder of the built page: `index.html` and `assets/` (default: the `dist` folder of `@provefy/hosted-page`). */
  dir?: string;
  /**
   * Live face guidance at `POST /verify/:token/preview` (the page sends small frames a few times a second and shows
   * "move closer", "too dark", ...): detections at once across all sessions (default 2; more are answered
   * `{ busy: true }`) and frames per session and minute (default 240). `false` turns the endpoint off (the page then
   * captures without guidance).
   */
  preview?: { concurrency?: number; perMinute?: number } | false;
}

const ACTIVE = new Set(['PENDING', 'IN_PROGRESS']);
/** Preview frames are small (the page sends ~320 px JPEGs). */
const MAX_PREVIEW_BYTES = 300 * 1024;
const PREVIEW_TYPES = /^image\/(jpeg|png|webp)$/i;
const BAD_FRAME = /^PROVEFY_ERR_(INVALID_IMAGE|UNSUPPORTED_IMAGE_FORMAT|IMAGE_TOO_LARGE|IMAGE_TOO_SMALL|INVALID_INPUT)$/;
const TAGS = ['Hosted verification page'];

/**
 * The built page's files, and a clear error when the build is missing: the adapter never builds the page itself
 * (no bundler at run time); `npm run build` (or `npm run build -w @provefy/hosted-page`) must have run.
 *
 * @example
 * ```ts
 * const page = new HostedPageFiles();            // the @provefy/hosted-page build
 * await page.isBuilt();                          // false before `npm run build`
 * ```
 */
export class HostedPageFiles {
  readonly files: StaticFiles;

  constructor(dir: string = HOSTED_PAGE_DIR) {
    this.files = new StaticFiles(dir);
  }

  /** The page's folder. */
  get dir(): string {
    return this.files.root;
  }

  /** True when `index.html` is there. */
  async isBuilt(): Promise<boolean> {
    return (await this.files.read('index.html')) !== null;
  }

  /** The typed error a request for the page gets while the build is missing. */
  notBuiltError(): HttpError {
    const custom = this.dir !== HOSTED_PAGE_DIR.replace(/[\\/]+$/, '');
    return new HttpError(
      'PROVEFY_ERR_HOSTED_PAGE_NOT_BUILT',
      custom
        ? `The hosted verification page is not built: ${this.dir}/index.html is missing`
        : `The hosted verification page is not built: run \`${HOSTED_PAGE_BUILD_COMMAND}\` (or \`npm run build\`), or pass hostedPage: false to serve your own`,
      { details: { dir: this.dir } },
    );
  }
}

/**
 * The hosted verification page, served by the adapter in every mount: `GET /verify/:token` (the session's
 * `verificationUrl`; 404 with the page's own "invalid link" screen for an unknown token), `GET /verify/assets/:file`
 * (content-hashed scripts and styles, cached for a year) and the live face guidance `POST /verify/:token/preview`.
 * The page's CSP allows scripts, styles and connections to this server only, and framing only by the key's allowed
 * frame origins (`frame-ancestors`; `X-Frame-Options: DENY` when there are none). Branding, languages, the
 * redirect and the iframe `postMessage` come from the flow endpoints (`GET /api/v1/flow/:token`).
 *
 * @example
 * ```ts
 * routes.push(...hostedPageRoutes({ store: getStore, page: new HostedPageFiles(), logger: console }));
 * ```
 */
export function hostedPageRoutes(deps: {
  store: () => Store;
  page: HostedPageFiles;
  preview?: HostedPageOptions['preview'] | undefined;
  logger: Pick<Console, 'warn'>;
}): Route[] {
  let warned = false;
  const requireBuilt = async (): Promise<void> => {
    if (await deps.page.isBuilt()) return;
    const err = deps.page.notBuiltError();
    if (!warned) {
      warned = true;
      deps.logger.warn(`[provefy] ${err.message}`);
    }
    throw err;
  };

  const page = defineRoute({
    method: 'GET',
    path: '/verify/:token',
    operationId: 'hostedPage',
    summary: 'The hosted verification page (HTML) of a session',
    tags: TAGS,
    security: 'sessionToken',
    hidden: true,
    responses: { 200: { description: 'The page', mediaType: 'text/html' }, 404: { description: 'The page, showing that the link is not valid', mediaType: 'text/html' } },
    handler: async (ctx: Context, { params }) => {
      await requireBuilt();
      const html = (await deps.page.files.read('index.html'))!;
      const found = await resolveFlowSession(ctx, deps.store(), params.token ?? '').catch(() => null);
      const frameOrigins = found?.key.allowedFrameOrigins ?? [];
      const framable = frameOrigins.length > 0;
      if (framable) {
        // The adapter's default headers forbid framing; this page may be framed by the key's origins (CSP).
        ctx.responseHeaders.delete('x-frame-options');
        ctx.responseHeaders.delete('cross-origin-opener-policy');
      }
      const csp = hostedPageCsp({ frameOrigins, logoUrl: found?.key.branding.logoUrl ?? null });
      return new Response(html as BodyInit, {
        status: found ? 200 : 404,
        headers: { 'content-type': 'text/html; charset=utf-8', ...pageHeaders({ csp, https: ctx.url.protocol === 'https:', camera: true, framable }) },
      });
    },
  });

  const asset = defineRoute({
    method: 'GET',
    path: '/verify/assets/:file',
    operationId: 'hostedPageAsset',
    summary: 'A script, style or image of the hosted page',
    tags: TAGS,
    security: 'none',
    hidden: true,
    responses: { 200: { description: 'The file (content-hashed name, cached for a year)' } },
    handler: async (_ctx: Context, { params }) => {
      await requireBuilt();
      const res = await deps.page.files.serve(`assets/${params.file ?? ''}`, { immutable: true });
      if (!res) throw new HttpError('PROVEFY_ERR_NOT_FOUND');
      return res;
    },
  });

  if (deps.preview === false) return [page, asset];
  const concurrency = deps.preview?.concurrency ?? 2;
  const perMinute = deps.preview?.perMinute ?? 240;
  let running = 0;
  const preview = defineRoute({
    method: 'POST',
    path: '/verify/:token/preview',
    operationId: 'hostedPagePreview',
    summary: 'Live face guidance for the hosted page: where the face is in a small frame and how it looks',
    tags: TAGS,
    security: 'sessionToken',
    hidden: true,
    middleware: [flowAuth(deps.store)],
    responses: { 200: { description: '`{ faces, face }` (fractions of the frame, pose, brightness, sharpness) or `{ busy: true }`' } },
    handler: async (ctx: Context) => {
      const store = deps.store();
      const { record } = requireFlow(ctx);
      if (!ACTIVE.has(record.status) || record.expiresAt.getTime() <= store.now()) throw new HttpError('PROVEFY_ERR_SESSION_FINISHED');
      const decision = await store.rateLimits.hit(`preview:${record.id}`, perMinute, { windowMs: 60_000 });
      if (!decision.allowed) throw new HttpError('PROVEFY_ERR_RATE_LIMITED', 'Too many preview frames', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      const type = (ctx.request.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (!PREVIEW_TYPES.test(type)) throw new HttpError('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG, PNG or WebP frame');
      const bytes = await ctx.bodyBytes(MAX_PREVIEW_BYTES);
      // The bytes decide, not the header: a GIF or TIFF labelled image/png is refused before any decoder sees it.
      if (sniffImageType(bytes) === null) throw new HttpError('PROVEFY_ERR_UNSUPPORTED_MEDIA_TYPE', 'The frame is not a JPEG, PNG or WebP image');
      if (running >= concurrency) return json({ busy: true });
      running++;
      let result: FacePreview;
      try {
        result = await previewFace(bytes);
      } catch (e) {
        if (BAD_FRAME.test((e as { code?: string }).code ?? '')) throw new HttpError('PROVEFY_ERR_VALIDATION', 'The frame is not a readable image');
        throw e;
      } finally {
        running--;
      }
      return json(result);
    },
  });
  return [page, asset, preview];
}
