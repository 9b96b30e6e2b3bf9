export { downloadFile, type DownloadOptions, type DownloadResult } from './download.js';
export {
  cleanupFetchContext,
  createFetchContext,
  fetchModel,
  fetchModels,
  hasDirectDownload,
  manualInstructions,
  type FetchContext,
  type FetchOptions,
  type FetchOutcome,
  type FetchReport,
  type FetchSource,
} from './fetch-model.js';
export { copyVerified, partPath, verifyAndInstall } from './install-file.js';
export { licenceNotice } from './licence-notice.js';
export { formatBytes, silentProgress, terminalProgress, type ProgressFactory, type ProgressReporter, type ProgressStream } from './progress.js';
export { extractZipMember, listZipMembers, type ZipMemberInfo } from './zip-member.js';
