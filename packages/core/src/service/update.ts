import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { kindOf } from '../domain/kinds/index.js'
import { openSecret, sealSecret } from '../domain/secrets.js'
import { CredentialId, UpdateCredentialShell } from '../domain/shell.js'
import type { CredentialView } from '../domain/views.js'
import { validationFailed } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { Actor } from '../roles/actor.js'
import { enqueueApply } from '../sync/outbox.js'
import { parseInput } from '../validate.js'
import { demoteDefault } from './default-registry.js'
import { keepVersion } from './keep-version.js'
import { checkExpectedVersion, withPreparedWrite } from './prepared-write.js'
import { readView } from './read-view.js'
import { assertNameFree } from './unique-name.js'

type UpdatePatch = ReturnType<typeof UpdateCredentialShell.parse>

/** The row an update would write, with the changed field names; built outside any transaction. */
interface PreparedUpdate {
  readonly next: CredentialRecord
  readonly fields: ReadonlyArray<string>
}

/**
 * Updates name, description, body fields or the default flag. A field left out keeps its value
 * (secret fields too; `description: null` clears it); the type never changes. Un-defaulting
 * leaves the account without a default. Decrypting and sealing (KeyPort calls, maybe a KMS round
 * trip) happen before the transaction, on the version read first; if the row moved on by the
 * time the transaction runs, the update is prepared again on the new version.
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

  return withPreparedWrite({
    read: () => autocommit(ctx, (tx) => loadCredential(tx, accountId, id)),
    prepare: async (current) => {
      checkExpectedVersion(current, patch.expectedVersion)
      return prepareUpdate(ctx, actor, current, patch)
    },
    write: (seen, prepared) => {
      if (prepared === null) return autocommit(ctx, (tx) => readView(tx, seen))
      return transact(ctx, accountId, async (tx) => {
        const current = await loadCredential(tx, accountId, id)
        checkExpectedVersion(current, patch.expectedVersion)
        if (current.version !== seen.version) return null
        const { next, fields } = prepared
        const by = { actor: userActor(actor), userId: actor.userId }
        if (next.isDefault && !current.isDefault) await demoteDefault(tx, ctx, accountId, by, current.id)
        if (next.name !== current.name) await assertNameFree(tx, next)
        await keepVersion(tx, ctx, current)
        await tx.credentials.update(next)
        await enqueueApply(tx, ctx, next, 'updated')
        await appendAuditEvent(tx, ctx, accountId, {
          actor: by.actor,
          action: 'credential.updated',
          credential: auditRef(next),
          fields: [...fields],
          outcome: 'success',
        })
        if (next.isDefault !== current.isDefault) {
          await appendAuditEvent(tx, ctx, accountId, {
            actor: by.actor,
            action: next.isDefault ? 'credential.default-set' : 'credential.default-cleared',
            credential: auditRef(next),
            outcome: 'success',
            message: next.isDefault ? null : 'The account has no default registry now',
          })
        }
        return readView(tx, next)
      })
    },
  })
}

/**
 * Validates the patch against `current` and seals new secret fields for the next version; null
 * when nothing would change.
 */
async function prepareUpdate<T extends CredentialType>(
  ctx: ServiceContext,
  actor: Actor,
  current: CredentialRecord<T>,
  patch: UpdatePatch,
): Promise<PreparedUpdate | null> {
  if (patch.isDefault !== undefined && current.type !== 'container-registry') {
    throw validationFailed([
      { path: ['isDefault'], message: 'only container-registry credentials can be the default' },
    ])
  }
  const now = ctx.clock.now()
  const body =
    patch.data === undefined
      ? null
      : await kindOf(current.type).update(current.publicData, patch.data, { now, acme: ctx.acme }, () =>
          openSecret(ctx, current),
        )
  const name = patch.name ?? current.name
  const description = patch.description === undefined ? current.description : patch.description
  const isDefault = patch.isDefault ?? current.isDefault
  const fields: string[] = []
  if (name !== current.name) fields.push('name')
  if (description !== current.description) fields.push('description')
  if (body) fields.push(...body.fields)
  if (isDefault !== current.isDefault) fields.push('isDefault')
  if (fields.length === 0) return null

  const version = current.version + 1
  let sealed = { envelope: current.envelope, keyId: current.keyId, secretVersion: current.secretVersion }
  if (body?.secret) {
    const binding = { accountId: current.accountId, credentialId: current.id, type: current.type }
    const envelope = await sealSecret(ctx, { ...binding, secretVersion: version }, body.secret)
    sealed = { ...envelope, secretVersion: version }
  }
  const next: CredentialRecord = {
    ...current,
    name,
    description,
    isDefault,
    version,
    publicData: body?.publicData ?? current.publicData,
    hostNames: body?.hostNames ?? current.hostNames,
    ...sealed,
    updatedAt: now,
    updatedBy: actor.userId,
    updatedFields: fields,
  }
  return { next, fields }
}
