/**
 * The Ansible original's password files (docs/opengauss.md §2.3): one file per secret in
 * `<inventory dir>/credentials/`, written by its `lookup('password', ...)` lines, each holding the
 * password (and perhaps ` salt=…`, which is not part of it). afo reads them where its own secrets
 * file has no value, so a cluster the original installed keeps its passwords.
 */
import { join } from 'node:path';
import { readPasswordFile } from '../expr/lookup-password.js';
import type { OpenGaussSecrets, SecretKey } from './secrets.js';

/** The original's file name of each secret. */
export const ORIGINAL_FILES: Readonly<Record<SecretKey, string>> = {
  user_pass: 'opengauss_omm_pass',
  root_pass: 'opengauss_root_pass',
  ca_file_pass: 'opengauss_ca_file_pass',
};

export interface OriginalCredentials {
  values: Partial<OpenGaussSecrets>;
  /** Where each value was read (for messages). */
  files: Partial<Record<SecretKey, string>>;
}

export function readOriginalCredentials(inventoryDir: string): OriginalCredentials {
  const out: OriginalCredentials = { values: {}, files: {} };
  for (const [key, name] of Object.entries(ORIGINAL_FILES) as [SecretKey, string][]) {
    const path = join(inventoryDir, 'credentials', name);
    const value = readPasswordFile(path);
    if (value === undefined || value === '') continue;
    out.values[key] = value;
    out.files[key] = path;
  }
  return out;
}
