import { randomBytes } from 'node:crypto'
import { createMemoryRegions, createMemoryStorage, type MemoryRegionsOptions } from '@credkit/memory'
import { createMemoryReader, memoryStateOf } from '@credkit/memory/testing'
import { storesOf, wrapStorage } from '@credkit/testing'
import { afterAll, afterEach, beforeEach } from 'vitest'
import type { SyncSettings } from '../src/context/settings.js'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { RegionStatusRecord } from '../src/model/sync-records.js'
import type { Random } from '../src/ports/random.js'
import type { StoragePort, StorageTx } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { ACCOUNT, manualClock } from './harness.js'
import { expectNoLeakedOutput, expectNoSecret, secretValue, watched } from './leak-check.js'

export { expectNoSecret, secretValue as syncSecret } from './leak-check.js'

/** Sync settings for tests: short backoff, a timeout far above the memory regions' latency. */
export const TEST_SYNC: Partial<SyncSettings> = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  callTimeoutMs: 2_000,
  leaseMs: 120_000,
}

/** A seeded `Random`: ids in creation order and reproducible jitter; bytes stay random. */
export function seededRandom(seed = 7): Random {
  let state = seed >>> 0
  let ids = 0
  return {
    bytes: (length) => new Uint8Array(randomBytes(length)),
    id: () => `id-${seed}-${String(++ids).padStart(6, '0')}`,
    float: () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
  }
}

export interface SyncHarnessOptions {
  regions?: string[]
  sync?: Partial<SyncSettings>
  regionOptions?: Omit<MemoryRegionsOptions, 'regions' | 'clock'>
  storage?: (inner: StoragePort) => StoragePort
  seed?: number
  /**
   * Recovery window of deletes (default 0: a delete purges the row at once, so a removal that
   * lands drops the statuses; soft-deleted credentials and sync: lifecycle-sync.test.ts).
   */
  recoveryDays?: number
}

/** The SDK on memory adapters with a manual clock, scriptable regions and test sync settings. */
export function buildSync(options: SyncHarnessOptions = {}) {
  const inner = createMemoryStorage()
  const storage = options.storage ? options.storage(inner) : inner
  const clock = manualClock()
  const regions = createMemoryRegions({
    regions: options.regions ?? ['eu-1', 'us-1'],
    clock,
    ...options.regionOptions,
  })
  const keys = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
  const random = seededRandom(options.seed)
  const credentials = watched(
    createCredentials({
      storage,
      regions,
      keys,
      clock,
      random,
      sync: { ...TEST_SYNC, ...options.sync },
      deletion: { recoveryDays: options.recoveryDays ?? 0 },
    }),
  )
  const reader = createMemoryReader(inner)
  /** The status of (credential, region), read from the store. */
  const status = async (id: string, region: string, accountId = ACCOUNT) =>
    (await storesOf(storage).sync.listStatuses(accountId, [id])).find((s) => s.region === region) ?? null
  /** What `region` holds for a credential: version and hash, or null. */
  const held = (region: string, id: string) => regions.holdings(region).get(id)?.observation ?? null
  return {
    state: memoryStateOf(inner),
    storage,
    clock,
    regions,
    keys,
    random,
    credentials,
    reader,
    status,
    held,
  }
}

export type SyncHarness = ReturnType<typeof buildSync>

/** A fresh `buildSync` before each test; stored state and outputs are checked for secrets. */
export function useSyncHarness(options: SyncHarnessOptions = {}) {
  const h = {} as SyncHarness
  beforeEach(() => {
    Object.assign(h, buildSync(options))
  })
  afterEach(async () => {
    expectNoSecret(await h.reader.dump())
  })
  afterAll(expectNoLeakedOutput)
  return h
}

/** A basic-auth body with a registered secret. */
export function basicAuth(username = 'staging') {
  return { username, password: secretValue('sync-pw') }
}

/** One status write seen by `createStatusWatch`, with the row's version at that moment. */
export interface StatusWrite {
  readonly credentialId: string
  readonly region: string
  readonly state: string
  readonly version: number | null
  /** The held version the status had before this write. */
  readonly previousVersion: number | null
  readonly rowVersion: number | null
}

/**
 * Wraps a storage so every `putStatus` is checked, inside its transaction, against the credential
 * row at that moment: a `synced` status must name the row's current version.
 */
export function createStatusWatch() {
  const writes: StatusWrite[] = []
  const violations: StatusWrite[] = []
  const wrapTx = (tx: StorageTx): StorageTx => ({
    ...tx,
    sync: {
      ...tx.sync,
      putStatuses: async (statuses) => {
        for (const status of statuses) await check(tx, status)
        return tx.sync.putStatuses(statuses)
      },
    },
  })
  const check = async (tx: StorageTx, status: RegionStatusRecord) => {
    const row = await tx.credentials.get(status.accountId, status.credentialId)
    const previous = (await tx.sync.listStatuses(status.accountId, [status.credentialId])).find(
      (s) => s.region === status.region,
    )
    const write = {
      credentialId: status.credentialId,
      region: status.region,
      state: status.state,
      version: status.version,
      previousVersion: previous?.version ?? null,
      rowVersion: row?.version ?? null,
    }
    writes.push(write)
    if (status.state === 'synced' && (row === null || row.version !== status.version)) violations.push(write)
  }
  const wrap = (inner: StoragePort): StoragePort => wrapStorage(inner, wrapTx)
  return { wrap, writes, violations }
}
