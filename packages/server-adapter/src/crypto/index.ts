export { Keyring, parseKey, deriveKeyId, ENVELOPE_VERSION, type KeyringKey } from './keyring.js';
export { loadKeyring, DEFAULT_DEV_KEY_FILE, type LoadKeyringOptions } from './load-keyring.js';
export { randomBase62, sha256Hex, safeEqual, newId } from './random.js';
export { hashSecret, verifySecret, isSecretHash, secretHashNeedsUpgrade, DEFAULT_SECRET_HASH_PARAMS, type SecretHashParams } from './secret-hash.js';
