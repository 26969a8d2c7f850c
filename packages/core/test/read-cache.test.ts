import { createMemoryStorage } from '@credkit/memory'
import { makeRecord, makeStatus } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { withReadCache } from '../src/context/read-cache.js'
import type { StorageTx } from '../src/ports/storage-port.js'

/** A transaction's stores counting the reads that reach the store. */
function counted(tx: StorageTx, reads: string[]): StorageTx {
  return {
    ...tx,
    credentials: { ...tx.credentials, get: (a, id) => (reads.push('get'), tx.credentials.get(a, id)) },
    sync: {
      ...tx.sync,
      listStatuses: (a, ids) => (reads.push('statuses'), tx.sync.listStatuses(a, ids)),
      putStatuses: async (list) => {
        if (list.some((s) => s.region === 'fail')) throw new Error('write refused')
        return tx.sync.putStatuses(list)
      },
    },
    audit: { ...tx.audit, head: (a) => (reads.push('head'), tx.audit.head(a)) },
  }
}

describe('the read cache of a transaction', () => {
  it("reads a row, a credential's statuses and the audit head once, and sees its own writes", async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    const record = makeRecord({ accountId: 'a', id: 'c1' })
    await storage.withTransaction(async (inner) => {
      const tx = withReadCache(counted(inner, reads))
      await tx.credentials.insert(record)
      expect(await tx.credentials.get('a', 'c1')).toEqual(record)
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([])
      const eu = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'eu-1' })
      const us = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'us-1' })
      await tx.sync.putStatuses([us, eu])
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([eu, us])
      await tx.sync.deleteStatus('a', 'c1', 'us-1')
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([eu])
      await tx.credentials.update({ ...record, version: 2 })
      expect((await tx.credentials.get('a', 'c1'))?.version).toBe(2)
      await tx.credentials.delete('a', 'c1')
      expect(await tx.credentials.get('a', 'c1')).toBeNull()
      expect(await tx.audit.head('a')).toBeNull()
      expect(await tx.audit.head('a')).toBeNull()
    })
    expect(reads).toEqual(['statuses', 'head'])
  })

  it('forgets what a failed write touched: the next read goes to the store', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const tx = withReadCache(counted(inner, reads))
      await tx.sync.listStatuses('a', ['c1'])
      const bad = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'fail' })
      await expect(tx.sync.putStatuses([bad])).rejects.toThrow('write refused')
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([])
    })
    expect(reads).toEqual(['statuses', 'statuses'])
  })
})
