export { ProvefyError, isProvefyError } from './provefy-error.js';
export {
  ADAPTER_ERROR_CODES,
  CORE_ERROR_CODES,
  ERROR_CODES,
  ERROR_CODES_BY_LAYER,
  ERROR_CODE_ALIASES,
  KIOSK_ERROR_CODES,
  REFERENCE_SERVER_ERROR_CODES,
  canonicalErrorCode,
  errorDocsAnchor,
  isErrorCode,
  type ErrorCodeAlias,
  type ErrorCodeInfo,
  type ErrorLayer,
  type ProvefyErrorCode,
} from './error-codes.js';
