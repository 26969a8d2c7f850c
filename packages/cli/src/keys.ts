import {
  type Credentials,
  isCredentialsError,
  type KeyPort,
  keyringFromMasterKeys,
  parseMasterKeys,
} from '@credkit/core'
import { listChainKeySamples, listKeyUsage, type PgQueryable } from '@credkit/postgres'
import { CliError } from './cli-error.js'
import { EXIT } from './exit-codes.js'
import { plural } from './table.js'

/** The keyring from `CREDKIT_MASTER_KEYS` and the key ids it holds (the first one primary). */
export interface MasterKeys {
  readonly keys: KeyPort
  readonly ids: ReadonlyArray<string>
}

const FORMAT = 'comma-separated id:base64 entries of 32-byte keys, the first one primary'

/**
 * Master keys come only from the environment, never from a flag (flags end up in shell history).
 * Unset and `required`: a `CONFIG` error; unset otherwise: a KeyPort that fails with that error
 * if a command ever needs it.
 * @throws CliError CONFIG (unset when required, or malformed: the entry is named by position)
 */
export function loadMasterKeys(
  env: Readonly<Record<string, string | undefined>>,
  required: boolean,
): MasterKeys {
  const value = env['CREDKIT_MASTER_KEYS']
  if (!value) {
    const missing = new CliError('CONFIG', `CREDKIT_MASTER_KEYS is not set (${FORMAT})`, EXIT.CONFIG)
    if (required) throw missing
    const fail = () => Promise.reject(missing)
    return { keys: { primaryKeyId: fail, wrap: fail, unwrap: fail }, ids: [] }
  }
  try {
    return { keys: keyringFromMasterKeys(value), ids: Object.keys(parseMasterKeys(value).keys) }
  } catch (error) {
    if (!isCredentialsError(error, 'VALIDATION_FAILED')) throw error
    const where = error.issues
      .map((issue) => `${issue.path.slice(1).join('.') || 'value'}: ${issue.message}`)
      .join('; ')
    throw new CliError(
      'CONFIG',
      `CREDKIT_MASTER_KEYS is malformed (${where}); expected ${FORMAT}`,
      EXIT.CONFIG,
      {
        cause: error,
      },
    )
  }
}

/**
 * Before work that opens envelopes or audit chain keys: every key id something is wrapped under
 * must be in CREDKIT_MASTER_KEYS, else nothing under it could be opened and the run would only
 * record failures.
 * @throws CliError CONFIG naming the missing key ids (ids are not secret)
 */
export async function requireKeysInUse(client: PgQueryable, keys: MasterKeys): Promise<void> {
  const missing = (await listKeyUsage(client)).filter((usage) => !keys.ids.includes(usage.keyId))
  if (missing.length === 0) return
  const list = missing.map((usage) => {
    const what = [
      usage.credentials > 0 ? plural(usage.credentials, 'credential') : '',
      usage.versions > 0 ? plural(usage.versions, 'earlier credential version') : '',
      usage.chainKeys > 0 ? plural(usage.chainKeys, 'audit chain key') : '',
    ]
    return `"${usage.keyId}" (${what.filter(Boolean).join(', ')})`
  })
  throw new CliError(
    'CONFIG',
    `CREDKIT_MASTER_KEYS does not hold the key${missing.length === 1 ? '' : 's'} ${list.join(', ')} that stored keys are wrapped under`,
    EXIT.CONFIG,
  )
}

/**
 * A read-only check that the keys in CREDKIT_MASTER_KEYS are the right ones, not only the right
 * ids: per key id that wraps an audit chain key, the audit head of one account under it is
 * verified, which unwraps that chain key. A wrong key fails here, before `sync` records failures.
 * @throws CliError CONFIG naming the key id
 */
export async function requireKeysOpen(client: PgQueryable, credentials: Credentials): Promise<void> {
  for (const sample of await listChainKeySamples(client)) {
    try {
      await credentials.auditHead(sample.accountId)
    } catch (error) {
      if (!isCredentialsError(error, 'CRYPTO_FAILED')) throw error
      throw new CliError(
        'CONFIG',
        `CREDKIT_MASTER_KEYS: the audit chain key wrapped under key "${sample.keyId}" does not open or verify ` +
          `(a wrong key under that id, or a tampered audit log: run credkit verify-audit)`,
        EXIT.CONFIG,
        { cause: error },
      )
    }
  }
}
