/**
 * The program of the spawn broker: a small Node process that starts external tools (ffmpeg, ffprobe) on behalf of
 * the Provefy process and hands it their stdout and stderr pipes (the descriptors travel over the IPC channel), so
 * the Provefy process itself never forks. Plain JavaScript run with `node -e`: no build step, no file to locate.
 *
 * Messages in: `{ type: 'spawn', id, command, args }`, `{ type: 'go', id }` (the parent holds both pipes: the tool
 * starts), `{ type: 'kill', id, signal }`.
 * Messages out: `{ type: 'ready' }` once, `{ type: 'stdio', id, stream, pid }` with the pipe as handle, `{ type: 'error', id, error }`,
 * `{ type: 'exit', id, code, signal }` (always the last one for an id). When the Provefy process goes away (the
 * channel closes), every tool still running is killed and the broker exits.
 */
export const BROKER_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { accessSync, constants } = require('node:fs');
const { delimiter, join } = require('node:path');
const kids = new Map();
const send = (msg, handle) => {
  try {
    if (process.connected) process.send(msg, handle);
  } catch {}
};
const errorOf = (e) => ({ code: e && e.code, errno: e && e.errno, syscall: e && e.syscall, path: e && e.path, message: String((e && e.message) || e) });
const runnable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
// As execvp finds it: a path as given, a bare name on PATH.
const found = (command) => (command.includes('/') ? runnable(command) : (process.env.PATH || '').split(delimiter).some((d) => d && runnable(join(d, command))));
process.on('message', (m) => {
  if (!m || typeof m !== 'object') return;
  const c = kids.get(m.id);
  if (m.type === 'kill') {
    if (c) c.kill(m.signal || 'SIGTERM');
    return;
  }
  if (m.type === 'go') {
    // The parent holds both pipes and this process has closed its copies: the tool may write now.
    if (c) c.stdin.end('\n');
    return;
  }
  if (m.type !== 'spawn') return;
  if (!found(m.command)) {
    send({ type: 'error', id: m.id, error: { code: 'ENOENT', syscall: 'spawn ' + m.command, path: m.command, message: 'spawn ' + m.command + ' ENOENT' } });
    send({ type: 'exit', id: m.id, code: null, signal: null });
    return;
  }
  let k;
  try {
    // The tool waits behind a shell's read until the parent has its pipes: until then this process holds a copy of
    // them too and could read (and lose) the first bytes. exec keeps the tool's own pid, exit code and signals.
    k = spawn('/bin/sh', ['-c', 'read -r _ && exec "$0" "$@"', m.command, ...m.args], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    send({ type: 'error', id: m.id, error: errorOf(e) });
    send({ type: 'exit', id: m.id, code: null, signal: null });
    return;
  }
  k.on('error', (e) => send({ type: 'error', id: m.id, error: errorOf(e) }));
  k.stdin.on('error', () => {});
  if (k.pid === undefined) {
    k.on('close', () => send({ type: 'exit', id: m.id, code: null, signal: null }));
    return;
  }
  kids.set(m.id, k);
  k.stdout.pause();
  k.stderr.pause();
  send({ type: 'stdio', id: m.id, stream: 'stdout', pid: k.pid }, k.stdout);
  send({ type: 'stdio', id: m.id, stream: 'stderr', pid: k.pid }, k.stderr);
  k.on('exit', (code, signal) => {
    kids.delete(m.id);
    send({ type: 'exit', id: m.id, code, signal });
  });
});
// Without a shell to hold the tools back (a distroless image), this broker cannot work: exiting before 'ready'
// makes the parent spawn directly.
if (!runnable('/bin/sh')) process.exit(0);
process.on('disconnect', () => {
  for (const c of kids.values()) c.kill('SIGKILL');
  process.exit(0);
});
send({ type: 'ready' });
`;
