import { describe, expect, it } from 'vitest';
import { consoleShim, createLogger, formatText, scrubSecrets } from './logger.js';
import { redactPath } from './redact-path.js';

describe('log redaction', () => {
  it('drops tokens and query strings from paths', () => {
    expect(redactPath('/verify/aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefg?lang=pt')).toBe('/verify/:token');
    expect(redactPath('/api/v1/flow/aBcDeFgHiJkLmNoPqRsTuV/liveness')).toBe('/api/v1/flow/:token/liveness');
    expect(redactPath('/api/v1/verify?externalRef=maria.silva@example.com')).toBe('/api/v1/verify');
    expect(redactPath('/api/v1/verify/f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11')).toBe('/api/v1/verify/f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11');
  });

  it('scrubs tokens, API keys and webhook secrets from library messages', () => {
    const text = scrubSecrets('POST /api/v1/flow/aBcD1234aBcD1234aBcD/liveness with kyc_live_abcdefghijklmnopqrstuvwxyz012345 whsec_XyZ');
    expect(text).toBe('POST /api/v1/flow/:token/liveness with kyc_live_*** whsec_***');
  });

  it('writes one JSON object per line and keeps only the message and error summary from console-style calls', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    log.debug('hidden');
    consoleShim(log.child({ component: 'x' })).error('failed at /verify/aBcDeFgHiJkLmNoPqRsTu', new Error('boom'), { name: 'Maria' });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'error', msg: 'failed at /verify/:token', component: 'x', error: 'Error', errorMessage: 'boom' });
    expect(lines[0]).not.toContain('Maria');
  });

  it('writes readable text lines when asked: level, message and fields, no JSON and no escaped newlines', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', format: 'text', write: (l) => lines.push(l), base: { service: 'provefy-reference-server' } });
    log.info('listening', { url: 'http://127.0.0.1:3000', port: 3000, dashboard: 'http://127.0.0.1:3000/admin' });
    log.warn('model check', { detail: 'profile "compact" lacks a file' });
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}listening url=http:\/\/127\.0\.0\.1:3000 port=3000 dashboard=http:\/\/127\.0\.0\.1:3000\/admin\n$/);
    expect(lines[1]).toMatch(/ WARN {2}model check detail="profile \\"compact\\" lacks a file"\n$/);
    expect(lines.join('')).not.toContain('{');
    expect(formatText({ time: '2025-03-07T12:00:00.000Z', level: 'error', msg: 'boom', code: null })).toBe('12:00:00 ERROR boom code=null');
    expect(formatText({ time: '2025-03-07T12:00:00.000Z', level: 'warn', msg: '\n**\n* banner *\n**\n', component: 'store' })).toBe('12:00:00 WARN  component=store\n**\n* banner *\n**');
  });
});
