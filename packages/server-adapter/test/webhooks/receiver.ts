/** A real local webhook receiver (node:http) recording every request. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  /** Status we answered (null while hanging). */
  status: number | null;
}

/** Decides the answer: a status code, or 'hang' to never answer. */
export type Responder = (req: ReceivedRequest, index: number) => number | 'hang' | Promise<number | 'hang'>;

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  setResponder(r: Responder): void;
  /** Resolves once `n` requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(responder: Responder = () => 200, path = '/webhook/kyc'): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let respond = responder;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rec: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: Buffer.concat(chunks), status: null };
      const index = requests.push(rec) - 1;
      for (const w of [...waiters]) if (requests.length >= w.n) w.resolve();
      const answer = await respond(rec, index);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      rec.status = answer;
      if (answer >= 300 && answer < 400) res.setHeader('location', `${path}/redirected`);
      res.statusCode = answer;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ received: answer < 300 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    requests,
    setResponder(r) {
      respond = r;
    },
    waitForRequests(n, timeoutMs = 20_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver got ${requests.length}/${n} requests`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 20_000, everyMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
