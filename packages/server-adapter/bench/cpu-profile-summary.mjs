/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `rest-bench.ts --cpu-prof DIR`): the functions with the
 * most self time, and the self time grouped by package (node_modules/<name>, the adapter's dist, node internals).
 *
 *   node packages/server-adapter/bench/cpu-profile-summary.mjs FILE.cpuprofile [top=30]
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
const dt = new Map();
// Self time per node from the sample deltas.
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
let total = 0;
const groups = new Map();
function groupOf(url) {
  if (!url) return '(native/vm)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  const p = /packages\/([^/]+)\//.exec(url);
  return p ? `@provefy/${p[1]}` : url;
}
for (const n of profile.nodes) {
  const us = dt.get(n.id) ?? 0;
  total += us;
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(node_modules|packages)\//, '$1/')}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
  const g = groupOf(cf.url);
  groups.set(g, (groups.get(g) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nself time by package:');
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(us)}  ${g}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
