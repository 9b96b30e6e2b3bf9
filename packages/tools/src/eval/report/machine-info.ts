import { cpus, loadavg, totalmem } from 'node:os';
import type { MachineInfo } from '../types.js';

/**
 * The machine a measurement runs on: CPU model, logical cores, RAM, Node version, platform.
 *
 * @example
 * ```ts
 * machineInfo(); // { cpu: 'AMD EPYC 7B13', cores: 2, ramGb: 7.8, node: 'v20.19.4', platform: 'linux x64', loadAverage: [1.9, 1.4, 1.1] }
 * ```
 */
export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpu: (c[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: c.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** One line describing a machine, for docs. */
export function machineLine(m: MachineInfo): string {
  const load = m.loadAverage?.length ? `; load average ${m.loadAverage.join(' / ')} (1 / 5 / 15 min, at the end of the run)` : '';
  return `${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node}, ${m.platform}${load}`;
}
