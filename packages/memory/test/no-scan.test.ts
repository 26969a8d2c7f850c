import type { StoragePort } from '@credkit/core'
import { makeJob, makeRecord, storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../src/index.js'
import { memoryStateOf } from '../src/testing.js'

const ACCOUNT = 'acct-big'

/** A storage with `count` credentials and one due job per credential, all in one account. */
async function filled(count: number): Promise<StoragePort> {
  const storage = createMemoryStorage()
  await storage.withTransaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const record = makeRecord({ accountId: ACCOUNT, id: `c-${i}`, name: `name-${i}` })
      await tx.credentials.insert(record)
      const job = makeJob({ accountId: ACCOUNT, credentialId: record.id, region: `r-${i % 10}` })
      await tx.sync.putJobs([{ ...job, token: `t-${i}`, leaseOwner: null, leaseExpiresAt: null }])
    }
  })
  return storage
}

/**
 * Counts every row the credential table hands out (`get`) and fails on any walk over it: the
 * cost of a call must follow what it returns, not the size of the account.
 */
function countRowsTouched(storage: StoragePort): { touched: () => number } {
  const table = memoryStateOf(storage).credentials
  let touched = 0
  const get = table.get.bind(table)
  table.get = (id: string) => {
    touched++
    return get(id)
  }
  for (const walk of ['values', 'entries', 'keys', 'forEach', Symbol.iterator] as const) {
    ;(table as unknown as Record<PropertyKey, unknown>)[walk] = () => {
      throw new Error(`the credential table was walked (${String(walk)})`)
    }
  }
  return { touched: () => touched }
}

describe('the memory adapter never scans an account', () => {
  for (const size of [1_000, 10_000]) {
    it(`reads only what it returns among ${size} credentials`, async () => {
      const storage = await filled(size)
      const stores = storesOf(storage)
      const counter = countRowsTouched(storage)

      expect(await stores.credentials.list(ACCOUNT, { limit: 10 })).toHaveLength(10)
      expect(counter.touched()).toBe(10)

      const last = `c-${size - 1}`
      expect((await stores.credentials.get(ACCOUNT, last))?.id).toBe(last)
      expect((await stores.credentials.findByName(ACCOUNT, 'basic-auth', `name-${size - 1}`))?.id).toBe(last)
      expect(await stores.credentials.getDefault(ACCOUNT)).toBeNull()
      expect(counter.touched()).toBe(12)

      const claimed = await stores.sync.claim(new Date('2030-01-01'), {
        owner: 'w',
        leaseMs: 1000,
        limit: 5,
        region: 'r-3',
      })
      expect(claimed.map((j) => j.region)).toEqual(['r-3', 'r-3', 'r-3', 'r-3', 'r-3'])
      expect(await stores.sync.listJobs(ACCOUNT, [last])).toHaveLength(1)
      expect(counter.touched()).toBe(12)
    })
  }
})
