import { validationFailed } from '../errors.js'
import type { KeyPort } from '../ports/key-port.js'
import type { Random } from '../ports/random.js'
import { createLocalKeyring } from './local-keyring.js'

/**
 * Parses the `CREDKIT_MASTER_KEYS` format: comma-separated `id:base64` entries (32-byte keys),
 * the first one primary, e.g. `k2:AAAA…=,k1:BBBB…=`. Older keys stay listed so data wrapped under
 * them still opens until `rotateKeys` has re-wrapped it.
 * @throws CredentialsError `VALIDATION_FAILED` naming the entry by position, never its bytes.
 */
export function parseMasterKeys(value: string): { keys: Record<string, string>; primary: string } {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
  if (entries.length === 0) {
    throw validationFailed([{ path: ['masterKeys'], message: 'expected at least one id:base64 entry' }])
  }
  const keys: Record<string, string> = {}
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':')
    const id = colon > 0 ? entry.slice(0, colon) : ''
    if (colon <= 0 || id in keys) {
      const message = colon <= 0 ? 'expected id:base64' : 'expected a key id used once'
      throw validationFailed([{ path: ['masterKeys', index], message }])
    }
    keys[id] = entry.slice(colon + 1)
  }
  return { keys, primary: Object.keys(keys)[0]! }
}

/** A local keyring from the `CREDKIT_MASTER_KEYS` format (see `parseMasterKeys`). */
export function keyringFromMasterKeys(value: string, random?: Random): KeyPort {
  return createLocalKeyring({ ...parseMasterKeys(value), random })
}
