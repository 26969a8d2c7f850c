import { randomUUID } from 'node:crypto'
import type { StoragePort, StorageTx, SyncJob, SyncJobInput } from '@credkit/core'
import { enqueueJobs, type JobSettlement, settleJob } from '@credkit/core'
import type { StorageFixture, StorageReader } from './storage-reader.js'
import { storesOf } from './stores.js'

/**
 * A fixture as the cases use it: `storage` calls each run as their own transaction, `port` is the
 * adapter, `physical` the optional direct reader of its store.
 */
export function open(fixture: StorageFixture): {
  port: StoragePort
  storage: StorageTx
  physical: StorageReader | undefined
} {
  return { port: fixture.storage, storage: storesOf(fixture.storage), physical: fixture.reader }
}

/** What the public port shows of one credential's rows in every store. */
export async function seen(storage: StorageTx, record: { accountId: string; id: string }) {
  const { accountId, id } = record
  return {
    rows: (await storage.credentials.get(accountId, id)) ? 1 : 0,
    events: (await storage.audit.list(accountId, { order: 'asc', limit: 1000 })).length,
    jobs: (await storage.sync.listJobs(accountId, [id])).length,
    statuses: (await storage.sync.listStatuses(accountId, [id])).length,
    references: (await storage.references.list(accountId, id)).length,
  }
}

/** Enqueues a job the way the core does (a new token, a held lease kept), in one transaction. */
export function enqueue(port: StoragePort, job: SyncJobInput): Promise<void> {
  return port.withTransaction((tx) => enqueueJobs(tx, { id: randomUUID }, [job]))
}

/** Settles a claimed job the way the core does, in one transaction. */
export function settle(port: StoragePort, job: SyncJob, outcome: JobSettlement): Promise<boolean> {
  return port.withTransaction((tx) => settleJob(tx, job, outcome))
}

/** What `promise` rejected with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}
