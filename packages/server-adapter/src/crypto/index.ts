export { Keyring, parseKey, deriveKeyId, ENVELOPE_VERSION, type KeyringKey } from './keyring.js';
export { loadKeyring, DEFAULT_DEV_KEY_FILE, type LoadKeyringOptions } from './load-keyring.js';
export { randomBase62, sha256Hex, safeEqual, newId } from './random.js';
