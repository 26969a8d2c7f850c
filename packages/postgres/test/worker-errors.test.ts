import {
  createCredentials,
  createLocalKeyring,
  generateKey,
  isCredentialsError,
  type SyncWorkerStats,
} from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'
import { createManualClock } from '@credkit/testing'
import pg from 'pg'
import { afterEach, expect, inject, it, vi } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { manager, registry } from './service.js'

// A sync worker whose database goes away must say so: onError hears each failed pass and the
// stats count them, while the worker itself keeps polling.

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const POLL_MS = 1_000

it('a worker on a dropped database reports each failed pass through onError and its stats', async () => {
  database = await createTestDatabase()
  const clock = createManualClock()
  const regions = createMemoryRegions({ regions: ['eu-1'], clock })
  const credentials = createCredentials({
    storage: createPostgresStorage(database.pool({ max: 2 })),
    regions,
    keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
    clock,
  })
  const accountId = 'acct-worker'
  await credentials.prepareRegion(accountId, 'eu-1')
  const errors: unknown[] = []
  const worker = credentials.startSyncWorker({ pollIntervalMs: POLL_MS, onError: (e) => void errors.push(e) })
  // a pass runs real queries: wait for it to be counted, then move the clock to the next one
  const pass = async (passes: number): Promise<SyncWorkerStats> => {
    await vi.waitFor(() => expect(worker.stats().passes).toBe(passes), { timeout: 10_000 })
    return worker.stats()
  }
  try {
    await pass(1)
    const view = await credentials.create(manager(accountId), registry('ghcr'))
    await clock.advance(POLL_MS)
    expect(await pass(2)).toMatchObject({ jobs: 1, failedPasses: 0, errors: 0, lastError: null })
    expect(regions.holdings('eu-1').get(view.id)?.observation.version).toBe(1)

    // the database goes away: its connections are terminated and it no longer exists
    const admin = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 })
    try {
      await admin.query(`DROP DATABASE ${database.name} WITH (FORCE)`)
    } finally {
      await admin.end()
    }
    await clock.advance(POLL_MS)
    const down = await pass(3)
    expect(down).toMatchObject({ passes: 3, failedPasses: 1 })
    expect(down.errors).toBeGreaterThanOrEqual(1)
    expect(errors).toHaveLength(down.errors)
    // the adapter's translation of the driver error (57P01 terminated, 3D000 no such database)
    expect(down.lastError?.code).toBe('STORAGE_FAILED')
    expect(errors.every((e) => isCredentialsError(e, 'STORAGE_FAILED'))).toBe(true)

    await clock.advance(POLL_MS)
    expect(await pass(4)).toMatchObject({ failedPasses: 2 })
  } finally {
    await worker.stop()
  }
})
