/**
 * One fresh-process (cold) measurement of `provefy bench`, run as its own Node process:
 *
 *   node dist/bench/bench-child.js <scenario> <files.json> [server-adapter entry]
 *
 * It imports nothing of Provefy before the timed part: `@provefy/core` (the built package, as a user imports it)
 * is imported inside the measurement, so the cold figure is the process start up to the end of the first call
 * (import, model loads and OCR start-up included). Prints one JSON line on stdout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchFiles, type CoreModule, checkCalls, fullVerification, verificationInputs } from './scenarios.js';

const r1 = (x: number) => Math.round(x * 10) / 10;
const rssMb = () => r1(process.resourceUsage().maxRSS / 1024);

async function importCore(): Promise<{ core: CoreModule; importMs: number }> {
  const s = performance.now();
  const core = (await import('@provefy/core')) as CoreModule;
  return { core, importMs: r1(performance.now() - s) };
}

async function main(): Promise<Record<string, unknown>> {
  const [scenario, filesPath, serverEntry] = process.argv.slice(2);
  if (!scenario || !filesPath) throw new Error('usage: bench-child <scenario> <files.json> [server-adapter entry]');
  const files = JSON.parse(readFileSync(filesPath, 'utf8')) as BenchFiles;

  if (scenario === 'server') {
    if (!serverEntry) throw new Error('the server scenario needs the server adapter entry');
    const dir = mkdtempSync(join(tmpdir(), 'provefy-bench-server-'));
    try {
      const s = performance.now();
      const adapter = (await import(pathToFileURL(serverEntry).href)) as {
        createProvefy(o: Record<string, unknown>): { ready(): Promise<unknown>; close(): Promise<void> };
      };
      const provefy = adapter.createProvefy({ database: { dialect: 'sqlite', filename: join(dir, 'bench.db') }, hostedPage: false, webhooks: false, sweepIntervalMs: 0, logger: { info() {}, warn() {}, error() {}, debug() {}, log() {} } });
      await provefy.ready();
      const readyMs = r1(performance.now() - s);
      const rssAfterReady = rssMb();
      const { core } = await importCore();
      const inputs = verificationInputs(files);
      // Every check, one after the other and then all at once (a server running a session's checks together).
      const sequential = await fullVerification(core, files, inputs, 'sequential');
      const concurrent = await fullVerification(core, files, verificationInputs(files), 'concurrent');
      await provefy.close();
      await core.dispose();
      return { scenario, readyMs, rssAfterReadyMb: rssAfterReady, peakRssMb: rssMb(), sequential, concurrent };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const { core, importMs } = await importCore();
  let out: Record<string, unknown>;
  if (scenario === 'fullVerification') {
    const inputs = verificationInputs(files);
    const t = await fullVerification(core, files, inputs, 'sequential');
    out = { scenario, importMs, coldMs: r1(performance.now()), ...t };
  } else {
    const call = checkCalls(core, files)[scenario];
    if (!call) throw new Error(`unknown scenario ${scenario}`);
    const s = performance.now();
    await call();
    out = { scenario, importMs, firstCallMs: r1(performance.now() - s), coldMs: r1(performance.now()) };
  }
  await core.dispose();
  return { ...out, peakRssMb: rssMb() };
}

main().then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
  },
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: (e as Error)?.message ?? String(e) })}\n`);
    process.exitCode = 1;
  },
);
