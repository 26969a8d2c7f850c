import { createMemoryStorage } from '@credkit/memory'
import { makeRecord, makeStatus } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { withReadCache } from '../src/context/read-cache.js'
import type { StorageTx } from '../src/ports/storage-port.js'

/** A transaction's stores counting the reads that reach the store. */
function counted(tx: StorageTx, reads: string[]): StorageTx {
  return {
    ...tx,
    credentials: {
      ...tx.credentials,
      get: (a, id) => {
        reads.push('get')
        return tx.credentials.get(a, id)
      },
    },
    sync: {
      ...tx.sync,
      listStatuses: (a, ids) => {
        reads.push('statuses')
        return tx.sync.listStatuses(a, ids)
      },
      putStatuses: async (list) => {
        reads.push(`put ${list.length}`)
        if (list.some((s) => s.region === 'fail')) throw new Error('write refused')
        return tx.sync.putStatuses(list)
      },
    },
    audit: {
      ...tx.audit,
      head: (a) => {
        reads.push('head')
        return tx.audit.head(a)
      },
    },
  }
}

describe('the read cache of a transaction', () => {
  it("reads a row, a credential's statuses and the audit head once, and sees its own writes", async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    const record = makeRecord({ accountId: 'a', id: 'c1' })
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
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
      await flush()
    })
    // The two status upserts went as one call, sent before the delete that needed them stored.
    expect(reads).toEqual(['statuses', 'put 2', 'head'])
  })

  it('holds status upserts back until flush, and flushes before a read it cannot answer', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
      const eu = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'eu-1' })
      const us = makeStatus({ accountId: 'a', credentialId: 'c2', region: 'eu-1' })
      await tx.sync.putStatuses([eu])
      await tx.sync.putStatuses([us])
      expect(reads).toEqual([])
      // c1 was never read whole: the read goes to the store, after the upserts it must see.
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([eu])
      expect(await tx.sync.listRegionStatuses('a', 'eu-1')).toEqual([eu, us])
      await flush()
    })
    expect(reads).toEqual(['put 2', 'statuses'])
  })

  it('reports a failed upsert from flush, so the transaction rolls back', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    const bad = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'fail' })
    await expect(
      storage.withTransaction(async (inner) => {
        const { tx, flush } = withReadCache(counted(inner, reads))
        await tx.sync.putStatuses([bad])
        await flush()
      }),
    ).rejects.toThrow('write refused')
    expect(
      await storage.withTransaction((tx) => tx.sync.listStatuses('a', ['c1']), { atomic: false }),
    ).toEqual([])
  })
})
