/** Ansible Vault: the text format, the cipher, and passwords from files (docs/architecture.md §8). */
export { isVaultText, parseEnvelope, formatEnvelope, type VaultEnvelope } from './format.js';
export { Vault, decryptVault, encryptVault, openVault, VAULT_PASSWORD_HELP, type VaultSecret, type VaultSecrets } from './vault.js';
export { parseVaultId, readPasswordFile } from './password.js';
export { readVaultInput, writeFileKeepingMode } from './file.js';
