// The core's job rules are not part of its public surface: tests reach them by path.
import {
  enqueueJobs,
  type StoragePort,
  type SyncJob,
  type SyncJobInput,
  settleJob,
  systemRandom,
} from '@credkit/core'

/** Puts `input` in the outbox with a new token, in its own transaction, as the core does. */
export function enqueue(storage: StoragePort, input: SyncJobInput): Promise<void> {
  return storage.withTransaction((tx) => enqueueJobs(tx, systemRandom, [input]), {
    account: input.accountId,
  })
}

/** Settles a claimed job as done, in its own transaction; false when its token is stale. */
export function settleDone(storage: StoragePort, job: SyncJob): Promise<boolean> {
  return storage.withTransaction((tx) => settleJob(tx, job, { retryAt: null, attempts: job.attempts + 1 }), {
    account: job.accountId,
  })
}
