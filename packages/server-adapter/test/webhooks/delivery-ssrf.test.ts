/**
 * Delivery-time SSRF (issue #17 item 3): the worker's sender applies the same checker as registration, so a stored
 * target in any loopback encoding (or a local name) is refused without a request, while `allowPrivate` reaches it.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCallbackUrlAllowed, closeDeliveryAgents, deliverWebhook } from '../../src/index.js';

let server: Server;
let port = 0;
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await closeDeliveryAgents();
  await new Promise((r) => server.close(r));
});

const send = (url: string, allowPrivate = false) =>
  deliverWebhook({ url, body: '{}', secret: 'whsec_test', eventId: 'evt_1', eventType: 'verification.completed', attempt: 1, allowPrivate, timeoutMs: 3000 });

describe('delivery-time SSRF check', () => {
  it('refuses loopback in every encoding and local names without sending', async () => {
    const forms = ['http://2130706433:P/', 'http://0x7f.1:P/', 'http://127.1:P/', 'http://0177.0.0.1:P/', 'http://%31%32%37.0.0.1:P/', 'http://[::ffff:7f00:1]:P/', 'http://localhost:P/', 'http://LOCALHOST.:P/', 'http://x.localhost:P/'];
    for (const form of forms) {
      const r = await send(form.replace('P', String(port)));
      expect(r.success, form).toBe(false);
      expect(r.error, form).toMatch(/^refused/);
      expect(r.retryable, form).toBe(false);
    }
    expect(received).toBe(0);
  });

  it('reaches the same receiver when private targets are allowed (so the refusals above are the check, not the network)', async () => {
    for (const form of ['http://0x7f.1:P/', 'http://2130706433:P/', 'http://localhost:P/']) {
      const r = await send(form.replace('P', String(port)), true);
      expect(r.success, `${form}: ${r.error}`).toBe(true);
    }
    expect(received).toBe(3);
  });
});

describe('registration-time resolver', () => {
  it('treats a resolver that never answers as unresolved: refused for servers, accepted for browser-side origins', async () => {
    const hang = () => new Promise<never>(() => {});
    await expect(assertCallbackUrlAllowed('https://slow.example/hook', { lookup: hang, timeoutMs: 50 })).rejects.toMatchObject({ code: 'PROVEFY_ERR_CALLBACK_URL_REFUSED' });
    await expect(assertCallbackUrlAllowed('https://slow.example', { lookup: hang, timeoutMs: 50, allowUnresolved: true })).resolves.toBeInstanceOf(URL);
  });

  it('checks every resolved address, not only the first', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:10.0.0.1', family: 6 },
    ];
    await expect(assertCallbackUrlAllowed('https://mixed.example/hook', { lookup })).rejects.toMatchObject({ details: { address: '::ffff:10.0.0.1' } });
  });
});
