import type { SyncJob, SyncJobInput } from '../model/sync-records.js'
import type { Random } from '../ports/random.js'
import type { StorageTx } from '../ports/storage-port.js'

const sameTime = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime()

/**
 * Puts jobs in the outbox inside `tx`, each replacing the job of its (credential, region) with a
 * new `token`. A lease held on a replaced job is kept, so a worker already pushing the older
 * version finishes (or its lease expires) before anyone pushes the newer one. All `inputs` belong
 * to one account; the jobs they replace are read in one call, and written in one. `fresh`: the
 * credentials were created in this transaction and have no job to read.
 */
export async function enqueueJobs(
  tx: StorageTx,
  random: Pick<Random, 'id'>,
  inputs: ReadonlyArray<SyncJobInput>,
  fresh = false,
): Promise<void> {
  const first = inputs[0]
  if (!first) return
  const at = (job: { credentialId: string; region: string }) => `${job.credentialId}\0${job.region}`
  const ids = [...new Set(inputs.map((input) => input.credentialId))]
  const held = new Map(
    fresh ? [] : (await tx.sync.listJobs(first.accountId, ids)).map((job) => [at(job), job]),
  )
  await tx.sync.putJobs(
    inputs.map((input) => {
      const previous = held.get(at(input))
      return {
        ...input,
        token: random.id(),
        leaseOwner: previous?.leaseOwner ?? null,
        leaseExpiresAt: previous?.leaseExpiresAt ?? null,
      }
    }),
  )
}

/** How a claimed job ends: done (`retryAt` null, the job is deleted) or rescheduled. */
export interface JobSettlement {
  readonly retryAt: Date | null
  readonly attempts: number
}

/**
 * Ends a claimed job inside `tx` and releases its lease. When the job's token changed meanwhile,
 * nothing is settled and false is returned: if a newer job replaced it, the lease this worker
 * still holds (same owner and expiry) is released so the newer job can run; if another worker
 * claimed it after this lease expired, that worker's lease is left alone.
 */
export async function settleJob(tx: StorageTx, job: SyncJob, outcome: JobSettlement): Promise<boolean> {
  const current = await currentJob(tx, job)
  if (!current) return false
  if (current.token !== job.token) {
    if (current.leaseOwner === job.leaseOwner && sameTime(current.leaseExpiresAt, job.leaseExpiresAt)) {
      await tx.sync.putJobs([{ ...current, leaseOwner: null, leaseExpiresAt: null }])
    }
    return false
  }
  if (outcome.retryAt === null) await tx.sync.deleteJobs([job])
  else {
    await tx.sync.putJobs([
      {
        ...current,
        runAt: outcome.retryAt,
        attempts: outcome.attempts,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    ])
  }
  return true
}

/** The outbox's job of `job`'s (credential, region) now, whatever its token. */
export async function currentJob(
  tx: StorageTx,
  job: Pick<SyncJob, 'accountId' | 'credentialId' | 'region'>,
): Promise<SyncJob | null> {
  const [current] = await tx.sync.getJobs(job.accountId, [job])
  return current ?? null
}
