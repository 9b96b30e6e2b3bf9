export { cleanupFetchContext, createFetchContext, type FetchContext } from './fetch-context.js';
export {
  fetchModel,
  fetchModels,
  hasDirectDownload,
  manualInstructions,
  type FetchOptions,
  type FetchOutcome,
  type FetchReport,
  type FetchSource,
} from './fetch-model.js';
export { licenceNotice } from './licence-notice.js';
export { formatBytes, terminalProgress, type ProgressStream } from './progress.js';
export { extractZipMember, listZipMembers, type ZipMemberInfo } from './zip-member.js';
