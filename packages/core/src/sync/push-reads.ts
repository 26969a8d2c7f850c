import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'

/** What a push is decided on: the credential's row and the job's region status. */
export interface PushRead {
  readonly record: CredentialRecord | null
  readonly status: RegionStatusRecord | null
}

/** The reads of the jobs of one claim; undefined for a job that was not read. */
export type PushReads = (job: SyncJob) => PushRead | undefined

/** The reason of the jobs `prepareRegion` enqueues. */
export const REGION_PREPARED = 'region-prepared'

/**
 * Jobs worth the read: `prepareRegion`'s re-checks of credentials believed in place, whose status
 * it leaves `synced`. Every other apply job's status waits for its version (`not-synced`, marked
 * `syncing` before the push), so a read could not spare its transaction.
 */
const mayNeedNoMark = (job: SyncJob) => job.action === 'apply' && job.reason === REGION_PREPARED

/**
 * Reads the rows and statuses of the apply jobs of one claim, right after the claim and without a
 * transaction, one call each per account whatever the number of jobs. A job whose status needs no
 * `syncing` mark (a re-check of a credential already in place) and that is not stale on this read
 * is pushed without a transaction before the push: a row only moves forward meanwhile, and the
 * transaction that records the outcome checks again.
 */
export async function readForPush(
  tx: Pick<StorageTx, 'credentials' | 'sync'>,
  jobs: ReadonlyArray<SyncJob>,
): Promise<PushReads> {
  const byAccount = new Map<string, SyncJob[]>()
  for (const job of jobs) {
    if (!mayNeedNoMark(job)) continue
    const held = byAccount.get(job.accountId) ?? []
    held.push(job)
    byAccount.set(job.accountId, held)
  }
  const records = new Map<string, CredentialRecord>()
  const statuses = new Map<string, RegionStatusRecord>()
  const key = (accountId: string, id: string, region = '') => `${accountId}\0${id}\0${region}`
  for (const [accountId, held] of byAccount) {
    const [rows, found] = await Promise.all([
      tx.credentials.getMany(accountId, [...new Set(held.map((job) => job.credentialId))]),
      tx.sync.getStatuses(accountId, held),
    ])
    for (const row of rows) records.set(key(accountId, row.id), row)
    for (const s of found) statuses.set(key(accountId, s.credentialId, s.region), s)
  }
  return (job) =>
    mayNeedNoMark(job)
      ? {
          record: records.get(key(job.accountId, job.credentialId)) ?? null,
          status: statuses.get(key(job.accountId, job.credentialId, job.region)) ?? null,
        }
      : undefined
}
