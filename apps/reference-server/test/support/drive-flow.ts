// Moved to the repository's shared test helpers (also used by the server adapter's browser tests).
export * from '../../../../test/helpers/e2e/drive-flow.js';
