import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef } from '../context/guards.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'

/**
 * What running one job did. `stale`: a newer job or a removal superseded it, the region already
 * held a newer version, or the job had used up its attempts (a timed-out call's job coming back
 * after its lease); nothing was pushed. `pushed-older`: the push landed but the credential moved
 * on meanwhile. `handed-back`: the job waited for a region-call slot until its lease could end
 * during the call; it is due again, unleased, and nothing was pushed.
 */
export type JobOutcome = 'synced' | 'pushed-older' | 'failed' | 'removed' | 'stale' | 'handed-back'

/**
 * The audit event of one region outcome: actor `system` with the job's reason, the credential
 * from its row when there still is one (a removal runs after the row is gone).
 */
export function auditOutcome(
  tx: StorageTx,
  ctx: ServiceContext,
  job: SyncJob,
  record: CredentialRecord | null,
  action: 'credential.synced' | 'credential.sync-failed' | 'credential.removed-from-region',
  message?: string,
): Promise<unknown> {
  return appendAuditEvent(tx, ctx, job.accountId, {
    actor: { type: 'system', reason: job.reason },
    action,
    credential: record
      ? auditRef(record)
      : { id: job.credentialId, type: job.credentialType, name: job.credentialName },
    region: job.region,
    outcome: action === 'credential.sync-failed' ? 'failure' : 'success',
    message: message ?? null,
  })
}

export async function statusOf(
  tx: Pick<StorageTx, 'sync'>,
  job: SyncJob,
): Promise<RegionStatusRecord | null> {
  const [status] = await tx.sync.getStatuses(job.accountId, [job])
  return status ?? null
}
