export { dispose } from './dispose.js';
export { hostHasOtherWork } from './host-idle.js';
export { warmUpChecks, type WarmUpChecksOptions, type WarmUpChecksResult } from './warm-up-checks.js';
