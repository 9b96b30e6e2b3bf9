import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execTool, spawnTool, startSpawnBroker, stopSpawnBroker, type ToolProcess } from './spawn-tool.js';

const node = process.execPath;

/** Everything a tool printed and how it ended. */
function run(p: ToolProcess): Promise<{ out: Buffer; err: string; code: number | null; signal: NodeJS.Signals | null; error: NodeJS.ErrnoException | null }> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let err = '';
    let error: NodeJS.ErrnoException | null = null;
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.setEncoding('utf8').on('data', (s: string) => {
      err += s;
    });
    p.on('error', (e: NodeJS.ErrnoException) => {
      error = e;
    });
    p.on('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ out: Buffer.concat(out), err, code, signal, error }));
  });
}

beforeAll(() => startSpawnBroker());
afterAll(() => stopSpawnBroker());

describe('spawnTool (through the spawn broker)', () => {
  it('is started by the broker, not by this process, and delivers every byte from the first one', async () => {
    // 8 MB with a known pattern, written at once: a byte lost or taken by the broker's copy of the pipe shows.
    const script = "const b = Buffer.alloc(8 * 1024 * 1024); for (let i = 0; i < b.length; i++) b[i] = i % 251; process.stdout.write(b); process.stderr.write('ppid ' + process.ppid);";
    const r = await run(spawnTool(node, ['-e', script]));
    expect(r.error).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out.length).toBe(8 * 1024 * 1024);
    let wrong = 0;
    for (let i = 0; i < r.out.length; i++) if (r.out[i] !== i % 251) wrong++;
    expect(wrong).toBe(0);
    const ppid = Number(/ppid (\d+)/.exec(r.err)?.[1]);
    expect(ppid).toBeGreaterThan(0);
    expect(ppid).not.toBe(process.pid);
  });

  it("leaves this process's memory alone: no copy-on-write faults afterwards, where a direct fork costs one per page", async () => {
    // 64 MB written once; after a fork every page of it is write-protected and the next write of each takes a fault.
    const pages = (64 * 1024 * 1024) / 4096;
    const buf = Buffer.alloc(64 * 1024 * 1024);
    buf.fill(1);
    const faults = () => process.resourceUsage().minorPageFault;
    const faultsOfRefill = (v: number) => {
      const f = faults();
      buf.fill(v);
      return faults() - f;
    };
    await execTool(node, ['-e', '0']);
    const afterBroker = faultsOfRefill(2);
    await new Promise((r) => spawn(node, ['-e', '0'], { stdio: 'ignore' }).on('close', r));
    const afterFork = faultsOfRefill(3);
    expect(afterFork).toBeGreaterThan(pages * 0.9);
    expect(afterBroker).toBeLessThan(pages * 0.1);
  });

  it('keeps back-pressure: a paused stdout stops the tool instead of piling up, and nothing is lost on resume', async () => {
    const p = spawnTool(node, ['-e', "const b = Buffer.alloc(4 * 1024 * 1024, 7); process.stdout.write(b, () => process.stderr.write('written'));"]);
    p.stdout.pause();
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (s: string) => {
      err += s;
    });
    await new Promise((r) => setTimeout(r, 400));
    // The tool could not finish writing 4 MB into a pipe nobody reads.
    expect(err).toBe('');
    const out: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stdout.resume();
    const code = await new Promise((r) => p.on('close', r));
    expect(code).toBe(0);
    expect(Buffer.concat(out).length).toBe(4 * 1024 * 1024);
    expect(err).toBe('written');
  });

  it('reports a missing tool as ENOENT, an exit code and a signal as they are', async () => {
    const missing = await run(spawnTool('/nonexistent/provefy-tool', ['x']));
    expect(missing.error?.code).toBe('ENOENT');
    const bare = await run(spawnTool('provefy-no-such-tool-on-path', []));
    expect(bare.error?.code).toBe('ENOENT');
    const exit3 = await run(spawnTool(node, ['-e', 'process.exit(3)']));
    expect(exit3.code).toBe(3);
    const p = spawnTool(node, ['-e', 'setTimeout(() => {}, 60000)']);
    setTimeout(() => p.kill('SIGKILL'), 200);
    const killed = await run(p);
    expect(killed.signal).toBe('SIGKILL');
  });

  it('runs several tools at once, each with its own output', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => execTool(node, ['-e', `process.stdout.write('tool ${i} '.repeat(${1000 + i}))`])));
    for (const [i, r] of results.entries()) expect(r.stdout).toBe(`tool ${i} `.repeat(1000 + i));
  });

  it('execTool rejects on a non-zero exit with stderr, and kills a tool that outlives its timeout', async () => {
    await expect(execTool(node, ['-e', "process.stderr.write('bad input'); process.exit(2)"])).rejects.toMatchObject({ code: 2, stderr: 'bad input' });
    const started = Date.now();
    await expect(execTool(node, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 })).rejects.toMatchObject({ killed: true });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a tool whose broker dies gets an error and a close, and does not outlive it', async () => {
    const p = spawnTool(node, ['-e', 'setInterval(() => {}, 1000)']);
    const ended = run(p);
    for (let i = 0; i < 100 && p.pid === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    const pid = p.pid;
    expect(pid).toBeGreaterThan(0);
    stopSpawnBroker();
    const r = await ended;
    expect(r.error?.message).toMatch(/broker exited/);
    // Gone, or a zombie waiting for whoever adopted it to reap it: not running.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && running(); i++) await new Promise((res) => setTimeout(res, 20));
    expect(running()).toBe(false);
  });

  it('forks directly while the broker starts again after it died, then uses the new broker', async () => {
    stopSpawnBroker();
    const ppid = async () => Number((await execTool(node, ['-e', 'process.stdout.write(String(process.ppid))'])).stdout);
    expect(await ppid()).toBe(process.pid);
    await startSpawnBroker();
    const viaBroker = await ppid();
    expect(viaBroker).not.toBe(process.pid);
    expect(viaBroker).toBeGreaterThan(0);
  });
});
