import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import { CredentialId, ExpectedVersion } from '../domain/shell.js'
import { CredentialsError } from '../errors.js'
import { enqueueRemove } from '../sync/outbox.js'
import { parseInput } from '../validate.js'
import { checkExpectedVersion } from './prepared-write.js'

export const DeleteOptions = z
  .strictObject({
    force: z.boolean({ error: 'expected a boolean' }).optional(),
    expectedVersion: ExpectedVersion.optional(),
  })
  .nullish()
export type DeleteOptions = z.input<typeof DeleteOptions>

/**
 * Deletes a credential and enqueues its removal from every region. A credential still referenced
 * by an app, host or environment is refused with `IN_USE` unless `force` (audited with the
 * references it broke). Deleting the default registry leaves the account without one. With
 * `expectedVersion`, a credential changed meanwhile is refused with `CONFLICT`.
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
    await tx.credentials.delete(accountId, id)
    await enqueueRemove(tx, ctx, current, 'deleted')
    const notes = [
      references.length > 0 ? `Forced: broke ${references.length} reference(s)` : null,
      current.isDefault ? 'Was the default registry: the account has no default now' : null,
    ].filter((note) => note !== null)
    await appendAuditEvent(tx, ctx, accountId, {
      actor: userActor(actor),
      action: 'credential.deleted',
      credential: auditRef(current),
      outcome: 'success',
      message: notes.length ? notes.join('. ') : null,
      references: references.length ? refs : null,
    })
  })
}
