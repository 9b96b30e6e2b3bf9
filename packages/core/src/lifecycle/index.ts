export { dispose } from './dispose.js';
export { hostHasOtherWork } from './host-idle.js';
