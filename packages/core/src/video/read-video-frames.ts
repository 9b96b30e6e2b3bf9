import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvefyError } from '../errors/index.js';
import type { RgbImage } from '../image/types.js';
import { spawnTool } from '../process/spawn-tool.js';
import { missingToolMessage, resolveFfmpegTool, supportsFpsMode } from './ffmpeg-binaries.js';
import { probeVideo, type VideoInfo } from './probe-video.js';

export interface ReadVideoOptions {
  /** Resample to this frame rate (frames per second); default: every decoded frame at its own time. */
  fps?: number;
  /**
   * Skip the frames before this time (seconds from the start of the file); the timestamps stay those of
   * the file. Default 0.
   */
  start?: number;
  /** Downscale (keeping the aspect ratio) so frames are at most this wide; default: native size. */
  maxWidth?: number;
  /** Stop after this many frames (default 900); the result says `truncated` when frames were left. */
  maxFrames?: number;
  /** Upper bound on the decoded bytes kept in memory (default 768 MiB); lowers `maxFrames` for large frames. */
  maxBytes?: number;
  /** Kill ffmpeg after this many milliseconds (default 120 000). */
  timeoutMs?: number;
  /**
   * Return the frames of a damaged stream (the decoder reported corrupt data and concealed it, e.g. a truncated or
   * bit-flipped file) instead of raising `PROVEFY_ERR_VIDEO` with reason `damaged`; `decodeErrors` counts the reports.
   * Default false: concealed macroblocks are made-up pixels, not evidence.
   */
  allowDamaged?: boolean;
  /**
   * Called with each frame as soon as it is decoded, while ffmpeg decodes the next ones: start the work on a
   * frame (e.g. a face tracker) before the whole clip is decoded. An exception thrown here stops decoding.
   */
  onFrame?: (frame: RgbImage, index: number) => void;
}

export interface VideoFrames {
  /** Decoded RGB frames in display orientation. */
  readonly frames: RgbImage[];
  /** Presentation time of each frame in seconds from the start of the file. */
  readonly timestamps: number[];
  /** Frame rate of the returned frames: the requested `fps`, else the stream's nominal rate (or one derived from timestamps). */
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  /** True when `maxFrames`/`maxBytes` stopped decoding before the end. */
  readonly truncated: boolean;
  /** How many times the decoder reported corrupt data it concealed (0 for a sound file; see `allowDamaged`). */
  readonly decodeErrors: number;
  /** The source stream as ffprobe describes it. */
  readonly source: VideoInfo;
}

const SHOWINFO = /\bn:\s*(\d+)\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[0-9.eE+-]+)/;
/**
 * A decoder's report of corrupt input (`[h264 @ 0x…] error while decoding MB 24 0`, `[mjpeg @ 0x…] EOI missing,
 * emulating`): what ffmpeg prints when it conceals damage and carries on. The 12 fixture clips print none.
 */
const DAMAGE = /^\[[\w-]+ @ 0x[0-9a-f]+\] .*(error while decoding|concealing|EOI missing|overread|corrupt|invalid data|invalid nal|decode_slice_header error|no frame!|missing picture)/i;

function videoError(message: string, details: Record<string, unknown>, cause?: unknown): ProvefyError {
  return new ProvefyError('PROVEFY_ERR_VIDEO', message, details, cause === undefined ? undefined : { cause });
}

function outputSize(info: VideoInfo, maxWidth: number | undefined): { width: number; height: number } {
  if (maxWidth === undefined || info.width <= maxWidth) return { width: info.width, height: info.height };
  const width = Math.max(2, Math.round(maxWidth));
  return { width, height: Math.max(2, Math.round((info.height * width) / info.width)) };
}

function validate(opts: ReadVideoOptions): void {
  const positive = (k: keyof ReadVideoOptions) => {
    const v = opts[k];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `readVideoFrames: option ${k} must be a positive number`, { option: k, value: v });
    }
  };
  for (const k of ['fps', 'maxWidth', 'maxFrames', 'maxBytes', 'timeoutMs'] as const) positive(k);
  if (opts.start !== undefined && !(typeof opts.start === 'number' && Number.isFinite(opts.start) && opts.start >= 0)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: option start must be a number of seconds >= 0', { option: 'start', value: opts.start });
  }
  if (opts.fps !== undefined && opts.fps > 240) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: fps must be at most 240', { fps: opts.fps });
  if (opts.allowDamaged !== undefined && typeof opts.allowDamaged !== 'boolean') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: allowDamaged must be a boolean', { option: 'allowDamaged' });
  if (opts.onFrame !== undefined && typeof opts.onFrame !== 'function') throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: onFrame must be a function', { option: 'onFrame' });
}

/**
 * Decodes a video (mp4, webm, mov, gif, anything the Debian ffmpeg reads) into RGB frames with their
 * timestamps, by running `ffmpeg` with raw rgb24 output over a pipe (started together with `ffprobe`, whose
 * answer gives the frames their size, so the two do not wait for each other). Rotation metadata is applied,
 * frames can be resampled (`fps`) and downscaled (`maxWidth`). Raises `PROVEFY_ERR_VIDEO` when ffmpeg
 * is missing, the file is not a video, or decoding fails.
 *
 * @example
 * ```ts
 * const { frames, timestamps } = await readVideoFrames('selfie.webm', { fps: 15, maxWidth: 640 });
 * const result = await verifyLiveness(frames, { timestamps, challenges: ['blink'] });
 * ```
 */
export async function readVideoFrames(input: string | Uint8Array, opts: ReadVideoOptions = {}): Promise<VideoFrames> {
  validate(opts);
  if (typeof input === 'string') {
    if (input.length === 0) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: empty path');
    return decodeFile(input, opts);
  }
  if (!(input instanceof Uint8Array) || input.byteLength === 0) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'readVideoFrames: expected a file path or the bytes of a video');
  }
  const tmp = join(tmpdir(), `provefy-video-${randomUUID()}`);
  await writeFile(tmp, input);
  try {
    return await decodeFile(tmp, opts);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * The scale filter: the computed size when the stream's size is known; else the same size as an ffmpeg expression
 * (so ffmpeg can start before ffprobe answers): at most `maxWidth` wide, height rounded as {@link outputSize} does.
 */
function scaleFilter(maxWidth: number | undefined, info: VideoInfo | null): string | null {
  if (maxWidth === undefined) return null;
  if (info) {
    const { width, height } = outputSize(info, maxWidth);
    return width !== info.width || height !== info.height ? `scale=${width}:${height}:flags=area` : null;
  }
  // A frame already that narrow passes through vf_scale untouched (same size and format: no swscale).
  const w = Math.max(2, Math.round(maxWidth));
  return `scale=w='if(gt(iw,${maxWidth}),${w},iw)':h='if(gt(iw,${maxWidth}),max(2,round(ih*${w}/iw)),ih)':flags=area`;
}

async function decodeFile(path: string, opts: ReadVideoOptions): Promise<VideoFrames> {
  // ffprobe and ffmpeg start together: the frames wait in the pipe until the probe gives their size. Only a `start`
  // time needs the probe first (the trim is in the container's time base). Otherwise ffmpeg is started first: it is
  // the one the frames wait for.
  const early = opts.start ? probeVideo(path) : null;
  const known = early ? await early : null;
  const requestedFrames = Math.max(1, Math.floor(opts.maxFrames ?? 900));
  const maxBytes = opts.maxBytes ?? 768 * 1024 * 1024;
  const filters: string[] = [];
  // trim drops the earlier frames and keeps the stream's own timestamps.
  if (known) filters.push(`trim=start=${opts.start! + known.startTime}`);
  if (opts.fps !== undefined) filters.push(`fps=${opts.fps}`);
  const scale = scaleFilter(opts.maxWidth, known);
  if (scale) filters.push(scale);
  filters.push('showinfo');
  const tool = resolveFfmpegTool('ffmpeg');
  const ffmpeg = tool.path;
  const fpsMode = await supportsFpsMode(ffmpeg);
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'info',
    '-i',
    path,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    filters.join(','),
    fpsMode ? '-fps_mode' : '-vsync',
    'passthrough',
    // One frame more than we keep, so a clip of exactly maxFrames frames is not reported as truncated.
    '-frames:v',
    String(requestedFrames + 1),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
  const frames: RgbImage[] = [];
  const pts: number[] = [];
  let truncated = false;
  let decodeErrors = 0;
  let firstDamage: string | null = null;
  // Known once the probe answers.
  let width = 0;
  let height = 0;
  let frameBytes = 0;
  let maxFrames = requestedFrames;

  const child = spawnTool(ffmpeg, args);
  const probe = early ?? probeVideo(path);
  probe.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let stopped = false;
    const finish = (err?: ProvefyError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve();
    };
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const timer = setTimeout(() => finish(videoError(`ffmpeg took longer than ${timeoutMs} ms to decode ${path}`, { path, reason: 'timeout', timeoutMs })), timeoutMs);

    let cur: Uint8Array | null = null;
    let fill = 0;
    const take = (chunk: Uint8Array) => {
      let off = 0;
      while (off < chunk.length && !settled && !stopped) {
        cur ??= new Uint8Array(frameBytes);
        const n = Math.min(frameBytes - fill, chunk.length - off);
        cur.set(chunk.subarray(off, off + n), fill);
        fill += n;
        off += n;
        if (fill < frameBytes) continue;
        if (frames.length >= maxFrames) {
          // A frame beyond the limit: say so, and stop ffmpeg (maxBytes can stop it before -frames:v does).
          truncated = true;
          stopped = true;
          child.kill('SIGKILL');
          return;
        }
        const frame: RgbImage = { data: cur, width, height, channels: 3 };
        frames.push(frame);
        cur = null;
        fill = 0;
        if (opts.onFrame) {
          try {
            opts.onFrame(frame, frames.length - 1);
          } catch (e) {
            finish(e instanceof ProvefyError ? e : videoError(`onFrame failed: ${(e as Error)?.message ?? String(e)}`, { path, reason: 'on_frame' }, e));
            return;
          }
        }
      }
    };
    const sized = (probed: VideoInfo) => {
      ({ width, height } = outputSize(probed, opts.maxWidth));
      frameBytes = width * height * 3;
      if (maxBytes < frameBytes) {
        finish(new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', `A ${width}x${height} frame is larger than maxBytes (${maxBytes}); pass maxWidth`, { width, height, maxBytes }));
        return;
      }
      maxFrames = Math.max(1, Math.min(requestedFrames, Math.floor(maxBytes / frameBytes)));
      child.stdout.resume();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled || stopped) return;
      take(chunk);
    });
    // Until the probe has given the frames their size the pipe is not read: ffmpeg starts, decodes, and waits on a
    // full pipe (nothing is buffered here, however long the probe takes).
    if (known) sized(known);
    else {
      child.stdout.pause();
      probe.then(sized, (e: unknown) => finish(e as ProvefyError));
    }

    let errTail = '';
    let lineBuf = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      lineBuf += s;
      let nl = lineBuf.indexOf('\n');
      while (nl >= 0) {
        const line = lineBuf.slice(0, nl);
        lineBuf = lineBuf.slice(nl + 1);
        const m = SHOWINFO.exec(line);
        if (m) pts.push(Number(m[3]));
        else if (line.trim()) {
          errTail = (errTail + '\n' + line).slice(-2000);
          if (DAMAGE.test(line)) {
            decodeErrors++;
            firstDamage ??= line.trim();
          }
        }
        nl = lineBuf.indexOf('\n');
      }
    });

    child.on('error', (err: NodeJS.ErrnoException) => {
      const missing = err.code === 'ENOENT';
      finish(
        videoError(
          missing ? missingToolMessage('ffmpeg', tool) : `ffmpeg failed to start: ${err.message}`,
          { path, reason: missing ? 'ffmpeg_missing' : 'spawn_failed' },
          err,
        ),
      );
    });
    child.on('close', (code, signal) => {
      // The probe's answer decides first: its error (not a video, unreadable) is the one to report, and the
      // frames still waiting for their size are cut only once it is known.
      probe.then(
        () => {
          if (code !== 0 && !stopped) {
            const last = errTail.trim().split('\n').slice(-3).join(' | ');
            finish(videoError(`ffmpeg could not decode ${path} (exit ${code ?? signal}): ${last}`, { path, reason: 'decode_failed', exitCode: code, signal }));
            return;
          }
          finish();
        },
        (e: unknown) => finish(e as ProvefyError),
      );
    });
  });

  // Resolved by now: the frames were sized by it.
  const source = await probe;
  if (decodeErrors > 0 && opts.allowDamaged !== true) {
    throw videoError(`${path} is damaged: the decoder concealed corrupt data ${decodeErrors} time(s) (${firstDamage}); pass allowDamaged to use its frames anyway`, {
      path,
      reason: 'damaged',
      decodeErrors,
      firstError: firstDamage,
    });
  }
  if (frames.length === 0) throw videoError(`${path} decoded to no frames`, { path, reason: 'no_frames' });
  const nominal = opts.fps ?? source.fps;
  const timestamps = frames.map((_, i) => {
    const t = pts[i];
    if (t !== undefined && Number.isFinite(t)) return Math.max(0, t - source.startTime);
    return nominal ? i / nominal : i / 30;
  });
  let fps = nominal ?? 0;
  if (!fps) {
    const span = timestamps[timestamps.length - 1]! - timestamps[0]!;
    fps = span > 0 ? (timestamps.length - 1) / span : 30;
  }
  return { frames, timestamps, fps, width, height, truncated, decodeErrors, source };
}
