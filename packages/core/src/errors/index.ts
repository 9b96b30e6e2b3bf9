export { ProvefyError, isProvefyError } from './provefy-error.js';
export { ERROR_CODES, errorDocsAnchor, type ErrorCodeInfo, type ProvefyErrorCode } from './error-codes.js';
