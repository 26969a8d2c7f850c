import type { ServiceContext } from '../context/context.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import type { PushReads } from './push-reads.js'
import { statusWhilePushing } from './status-transitions.js'

/**
 * Inside the transaction that just enqueued `record`'s jobs (with `statuses`, its regions'
 * statuses as that transaction wrote them): leases the credential's jobs that are free and marks
 * each `syncing`, so they commit together and the caller pushes right after, with no claim or
 * mark transaction of its own. A job another worker still holds a lease on is not claimed: that
 * worker finishes first. Returns the claimed jobs and what each push is decided on (`runJob`'s
 * `read`: current, already marked).
 */
export async function claimMarked(
  tx: StorageTx,
  ctx: ServiceContext,
  record: CredentialRecord,
  statuses: ReadonlyArray<RegionStatusRecord>,
  owner: string,
): Promise<{ jobs: SyncJob[]; read: PushReads }> {
  if (statuses.length === 0) return { jobs: [], read: () => undefined }
  const jobs = await tx.sync.claim(ctx.clock.now(), {
    owner,
    leaseMs: ctx.sync.leaseMs,
    limit: statuses.length,
    accountId: record.accountId,
    credentialId: record.id,
  })
  const byRegion = new Map(statuses.map((status) => [status.region, status]))
  const marks: RegionStatusRecord[] = []
  for (const job of jobs) {
    const mark = statusWhilePushing(byRegion.get(job.region) ?? null, record, job)
    if (mark) {
      marks.push(mark)
      byRegion.set(job.region, mark)
    }
  }
  if (marks.length > 0) await tx.sync.putStatuses(marks)
  return { jobs, read: (job) => ({ record, status: byRegion.get(job.region) ?? null }) }
}
