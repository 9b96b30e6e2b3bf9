export * from './roc.js';
export * from './latency.js';
export * from './age.js';
export * from './video-events.js';
export * from './mrz-compare.js';
export * from './det-scale.js';
