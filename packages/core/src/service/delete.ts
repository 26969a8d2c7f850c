import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import { CredentialId, ExpectedVersion } from '../domain/shell.js'
import { CredentialsError } from '../errors.js'
import { enqueueRemove } from '../sync/outbox.js'
import { parseInput } from '../validate.js'
import { purgeRows } from './keep-version.js'
import { checkExpectedVersion } from './prepared-write.js'

export const DeleteOptions = z
  .strictObject({
    force: z.boolean({ error: 'expected a boolean' }).optional(),
    expectedVersion: ExpectedVersion.optional(),
  })
  .nullish()
export type DeleteOptions = z.input<typeof DeleteOptions>

const DAY_MS = 86_400_000

/**
 * Deletes a credential and enqueues its removal from every region. The row is soft-deleted: out
 * of every list, picker and lookup, restorable until `purgeAfter` (the recovery window,
 * `deletion.recoveryDays`), its name still taken; with a window of 0 it is purged at once, history
 * included. A credential still referenced by an app, host or environment is refused with `IN_USE`
 * unless `force` (audited with the references it broke). Deleting the default registry leaves the
 * account without one, and a restore does not make it the default again. With `expectedVersion`,
 * a credential changed meanwhile is refused with `CONFLICT`.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | IN_USE | CONFLICT | AUDIT_FAILED
 */
export async function deleteCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  optionsInput?: unknown,
): Promise<void> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const options = parseInput(DeleteOptions, optionsInput, ['options']) ?? {}
  const accountId = actor.accountId

  await transact(ctx, accountId, async (tx) => {
    const current = await loadCredential(tx, accountId, id)
    checkExpectedVersion(current, options.expectedVersion)
    const references = await tx.references.list(accountId, id)
    const refs = references.map(({ kind, id: refId, purpose }) => ({ kind, id: refId, purpose }))
    if (references.length > 0 && !options.force) {
      throw new CredentialsError(
        'IN_USE',
        `The credential is used by ${references.length} reference(s); detach them or delete with force`,
        { references: refs },
      )
    }
    await tx.references.clear(accountId, id)
    const now = ctx.clock.now()
    const days = ctx.lifecycle.recoveryDays
    const purgeAfter = new Date(now.getTime() + days * DAY_MS)
    if (days === 0) await purgeRows(tx, current)
    else {
      const deleted = { isDefault: false, deletedAt: now, deletedBy: actor.userId, purgeAfter }
      await tx.credentials.update({ ...current, ...deleted })
    }
    await enqueueRemove(tx, ctx, current, 'deleted')
    const notes = [
      references.length > 0 ? `Forced: broke ${references.length} reference(s)` : null,
      current.isDefault ? 'Was the default registry: the account has no default now' : null,
      days === 0 ? 'Purged at once (no recovery window)' : `Restorable until ${purgeAfter.toISOString()}`,
    ].filter((note) => note !== null)
    await appendAuditEvent(tx, ctx, accountId, {
      actor: userActor(actor),
      action: 'credential.deleted',
      credential: auditRef(current),
      outcome: 'success',
      message: notes.join('. '),
      references: references.length ? refs : null,
    })
    if (days === 0) {
      await appendAuditEvent(tx, ctx, accountId, {
        actor: userActor(actor),
        action: 'credential.purged',
        credential: auditRef(current),
        outcome: 'success',
        message: 'The credential and its history are gone for good',
      })
    }
  })
}
