import type { ServiceContext } from '../context/context.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { AcmeIssuance, RegionStatusRecord, SyncJobInput } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { contentHash } from './content-hash.js'
import { enqueueJobs } from './jobs.js'

/**
 * Transactional outbox, apply side: in the transaction that wrote `record`, marks every active
 * region `not-synced` for its version and enqueues a push. What the region holds (version,
 * hash, last success) is kept: it is still what is there. ACME issuance is kept only while the
 * region holds this very content (see `issuanceFor`).
 */
export async function enqueueApply(
  tx: StorageTx,
  ctx: ServiceContext,
  record: CredentialRecord,
  reason: string,
  options: EnqueueApplyOptions = {},
): Promise<{ regions: string[]; statuses: RegionStatusRecord[] }> {
  const now = ctx.clock.now()
  const targets = [...(options.regions ?? (await tx.sync.listRegions(record.accountId)))]
  if (targets.length === 0) return { regions: targets, statuses: [] }
  const existing = new Map(
    options.fresh
      ? []
      : (await tx.sync.listStatuses(record.accountId, [record.id])).map((s) => [s.region, s]),
  )
  const statuses: RegionStatusRecord[] = targets.map((region) => {
    const previous = existing.get(region)
    return {
      accountId: record.accountId,
      credentialId: record.id,
      region,
      state: 'not-synced',
      version: previous?.version ?? null,
      targetVersion: record.version,
      contentHash: previous?.contentHash ?? null,
      lastSyncedAt: previous?.lastSyncedAt ?? null,
      error: null,
      attempts: 0,
      nextAttemptAt: now,
      issuance: issuanceFor(previous, record),
    }
  })
  await tx.sync.putStatuses(statuses)
  await enqueueJobs(
    tx,
    ctx.random,
    targets.map((region) => applyJob(record, region, reason, now)),
    options.fresh,
  )
  return { regions: targets, statuses }
}

export interface EnqueueApplyOptions {
  /** The regions to push to (default: every active region of the account). */
  readonly regions?: ReadonlyArray<string>
  /** A credential created in this transaction: it has no status or job to read yet. */
  readonly fresh?: boolean
}

/**
 * The issuance a status keeps when `record` becomes the version to push. A certificate issued for
 * other content (other names, another provider) was not issued for this version: the issuance
 * is kept only when the region holds `record`'s content hash, and is `pending` otherwise.
 */
function issuanceFor(
  previous: RegionStatusRecord | undefined,
  record: CredentialRecord,
): AcmeIssuance | null {
  if (!previous?.issuance) return null
  if (record.type !== 'acme-wildcard') return previous.issuance
  return previous.contentHash === contentHash(record) ? previous.issuance : { state: 'pending' }
}

/** A fresh push of `record`'s current version to `region`, due at `runAt`. */
export function applyJob(
  record: CredentialRecord,
  region: string,
  reason: string,
  runAt: Date,
): SyncJobInput {
  return {
    accountId: record.accountId,
    credentialId: record.id,
    region,
    credentialType: record.type,
    credentialName: record.name,
    action: 'apply',
    version: record.version,
    attempts: 0,
    runAt,
    reason,
  }
}

/**
 * Outbox, removal side: enqueues removal from every region that is active or holds a status for
 * the deleted credential. Statuses stay until the removal succeeds.
 */
export async function enqueueRemove(
  tx: StorageTx,
  ctx: ServiceContext,
  record: CredentialRecord,
  reason: string,
): Promise<void> {
  const now = ctx.clock.now()
  const regions = new Set(await tx.sync.listRegions(record.accountId))
  for (const status of await tx.sync.listStatuses(record.accountId, [record.id])) regions.add(status.region)
  await enqueueJobs(
    tx,
    ctx.random,
    [...regions].sort().map((region) => ({
      accountId: record.accountId,
      credentialId: record.id,
      region,
      credentialType: record.type,
      credentialName: record.name,
      action: 'remove' as const,
      version: record.version,
      attempts: 0,
      runAt: now,
      reason,
    })),
  )
}
