import type { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadDeleted, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import { CredentialId, CredentialName } from '../domain/shell.js'
import type { CredentialView, DeletedCredentialView } from '../domain/views.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { enqueueApply } from '../sync/outbox.js'
import { parseInput, strictFields } from '../validate.js'
import { keepVersion } from './keep-version.js'
import { dropRemovedStatuses } from './purge.js'
import { managerPage, type Page } from './queries.js'
import { readView } from './read-view.js'
import { assertNameFree } from './unique-name.js'

export const RestoreOptions = strictFields({ name: CredentialName.optional() }).nullish()
export type RestoreOptions = z.input<typeof RestoreOptions>

/**
 * Deleted credentials still in their recovery window, a page at a time in list order (managers).
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function listDeleted(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput?: unknown,
): Promise<Page<DeletedCredentialView>> {
  const { rows, nextCursor } = await managerPage(ctx, actorInput, optionsInput, true)
  return { items: rows.map(toDeletedView), nextCursor }
}

/**
 * Brings a deleted credential back: live again, pushed to every active region (audited
 * `credential.restored`), never the default registry (promote it with `setDefault`). Under its
 * own name, or under `name` when given: a rename is a new version, and frees the old name.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND (also for a live credential) | CONFLICT | AUDIT_FAILED
 */
export async function restoreCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  optionsInput?: unknown,
): Promise<CredentialView> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const options = parseInput(RestoreOptions, optionsInput, ['options']) ?? {}
  return transact(ctx, actor.accountId, async (tx) => {
    const current = await loadDeleted(tx, actor.accountId, id)
    let next: CredentialRecord = { ...current, deletedAt: null, deletedBy: null, purgeAfter: null }
    const renamed = options.name !== undefined && options.name !== current.name
    if (renamed) {
      next = {
        ...next,
        name: options.name!,
        version: current.version + 1,
        updatedAt: ctx.clock.now(),
        updatedBy: actor.userId,
        updatedFields: ['name'],
      }
      await assertNameFree(tx, next)
      await keepVersion(tx, ctx, current)
    }
    await tx.credentials.update(next)
    // Regions the removal already emptied start over; one still removing hands its lease on.
    await dropRemovedStatuses(tx, current)
    await enqueueApply(tx, ctx, next, 'restored')
    await appendAuditEvent(tx, ctx, actor.accountId, {
      actor: userActor(actor),
      action: 'credential.restored',
      credential: auditRef(next),
      fields: renamed ? ['name'] : null,
      outcome: 'success',
      message: renamed ? `Restored under a new name as version ${next.version}` : null,
    })
    return readView(tx, next)
  })
}

function toDeletedView(record: CredentialRecord): DeletedCredentialView {
  return {
    id: record.id,
    accountId: record.accountId,
    type: record.type,
    name: record.name,
    description: record.description,
    version: record.version,
    deletedAt: record.deletedAt!,
    deletedBy: record.deletedBy!,
    purgeAfter: record.purgeAfter!,
  }
}
