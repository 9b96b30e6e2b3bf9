import { ProvefyError } from '../errors/index.js';
import { execTool, type ToolError } from '../process/spawn-tool.js';
import { missingToolMessage, resolveFfmpegTool } from './ffmpeg-binaries.js';

/** What {@link probeVideo} learns about a file's first video stream. */
export interface VideoInfo {
  /** Display width in pixels (after the stream's rotation metadata is applied). */
  readonly width: number;
  /** Display height in pixels (after rotation). */
  readonly height: number;
  /** Nominal frame rate (frames per second), or null when the container does not state one. */
  readonly fps: number | null;
  /** Duration in seconds, or null when unknown. */
  readonly duration: number | null;
  /** Codec name as ffprobe reports it (h264, vp8, gif, ...). */
  readonly codec: string;
  /** Rotation in degrees from the stream's display matrix (0, 90, 180, 270). */
  readonly rotation: number;
  /** Start time of the container in seconds (timestamps are reported relative to it). */
  readonly startTime: number;
}

/**
 * Binaries used for decoding: PROVEFY_FFMPEG / PROVEFY_FFPROBE, else the system PATH, else the static binaries of
 * the npm packages installed with @provefy/core (see {@link resolveFfmpegTool}).
 *
 * @example
 * ```ts
 * execFileSync(ffmpegBinaries().ffmpeg, ['-version']);
 * ```
 */
export function ffmpegBinaries(): { ffmpeg: string; ffprobe: string } {
  return { ffmpeg: resolveFfmpegTool('ffmpeg').path, ffprobe: resolveFfmpegTool('ffprobe').path };
}

function parseRate(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const [n, d] = s.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n) || n <= 0) return null;
  const den = d === undefined ? 1 : d;
  if (!Number.isFinite(den) || den <= 0) return null;
  return n / den;
}

function num(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads the size, frame rate, duration and rotation of a video file's first video stream with
 * ffprobe. Raises `PROVEFY_ERR_VIDEO` when ffprobe is missing, the file is unreadable or it has no video.
 *
 * @example
 * ```ts
 * const info = await probeVideo('clip.mp4'); // { width: 512, height: 512, fps: 25, duration: 3.12, ... }
 * ```
 */
export function probeVideo(path: string, timeoutMs = 30_000): Promise<VideoInfo> {
  const tool = resolveFfmpegTool('ffprobe');
  const ffprobe = tool.path;
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', path];
  return execTool(ffprobe, args, { timeoutMs, maxBuffer: 4 * 1024 * 1024 }).then(
    ({ stdout }) => parseProbe(path, stdout),
    (err: ToolError) => {
      const missing = err.code === 'ENOENT';
      throw new ProvefyError(
        'PROVEFY_ERR_VIDEO',
        missing ? missingToolMessage('ffprobe', tool) : `ffprobe could not read ${path}: ${String(err.stderr ?? '').trim().split('\n').pop() || err.message}`,
        { path, reason: missing ? 'ffprobe_missing' : 'probe_failed' },
        { cause: err },
      );
    },
  );
}

/** The stream description from ffprobe's JSON. */
function parseProbe(path: string, stdout: string): VideoInfo {
  let json: { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  try {
    json = JSON.parse(stdout) as typeof json;
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_VIDEO', `ffprobe gave unreadable output for ${path}`, { path, reason: 'probe_failed' }, { cause });
  }
  const s = json.streams?.[0];
  const w = num(s?.width);
  const h = num(s?.height);
  if (!s || !w || !h) throw new ProvefyError('PROVEFY_ERR_VIDEO', `${path} has no video stream`, { path, reason: 'no_video_stream' });
  let rotation = 0;
  const sideData = (s.side_data_list as Record<string, unknown>[] | undefined) ?? [];
  for (const sd of sideData) {
    const r = num(sd.rotation);
    if (r !== null) rotation = r;
  }
  const tags = s.tags as Record<string, unknown> | undefined;
  if (rotation === 0 && tags && num(tags.rotate) !== null) rotation = -(num(tags.rotate) as number);
  rotation = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  const swap = rotation === 90 || rotation === 270;
  const fps = parseRate(s.avg_frame_rate) ?? parseRate(s.r_frame_rate);
  return {
    width: swap ? h : w,
    height: swap ? w : h,
    fps: fps !== null && fps < 1000 ? fps : null,
    duration: num(s.duration) ?? num(json.format?.duration),
    codec: typeof s.codec_name === 'string' ? s.codec_name : 'unknown',
    rotation,
    startTime: num(json.format?.start_time) ?? 0,
  };
}
