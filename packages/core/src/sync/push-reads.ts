import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'

/** What a push is decided on: the credential's row and the job's region status. */
export interface PushRead {
  readonly record: CredentialRecord | null
  readonly status: RegionStatusRecord | null
}

/** The reads of the jobs of one claim. */
export type PushReads = (job: SyncJob) => PushRead

/**
 * Reads what the apply jobs of one claim are decided on, right after the claim and without a
 * transaction: the rows and the statuses of their credentials, one call each per account
 * whatever the number of jobs (a `syncNow` to ten regions reads its row once). A job that waits
 * for a slot is decided on this read: a row only moves forward meanwhile, and the outcome is
 * checked again in the transaction that records it.
 */
export async function readForPush(
  tx: Pick<StorageTx, 'credentials' | 'sync'>,
  jobs: ReadonlyArray<SyncJob>,
): Promise<PushReads> {
  const byAccount = new Map<string, Set<string>>()
  for (const job of jobs) {
    if (job.action !== 'apply') continue
    const ids = byAccount.get(job.accountId) ?? new Set<string>()
    ids.add(job.credentialId)
    byAccount.set(job.accountId, ids)
  }
  const records = new Map<string, CredentialRecord>()
  const statuses = new Map<string, RegionStatusRecord>()
  const key = (accountId: string, id: string, region = '') => `${accountId}\0${id}\0${region}`
  for (const [accountId, ids] of byAccount) {
    const [rows, found] = await Promise.all([
      tx.credentials.getMany(accountId, [...ids]),
      tx.sync.listStatuses(accountId, [...ids]),
    ])
    for (const row of rows) records.set(key(accountId, row.id), row)
    for (const s of found) statuses.set(key(accountId, s.credentialId, s.region), s)
  }
  return (job) => ({
    record: records.get(key(job.accountId, job.credentialId)) ?? null,
    status: statuses.get(key(job.accountId, job.credentialId, job.region)) ?? null,
  })
}
