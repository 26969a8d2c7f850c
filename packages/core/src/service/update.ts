import { appendAuditEvent } from '../audit/append-event.js'
import { kindOf } from '../domain/kinds/index.js'
import type { CredentialRecord } from '../domain/records.js'
import { CredentialId, UpdateCredentialShell } from '../domain/shell.js'
import { parseInput } from '../domain/validate.js'
import type { CredentialView } from '../domain/views.js'
import { validationFailed } from '../errors.js'
import { enqueueApply } from '../sync/outbox.js'
import {
  auditRef,
  loadCredential,
  requireManager,
  type ServiceContext,
  transact,
  userActor,
} from './context.js'
import { demoteDefault, lostRace } from './default-registry.js'
import { readView } from './read-view.js'
import { openSecret, sealSecret } from './secrets.js'

/**
 * Updates name, description, body fields or the default flag. A secret field left out keeps its
 * stored value; the type never changes. Un-defaulting leaves the account without a default.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | AUDIT_FAILED | CRYPTO_FAILED
 */
export async function updateCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  input: unknown,
): Promise<CredentialView> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const patch = parseInput(UpdateCredentialShell, input)
  const accountId = actor.accountId

  return transact(ctx, accountId, async (tx) => {
    const current = await loadCredential(tx, accountId, id)
    if (patch.isDefault !== undefined && current.type !== 'container-registry') {
      throw validationFailed([
        { path: ['isDefault'], message: 'only container-registry credentials can be the default' },
      ])
    }
    const now = ctx.clock.now()
    const kind = kindOf(current.type)
    const body =
      patch.data === undefined
        ? null
        : await kind.update(current.publicData as never, patch.data, { now }, () => openSecret(ctx, current))

    const fields: string[] = []
    if (patch.name !== undefined && patch.name !== current.name) fields.push('name')
    if (patch.description !== undefined && patch.description !== current.description)
      fields.push('description')
    if (body) fields.push(...body.fields)
    const isDefault = patch.isDefault ?? current.isDefault
    if (isDefault !== current.isDefault) fields.push('isDefault')
    if (fields.length === 0) return readView(tx, current)

    const by = { actor: userActor(actor), userId: actor.userId }
    if (isDefault && !current.isDefault) await demoteDefault(tx, ctx, accountId, by, current.id)
    const version = current.version + 1
    let sealed = { envelope: current.envelope, keyId: current.keyId, secretVersion: current.secretVersion }
    if (body?.secret) {
      const binding = { accountId, credentialId: id, type: current.type, secretVersion: version }
      sealed = { ...(await sealSecret(ctx, binding, body.secret)), secretVersion: version }
    }
    const next: CredentialRecord = {
      ...current,
      name: patch.name ?? current.name,
      description: patch.description === undefined ? current.description : patch.description,
      isDefault,
      version,
      publicData: body?.publicData ?? current.publicData,
      hostNames: body?.hostNames ?? current.hostNames,
      ...sealed,
      updatedAt: now,
      updatedBy: actor.userId,
    }
    if (!(await tx.credentials.update(next, current.version))) throw lostRace()
    await enqueueApply(tx, ctx, next, 'updated')
    await appendAuditEvent(tx, ctx, accountId, {
      actor: by.actor,
      action: 'credential.updated',
      credential: auditRef(next),
      fields,
      outcome: 'success',
    })
    if (isDefault !== current.isDefault) {
      await appendAuditEvent(tx, ctx, accountId, {
        actor: by.actor,
        action: isDefault ? 'credential.default-set' : 'credential.default-cleared',
        credential: auditRef(next),
        outcome: 'success',
        message: isDefault ? null : 'The account has no default registry now',
      })
    }
    return readView(tx, next)
  })
}
