import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Kiosk } from '../../src/main/app/create-kiosk.js';
import { handleIpc } from '../../src/main/ipc/ipc-handlers.js';
import type { ScreenRole } from '../../src/shared/kiosk-view.js';

/** JSON with bytes: a Uint8Array travels as `{ "$b64": "..." }`. */
export function encodeBytes(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(encodeBytes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeBytes(x)]));
  return v;
}

export function decodeBytes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeBytes);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$b64 === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$b64, 'base64'));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeBytes(x)]));
  }
  return v;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
const ROLES = new Set(['operator', 'customer', 'combined']);

/**
 * Stands in for Electron's IPC in renderer tests: serves the built renderer and answers `POST /ipc/<channel>?role=`
 * with the real main-process handlers (`handleIpc` on a real kiosk), and streams view snapshots on
 * `GET /events?role=` (server-sent events), like `webContents.send` does. The page gets a `window.provefyKiosk`
 * bridge that speaks this protocol from {@link shimBridgeInit}.
 */
export async function startIpcShim(kiosk: Kiosk, staticDir: string): Promise<{ url: string; close(): Promise<void>; calls: { channel: string; role: string; ok: boolean; code?: string }[] }> {
  const calls: { channel: string; role: string; ok: boolean; code?: string }[] = [];
  const sse = new Set<{ res: ServerResponse; role: ScreenRole }>();
  const off = kiosk.onViewChange(() => {
    for (const c of sse) c.res.write(`data: ${JSON.stringify(kiosk.view(c.role))}\n\n`);
  });
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const role = (url.searchParams.get('role') ?? '') as ScreenRole;
    if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const channel = decodeURIComponent(url.pathname.slice(5));
      let payload: unknown;
      try {
        payload = decodeBytes(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const answer = ROLES.has(role)
        ? await handleIpc(kiosk, channel, payload, { role })
        : { ok: false as const, error: { code: 'PROVEFY_ERR_OPERATOR_AUTH', message: 'Unknown caller' } };
      calls.push({ channel, role, ok: answer.ok, ...(answer.ok ? {} : { code: answer.error.code }) });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(encodeBytes(answer)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events' && ROLES.has(role)) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      const client = { res, role };
      sse.add(client);
      res.write(`data: ${JSON.stringify(kiosk.view(role))}\n\n`);
      req.on('close', () => sse.delete(client));
      return;
    }
    const rel = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(staticDir, rel);
    if (!file.startsWith(staticDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    async close() {
      off();
      for (const c of sse) c.res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The page side of the shim, injected before the renderer loads (Playwright `addInitScript`): the same
 * `window.provefyKiosk` interface the preload exposes, over fetch and EventSource.
 */
export function shimBridgeInit(role: string): void {
  const toB64 = (u8: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const enc = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return { $b64: toB64(v) };
    if (Array.isArray(v)) return v.map(enc);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]));
    return v;
  };
  const dec = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(dec);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$b64 === 'string' && Object.keys(o).length === 1) return Uint8Array.from(atob(o.$b64), (c) => c.charCodeAt(0));
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, dec(x)]));
    }
    return v;
  };
  (window as unknown as { provefyKiosk: unknown }).provefyKiosk = {
    role,
    async invoke(channel: string, request: unknown) {
      const r = await fetch(`/ipc/${encodeURIComponent(channel)}?role=${role}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(enc(request ?? {})),
      });
      return dec(await r.json());
    },
    onState(listener: (view: unknown) => void) {
      const es = new EventSource(`/events?role=${role}`);
      es.onmessage = (e) => listener(JSON.parse(e.data));
      return () => es.close();
    },
  };
}
