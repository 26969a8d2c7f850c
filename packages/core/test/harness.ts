import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'
import { createMemoryReader, memoryStateOf } from '@credkit/memory/testing'
import { createManualClock } from '@credkit/testing'
import { afterAll, beforeEach } from 'vitest'
import type { CredentialsOptions } from '../src/context/context.js'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { KeyPort } from '../src/ports/key-port.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { expectNoLeakedOutput, expectNoSecret, secretValue, watched } from './leak-check.js'

export { registerSecret, secretValue } from './leak-check.js'

export const ACCOUNT = 'acct-main'
export const OTHER_ACCOUNT = 'acct-other'

export const actors = {
  admin: { accountId: ACCOUNT, userId: 'u-admin', roles: ['admin'] },
  manager: { accountId: ACCOUNT, userId: 'u-manager', roles: ['credentials-manager'] },
  member: { accountId: ACCOUNT, userId: 'u-member', roles: ['member'] },
  outsider: { accountId: OTHER_ACCOUNT, userId: 'u-outsider', roles: ['admin'] },
} as const

/** A clock tests move by hand (`await clock.advance(ms)`); the engine's waits sleep on it. */
export function manualClock(start = new Date('2026-11-27T10:00:00.000Z')) {
  return createManualClock(start)
}

export interface HarnessOptions {
  regions?: string[]
  storage?: (inner: StoragePort) => StoragePort
  keys?: KeyPort
  /** Version history and soft delete settings (default: keep 10 versions, 7 days to restore). */
  lifecycle?: Pick<CredentialsOptions, 'history' | 'deletion'>
}

/** A fresh SDK on the memory adapters before each test; checks for secret leaks after the file. */
export function useHarness(options: HarnessOptions = {}) {
  const h = {} as ReturnType<typeof build>
  function build() {
    const inner = createMemoryStorage()
    const storage = options.storage ? options.storage(inner) : inner
    const clock = manualClock()
    const regions = createMemoryRegions({ regions: options.regions ?? ['eu-1', 'us-1'], clock })
    const keys = options.keys ?? createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
    const credentials = watched(createCredentials({ storage, regions, keys, clock, ...options.lifecycle }))
    /** Another instance on the same storage, regions and clock, with other options (its own keys, say). */
    const instance = (extra: Partial<CredentialsOptions>) =>
      watched(createCredentials({ storage, regions, keys, clock, ...extra }))
    return {
      state: memoryStateOf(inner),
      storage,
      regions,
      keys,
      clock,
      credentials,
      instance,
      reader: createMemoryReader(inner),
    }
  }
  beforeEach(() => {
    Object.assign(h, build())
  })
  afterAll(expectNoLeakedOutput)
  return h
}

/** Checks a stored state dump holds no registered secret value. */
export async function expectNoSecretsStored(dump: string): Promise<void> {
  expectNoSecret(dump, 'the stored state')
}

/** A valid registry body with registered secrets. */
export function registryData(overrides: Record<string, unknown> = {}) {
  return { server: 'ghcr.io', username: 'deploy-bot', password: secretValue('registry-pw'), ...overrides }
}

/** A valid basic-auth body with registered secrets. */
export function basicAuthData(overrides: Record<string, unknown> = {}) {
  return { username: 'staging', password: secretValue('basic-pw'), ...overrides }
}

/** Rejection of a promise, for asserting on error fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Record<string, unknown>
  }
  throw new Error('expected the call to reject')
}

/** The revealed `password` of a registry or basic-auth credential. */
export async function passwordOf(
  credentials: {
    reveal: (actor: never, id: string) => Promise<import('../src/domain/inputs.js').RevealedSecrets>
  },
  actor: unknown,
  id: string,
): Promise<string> {
  const secrets = await credentials.reveal(actor as never, id)
  if (!('password' in secrets)) throw new Error(`a ${secrets.type} credential has no password`)
  return secrets.password.reveal()
}
