import { terminateOcr } from '../document/ocr/tesseract-pool.js';
import { releaseInputBuffers } from '../face/detectors/input-buffers.js';
import { releaseOnnxSessions } from '../models/onnx-session.js';
import { stopSpawnBroker } from '../process/spawn-tool.js';
import { forgetWarmUp } from './warm-up-checks.js';

/**
 * Releases everything the checks keep warm between calls: the Tesseract worker threads, the cached
 * ONNX sessions with the detectors' reusable input buffers, and the spawn broker (the helper process that starts ffmpeg). For long-lived hosts at shutdown (or to free memory); call it when no check is running.
 * The next check loads what it needs again.
 *
 * A script does not need it: once its checks are done and nothing else keeps the process alive, the idle
 * OCR workers end by themselves (about a second after the last OCR call) and the process exits.
 *
 * @example
 * ```ts
 * process.on('SIGTERM', async () => { await server.close(); await dispose(); });
 * ```
 */
export async function dispose(): Promise<void> {
  stopSpawnBroker();
  forgetWarmUp();
  releaseInputBuffers();
  await Promise.all([terminateOcr(), releaseOnnxSessions()]);
}
