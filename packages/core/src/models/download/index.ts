/**
 * Verified file downloads: the runtime download of a model from an http(s) mirror (see resolveModel),
 * and the building blocks `provefy models fetch` (@provefy/tools) installs files with.
 */
export { downloadFile, type DownloadOptions, type DownloadResult } from './download.js';
export { copyVerified, fileSize, partPath, verifyAndInstall } from './install-file.js';
export { withFileLock, type FileLockOptions } from './file-lock.js';
export { silentProgress, type ProgressFactory, type ProgressReporter } from './progress.js';
