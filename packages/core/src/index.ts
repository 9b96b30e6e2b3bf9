/**
 * @provefy/core: identity-verification checks (liveness, age, documents, face match) and the
 * verification session state machine. Pure functions: no HTTP, no database.
 */
export * from './errors/index.js';
export * from './image/index.js';
export { env, selectProfile, type ResolvedProfile, type ProfileName } from './models/index.js';
