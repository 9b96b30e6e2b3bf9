export { readVideoFrames, type ReadVideoOptions, type VideoFrames } from './read-video-frames.js';
export { probeVideo, ffmpegBinaries, type VideoInfo } from './probe-video.js';
export { resolveFfmpegTool, type FfmpegSource, type FfmpegTool } from './ffmpeg-binaries.js';
