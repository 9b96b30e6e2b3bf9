import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { execTool } from '../process/spawn-tool.js';

/** Where a video tool was found: an explicit variable, the system PATH, or the npm package installed with Provefy. */
export type FfmpegSource = 'env' | 'path' | 'npm' | 'none';

/** One resolved video tool. */
export interface FfmpegTool {
  /** The command to run: an absolute path, or the bare name when nothing was found (spawning it fails with ENOENT). */
  readonly path: string;
  readonly source: FfmpegSource;
}

type ToolName = 'ffmpeg' | 'ffprobe';

/** The npm packages that ship static ffmpeg / ffprobe binaries inside their registry tarballs (one per platform). */
const NPM_INSTALLER: Record<ToolName, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };
const ENV_VAR: Record<ToolName, string> = { ffmpeg: 'PROVEFY_FFMPEG', ffprobe: 'PROVEFY_FFPROBE' };

const require = createRequire(import.meta.url);

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/** The binary inside the platform package of the npm installer (e.g. @ffmpeg-installer/linux-x64/ffmpeg), if installed. */
function fromNpm(tool: ToolName): string | undefined {
  try {
    const installer = dirname(require.resolve(`${NPM_INSTALLER[tool]}/package.json`));
    const platformPkg = `${NPM_INSTALLER[tool].split('/')[0]}/${process.platform}-${process.arch}`;
    const dir = dirname(createRequire(join(installer, 'package.json')).resolve(`${platformPkg}/package.json`));
    const p = join(dir, process.platform === 'win32' ? `${tool}.exe` : tool);
    return isExecutable(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds `ffmpeg` or `ffprobe`, in this order: the PROVEFY_FFMPEG / PROVEFY_FFPROBE variable (used as given), the
 * system PATH, then the static binary of the npm package installed with @provefy/core (@ffmpeg-installer/ffmpeg,
 * @ffprobe-installer/ffprobe). Source `none` when none holds it.
 *
 * @example
 * ```ts
 * resolveFfmpegTool('ffmpeg'); // { path: '/usr/bin/ffmpeg', source: 'path' }
 * ```
 */
export function resolveFfmpegTool(tool: ToolName): FfmpegTool {
  const explicit = process.env[ENV_VAR[tool]];
  if (explicit) return { path: explicit, source: 'env' };
  const system = onPath(tool);
  if (system) return { path: system, source: 'path' };
  const packaged = fromNpm(tool);
  if (packaged) return { path: packaged, source: 'npm' };
  return { path: tool, source: 'none' };
}

/**
 * The message for a tool that could not be started: what was tried and the ways to get it.
 *
 * @example
 * ```ts
 * missingToolMessage('ffprobe', resolveFfmpegTool('ffprobe')); // 'ffprobe was not found: PROVEFY_FFPROBE is not set, ...'
 * ```
 */
export function missingToolMessage(tool: ToolName, found: FfmpegTool): string {
  const how = `run \`npm ci\` (installs ${NPM_INSTALLER[tool]}), install ffmpeg (apt-get install ffmpeg) or set ${ENV_VAR[tool]}`;
  if (found.source === 'env') return `${tool} was not found at ${found.path} (${ENV_VAR[tool]}); fix the path or unset it to use the system or npm binary`;
  return `${tool} was not found: ${ENV_VAR[tool]} is not set, there is no ${tool} on PATH and ${NPM_INSTALLER[tool]} has no binary for ${process.platform}-${process.arch}; ${how}`;
}

const fpsModeSupport = new Map<string, Promise<boolean>>();

/**
 * True when `ffmpeg` knows `-fps_mode` (FFmpeg 5.1 and later); older builds (such as the npm-packaged static
 * binary) take the equivalent `-vsync`. Read once per binary from `ffmpeg -version`, through the spawn broker.
 *
 * @example
 * ```ts
 * const args = (await supportsFpsMode('/usr/bin/ffmpeg')) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough'];
 * ```
 */
export function supportsFpsMode(ffmpeg: string): Promise<boolean> {
  let known = fpsModeSupport.get(ffmpeg);
  if (!known) {
    known = execTool(ffmpeg, ['-hide_banner', '-version'], { timeoutMs: 10_000 }).then(
      ({ stdout }) => fpsModeFromVersion(stdout),
      // A binary that cannot answer -version fails again when decoding, with the real error.
      () => true,
    );
    fpsModeSupport.set(ffmpeg, known);
  }
  return known;
}

/** Whether the build that printed this `-version` text knows `-fps_mode`. */
function fpsModeFromVersion(text: string): boolean {
  const release = /version n?(\d+)\.(\d+)/.exec(text);
  if (release) return Number(release[1]) > 5 || (Number(release[1]) === 5 && Number(release[2]) >= 1);
  // Snapshot builds ("version N-47683-g0e8eb07980") carry no release number; -fps_mode arrived in mid-2022.
  const year = /Copyright \(c\) \d{4}-(\d{4})/.exec(text);
  return year ? Number(year[1]) >= 2023 : true;
}
