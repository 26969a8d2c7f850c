import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadDeleted, requireManager, userActor } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import type { AuditActor } from '../model/audit-records.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { parseInput } from '../validate.js'
import { purgeRows } from './keep-version.js'

/** What one purge pass did. */
export interface PurgeExpiredResult {
  /** Deleted credentials whose recovery window had ended, purged for good. */
  readonly purged: number
}

const BATCH = 100

/**
 * Purges a deleted credential now, before its recovery window ends: the row and its history are
 * gone for good (audited `credential.purged`), and its name is free again. A region status whose
 * removal is still pending stays until the removal succeeds; the others go with the row.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND (also for a live credential) | AUDIT_FAILED
 */
export async function purgeCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
): Promise<void> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  await transact(ctx, actor.accountId, async (tx) => {
    const record = await loadDeleted(tx, actor.accountId, id)
    await purgeDeleted(tx, ctx, record, userActor(actor), 'Purged before the end of its recovery window')
  })
}

/**
 * Platform-internal (a scheduled job, or the sync worker): purges every deleted credential whose
 * recovery window has ended, each in its own transaction with its audit event (actor
 * `system`, reason `retention`). Safe to run from several processes at once.
 * @throws CredentialsError STORAGE_FAILED | AUDIT_FAILED
 */
export async function purgeExpired(ctx: ServiceContext): Promise<PurgeExpiredResult> {
  let purged = 0
  for (;;) {
    const now = ctx.clock.now()
    const batch = await autocommit(ctx, (tx) => tx.credentials.listPurgeable(now, BATCH))
    let done = 0
    for (const row of batch) {
      const gone = await transact(ctx, row.accountId, async (tx) => {
        const current = await tx.credentials.get(row.accountId, row.id)
        // Restored (or purged by someone else) meanwhile: not ours to purge.
        if (!current?.purgeAfter || current.purgeAfter.getTime() > now.getTime()) return false
        const actor: AuditActor = { type: 'system', reason: 'retention' }
        await purgeDeleted(tx, ctx, current, actor, 'Recovery window ended')
        return true
      })
      if (gone) done++
    }
    purged += done
    // Each row of a batch was purged or left the work list: a short or empty batch is the end.
    if (batch.length < BATCH || done === 0) return { purged }
  }
}

/**
 * Drops the statuses of a deleted credential in the regions its removal has left (no job
 * pending there): the region holds nothing of it any more. A status whose removal is still
 * pending stays; the removal drops it when it lands on a purged row.
 */
export async function dropRemovedStatuses(tx: StorageTx, record: CredentialRecord): Promise<void> {
  const pending = new Set((await tx.sync.listJobs(record.accountId, [record.id])).map((job) => job.region))
  for (const status of await tx.sync.listStatuses(record.accountId, [record.id])) {
    if (!pending.has(status.region)) await tx.sync.deleteStatus(record.accountId, record.id, status.region)
  }
}

async function purgeDeleted(
  tx: StorageTx,
  ctx: ServiceContext,
  record: CredentialRecord,
  actor: AuditActor,
  message: string,
): Promise<void> {
  await purgeRows(tx, record)
  await dropRemovedStatuses(tx, record)
  await appendAuditEvent(tx, ctx, record.accountId, {
    actor,
    action: 'credential.purged',
    credential: auditRef(record),
    outcome: 'success',
    message,
  })
}
