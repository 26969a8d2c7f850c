import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef } from '../context/guards.js'
import { CredentialsError } from '../errors.js'
import type { AuditActor } from '../model/audit-records.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { enqueueApply } from '../sync/outbox.js'
import { keepVersion } from './keep-version.js'

/**
 * Demotes the account's current default registry (if any, and if it is not `exceptId`) so another
 * can be promoted in the same transaction. Audited as `credential.default-cleared`.
 */
export async function demoteDefault(
  tx: StorageTx,
  ctx: ServiceContext,
  accountId: string,
  by: { actor: AuditActor; userId: string },
  exceptId?: string,
): Promise<void> {
  const current = await tx.credentials.getDefault(accountId)
  if (!current || current.id === exceptId) return
  const demoted: CredentialRecord = {
    ...current,
    isDefault: false,
    version: current.version + 1,
    updatedAt: ctx.clock.now(),
    updatedBy: by.userId,
    updatedFields: ['isDefault'],
  }
  await keepVersion(tx, ctx, current)
  await tx.credentials.update(demoted)
  await enqueueApply(tx, ctx, demoted, 'default-cleared')
  await appendAuditEvent(tx, ctx, accountId, {
    actor: by.actor,
    action: 'credential.default-cleared',
    credential: auditRef(demoted),
    fields: ['isDefault'],
    outcome: 'success',
    message: 'Another registry became the default',
  })
}

/** A concurrent writer changed the row between our read and our write: run again. */
export function lostRace(): CredentialsError {
  return new CredentialsError('CONFLICT', 'The credential changed concurrently', { retryable: true })
}
