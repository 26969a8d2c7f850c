import { randomUUID } from 'node:crypto'
import type { StoragePort, StorageTx, SyncJob, SyncJobInput } from '@credkit/core'
import { enqueueJobs, type JobSettlement, settleJob } from '@credkit/core'
import type { StorageFixture } from './storage-reader.js'
import { storesOf } from './stores.js'

/** A fixture as the cases use it: `storage` calls each run as their own transaction, `port` is the adapter. */
export function open(
  fixture: StorageFixture,
): Omit<StorageFixture, 'storage'> & { port: StoragePort; storage: StorageTx } {
  return { ...fixture, port: fixture.storage, storage: storesOf(fixture.storage) }
}

/** Enqueues a job the way the core does (a new token, a held lease kept), in one transaction. */
export function enqueue(port: StoragePort, job: SyncJobInput): Promise<void> {
  return port.withTransaction((tx) => enqueueJobs(tx, { id: randomUUID }, [job]))
}

/** Settles a claimed job the way the core does, in one transaction. */
export function settle(port: StoragePort, job: SyncJob, outcome: JobSettlement): Promise<boolean> {
  return port.withTransaction((tx) => settleJob(tx, job, outcome))
}
