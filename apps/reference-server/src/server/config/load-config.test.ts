import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'provefy-config-'));

describe('loadConfig', () => {
  it('uses the documented defaults without a file or env', () => {
    const cwd = dir();
    const c = loadConfig({ env: {}, cwd });
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: join(cwd, 'data'), databaseUrl: undefined, imageRetentionHours: 24, sessionTtlMinutes: 30, logLevel: 'info', trustProxy: false });
    expect(c.configFile).toBeUndefined();
  });

  it('reads provefy.config.json, resolves dataDir against the file, and lets env win', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'provefy.config.json'), JSON.stringify({ port: 4100, dataDir: 'var/provefy', publicUrl: 'https://verify.example.com/', trustProxy: true }));
    const fromFile = loadConfig({ env: {}, cwd });
    expect(fromFile).toMatchObject({ port: 4100, dataDir: join(cwd, 'var/provefy'), publicUrl: 'https://verify.example.com', trustProxy: true });
    const withEnv = loadConfig({ env: { PORT: '5000', DATABASE_URL: 'postgres://u@127.0.0.1:5432/test', PROVEFY_TRUST_PROXY: 'false' }, cwd });
    expect(withEnv).toMatchObject({ port: 5000, databaseUrl: 'postgres://u@127.0.0.1:5432/test', trustProxy: false });
  });

  it('accepts the documented example file', () => {
    const example = new URL('../../../provefy.config.example.json', import.meta.url).pathname;
    const c = loadConfig({ env: {}, cwd: dir(), configFile: example });
    expect(c).toMatchObject({ port: 3000, publicUrl: 'https://verify.example.com', trustProxy: true, imageRetentionHours: 24 });
  });

  it('names the key of a bad value or an unknown key', () => {
    const cwd = dir();
    expect(() => loadConfig({ env: { PORT: 'abc' }, cwd })).toThrow(/port \(env PORT\)/);
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' }, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PROVEFY_ADMIN_PASSWORD: 'short' }, cwd })).toThrow(/at least 12/);
    writeFileSync(join(cwd, 'provefy.config.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/unknown key "prot"/);
    expect(() => loadConfig({ env: {}, cwd, configFile: 'missing.json' })).toThrow(/not found/);
  });
});
