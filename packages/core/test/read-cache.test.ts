import { createMemoryStorage } from '@credkit/memory'
import { makeEvent, makeJob, makeRecord, makeStatus } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { withReadCache } from '../src/context/read-cache.js'
import type { SyncJob } from '../src/model/sync-records.js'
import type { StorageTx } from '../src/ports/storage-port.js'

const jobOf = (credentialId: string): SyncJob => ({
  ...makeJob({ accountId: 'a', credentialId, region: 'eu-1' }),
  token: `t-${credentialId}`,
  leaseOwner: null,
  leaseExpiresAt: null,
})

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
      getMany: (a, ids) => {
        reads.push(`getMany ${ids.length}`)
        return tx.credentials.getMany(a, ids)
      },
    },
    sync: {
      ...tx.sync,
      listStatuses: (a, ids) => {
        reads.push('statuses')
        return tx.sync.listStatuses(a, ids)
      },
      listJobs: (a, ids) => {
        reads.push(`jobs ${ids.length}`)
        return tx.sync.listJobs(a, ids)
      },
      getStatuses: (a, keys) => {
        reads.push(`statuses at ${keys.length}`)
        return tx.sync.getStatuses(a, keys)
      },
      getJobs: (a, keys) => {
        reads.push(`jobs at ${keys.length}`)
        return tx.sync.getJobs(a, keys)
      },
      deleteJobs: (keys) => {
        reads.push(`delete jobs ${keys.length}`)
        return tx.sync.deleteJobs(keys)
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
      append: async (events) => {
        reads.push(`append ${events.length}`)
        if (events.some((e) => e.message === 'fail')) throw new Error('audit disk full')
        return tx.audit.append(events)
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
    // The deleted status's upsert was never sent; the other went out in flush.
    expect(reads).toEqual(['statuses', 'head', 'put 1'])
  })

  it('holds status upserts back until flush, and lays them over a read of the store', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
      const eu = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'eu-1' })
      const us = makeStatus({ accountId: 'a', credentialId: 'c2', region: 'eu-1' })
      await tx.sync.putStatuses([eu])
      await tx.sync.putStatuses([us])
      expect(reads).toEqual([])
      // c1 was never read whole: the store answers, with the upsert held back laid over it.
      expect(await tx.sync.listStatuses('a', ['c1'])).toEqual([eu])
      // A read the cache cannot answer at all sends them first.
      expect(await tx.sync.listRegionStatuses('a', 'eu-1')).toEqual([eu, us])
      await flush()
    })
    expect(reads).toEqual(['statuses', 'put 2'])
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

  it('reads the rows of many credentials, and the statuses and jobs at many (credential, region) keys, in one call each', async () => {
    const storage = createMemoryStorage()
    const ids = ['c1', 'c2', 'c3']
    const statusOf = (credentialId: string) => makeStatus({ accountId: 'a', credentialId, region: 'eu-1' })
    await storage.withTransaction(async (tx) => {
      for (const id of ids) await tx.credentials.insert(makeRecord({ accountId: 'a', id }))
      await tx.sync.putJobs(ids.map(jobOf))
      await tx.sync.putStatuses([
        statusOf('c1'),
        makeStatus({ accountId: 'a', credentialId: 'c1', region: 'us-1' }),
      ])
    })
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, prefetch, flush } = withReadCache(counted(inner, reads))
      await prefetch(
        'a',
        [...ids, 'gone'].map((credentialId) => ({ credentialId, region: 'eu-1' })),
      )
      for (const id of ids) {
        expect((await tx.credentials.get('a', id))?.id).toBe(id)
        expect(await tx.sync.getJobs('a', [{ credentialId: id, region: 'eu-1' }])).toEqual([jobOf(id)])
      }
      expect(await tx.sync.getStatuses('a', [{ credentialId: 'c1', region: 'eu-1' }])).toEqual([
        statusOf('c1'),
      ])
      expect(await tx.sync.getStatuses('a', [{ credentialId: 'c2', region: 'eu-1' }])).toEqual([])
      expect(await tx.credentials.get('a', 'gone')).toBeNull()
      // A key not prefetched, and a whole credential, go to the store.
      expect(await tx.sync.getStatuses('a', [{ credentialId: 'c1', region: 'us-1' }])).toHaveLength(1)
      expect(await tx.sync.listStatuses('a', ['c1'])).toHaveLength(2)
      await flush()
    })
    expect(reads).toEqual(['getMany 4', 'statuses at 4', 'jobs at 4', 'statuses at 1', 'statuses'])
  })

  it('answers a keyed read of a status or job it wrote (held back or not) without the store', async () => {
    const storage = createMemoryStorage()
    const jobs = ['c1', 'c2'].map(jobOf)
    const stored = makeStatus({ accountId: 'a', credentialId: 'c1', region: 'eu-1' })
    await storage.withTransaction(async (tx) => {
      await tx.sync.putJobs(jobs)
      await tx.sync.putStatuses([stored, makeStatus({ accountId: 'a', credentialId: 'c2', region: 'eu-1' })])
    })
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
      const at = (credentialId: string) => [{ credentialId, region: 'eu-1' }]
      const synced = { ...stored, state: 'synced' as const }
      await tx.sync.putStatuses([synced])
      await tx.sync.deleteStatus('a', 'c2', 'eu-1')
      await tx.sync.deleteJobs([jobs[0]!])
      expect(await tx.sync.getStatuses('a', [...at('c2'), ...at('c1')])).toEqual([synced])
      expect(await tx.sync.getJobs('a', [...at('c1'), ...at('c2')])).toEqual([jobs[1]])
      await tx.sync.putJobs([{ ...jobs[0]!, attempts: 3 }])
      expect(await tx.sync.getJobs('a', at('c1'))).toMatchObject([{ attempts: 3 }])
      await flush()
    })
    // Only c2's job, never written here, was read.
    expect(reads).toEqual(['jobs at 1', 'put 1'])
  })

  it('holds job deletes back, and a later put of the same job replaces the delete', async () => {
    const storage = createMemoryStorage()
    const jobs = ['c1', 'c2', 'c3'].map(jobOf)
    await storage.withTransaction((tx) => tx.sync.putJobs(jobs))
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
      expect(await tx.sync.listJobs('a', ['c1'])).toHaveLength(1)
      await tx.sync.deleteJobs(jobs)
      expect(await tx.sync.listJobs('a', ['c1'])).toEqual([])
      // Not read before: the store still has it, the held-back delete hides it.
      expect(await tx.sync.listJobs('a', ['c2'])).toEqual([])
      await tx.sync.putJobs([{ ...jobs[2]!, attempts: 4 }])
      expect(await tx.sync.listJobs('a', ['c3'])).toMatchObject([{ attempts: 4 }])
      await flush()
    })
    expect(reads).toEqual(['jobs 1', 'jobs 1', 'jobs 1', 'delete jobs 2'])
    const left = await storage.withTransaction((tx) => tx.sync.listJobs('a', ['c1', 'c2', 'c3']), {
      atomic: false,
    })
    expect(left).toMatchObject([{ credentialId: 'c3', attempts: 4 }])
  })

  it('sends the audit events of a transaction as one append, and a failed one is AUDIT_FAILED', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    await storage.withTransaction(async (inner) => {
      const { tx, flush } = withReadCache(counted(inner, reads))
      const first = makeEvent('a', await tx.audit.head('a'), 'one')
      await tx.audit.append([first])
      expect(await tx.audit.head('a')).toMatchObject({ seq: 1, hash: first.hash })
      await tx.audit.append([makeEvent('a', first, 'two')])
      await flush()
    })
    expect(reads).toEqual(['head', 'append 2'])
    await expect(
      storage.withTransaction(async (inner) => {
        const { tx, flush } = withReadCache(counted(inner, reads))
        await tx.audit.append([makeEvent('a', await tx.audit.head('a'), 'fail')])
        await flush()
      }),
    ).rejects.toMatchObject({ code: 'AUDIT_FAILED' })
    const events = await storage.withTransaction((tx) => tx.audit.list('a', { order: 'asc', limit: 10 }), {
      atomic: false,
    })
    expect(events.map((e) => e.message)).toEqual(['one', 'two'])
  })
})
