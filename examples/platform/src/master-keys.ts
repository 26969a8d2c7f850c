import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKey, type KeyPort, keyringFromMasterKeys, keyToBase64 } from '@credkit/core'

export interface MasterKeys {
  readonly keys: KeyPort
  /** Where the keys came from, for the start-up banner (never the key). */
  readonly source: string
  /** Set when this run generated a key file: the banner prints it as a warning. */
  readonly warning: string | null
}

/**
 * The key-encryption keys. `CREDKIT_MASTER_KEYS` (`id:base64,id:base64`, the first primary) when
 * set; otherwise a key generated on the first run into `<dataDir>/master-keys` (mode 0600), in the
 * same format so it can be moved to the variable later. A key file next to the data is for a
 * local demo only: in production the keys come from a secret manager or a KMS-backed KeyPort.
 */
export function openMasterKeys(dataDir: string, fromEnv: string | undefined): MasterKeys {
  if (fromEnv) {
    return { keys: keyringFromMasterKeys(fromEnv), source: 'CREDKIT_MASTER_KEYS', warning: null }
  }
  const file = join(dataDir, 'master-keys')
  let warning: string | null = null
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    const key = generateKey()
    writeFileSync(file, `local-1:${keyToBase64(key)}\n`, { mode: 0o600, flag: 'wx' })
    key.fill(0)
    warning =
      `generated a master key into ${file} (mode 0600). Anyone who can read that file can decrypt ` +
      'the stored credentials: for anything but a local demo set CREDKIT_MASTER_KEYS from your secret manager.'
  }
  // An existing file keeps its permissions tight even if something loosened them.
  chmodSync(file, 0o600)
  return { keys: keyringFromMasterKeys(readFileSync(file, 'utf8').trim()), source: file, warning }
}
