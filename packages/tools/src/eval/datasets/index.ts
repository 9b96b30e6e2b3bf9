export * from './layout.js';
export * from './validate.js';
export * from './faces.js';
export * from './ages.js';
export * from './liveness.js';
export * from './videos.js';
export * from './documents.js';
export * from './mrz-cases.js';
