import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

/** A rule: drop the answer of the nth request (1-based) matching method and path. */
export interface DropRule {
  method: string;
  path: RegExp;
  nth: number;
}

export interface FaultProxy {
  url: string;
  /** Requests seen: method, path, the upstream status (null when upstream was down) and whether the answer was dropped. */
  log: { method: string; path: string; status: number | null; dropped: boolean; replayed: boolean }[];
  setRules(rules: DropRule[]): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a server that can lose answers: for a matching request, the upstream processes it
 * completely, then the client's connection is destroyed instead of answering (what a network cut after the server
 * committed looks like). When the upstream is down the client's connection is destroyed too (no 502), like talking
 * to a server that is not there.
 */
export async function startFaultProxy(upstream: string, port = 0): Promise<FaultProxy> {
  let rules: DropRule[] = [];
  const counts = new Map<DropRule, number>();
  const log: FaultProxy['log'] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '/';
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'host' || k === 'connection' || k === 'content-length' || k === 'transfer-encoding') continue;
      headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    let upstreamRes: Response;
    try {
      upstreamRes = await fetch(`${upstream}${path}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
        redirect: 'manual',
      });
    } catch {
      log.push({ method: req.method ?? '', path, status: null, dropped: true, replayed: false });
      req.socket.destroy();
      return;
    }
    const body = Buffer.from(await upstreamRes.arrayBuffer());
    const rule = rules.find((r) => r.method === req.method && r.path.test(path));
    let drop = false;
    if (rule) {
      const n = (counts.get(rule) ?? 0) + 1;
      counts.set(rule, n);
      drop = n === rule.nth;
    }
    log.push({ method: req.method ?? '', path, status: upstreamRes.status, dropped: drop, replayed: upstreamRes.headers.get('idempotent-replayed') === 'true' });
    if (drop) {
      req.socket.destroy();
      return;
    }
    const out: Record<string, string> = {};
    upstreamRes.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-length') out[k] = v;
    });
    res.writeHead(upstreamRes.status, out);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    log,
    setRules(r) {
      rules = r;
      counts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
