import { equalBytes } from '@noble/ciphers/utils.js'
import type { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import { canonicalJson } from '../audit/hash-chain.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { kindOf } from '../domain/kinds/index.js'
import { openVersionSecret } from '../domain/secrets.js'
import { CredentialId, ExpectedVersion } from '../domain/shell.js'
import type { CredentialView } from '../domain/views.js'
import { CredentialsError, validationFailed } from '../errors.js'
import type { CredentialRecord, TlsPublicData } from '../model/credential-records.js'
import type { CredentialVersionRecord } from '../model/credential-versions.js'
import { enqueueApply } from '../sync/outbox.js'
import { parseInput, strictFields } from '../validate.js'
import { keepVersion } from './keep-version.js'
import { checkExpectedVersion, withPreparedWrite } from './prepared-write.js'
import { readView } from './read-view.js'
import { assertNameFree } from './unique-name.js'

export const RollbackInput = strictFields({
  /** The earlier version whose content comes back. */
  toVersion: ExpectedVersion,
  expectedVersion: ExpectedVersion.optional(),
})
export type RollbackInput = z.input<typeof RollbackInput>

/**
 * Makes a new version whose content (name, description, body and secret) is that of the earlier
 * version `toVersion`; history is never rewritten. The old version's envelope is reused as it is
 * (still bound to the secret version it was sealed at) after it was opened once, so a tampered or
 * unreadable one is refused with `CRYPTO_FAILED` before anything changes. The default flag stays
 * as it is. Pushed to every active region; audited `credential.rolled-back` with both versions.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND (`toVersion` past the retention) | CONFLICT | CRYPTO_FAILED | AUDIT_FAILED
 */
export async function rollbackCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  input: unknown,
): Promise<CredentialView> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const { toVersion, expectedVersion } = parseInput(RollbackInput, input)
  const accountId = actor.accountId

  return withPreparedWrite({
    read: () => autocommit(ctx, (tx) => loadCredential(tx, accountId, id)),
    prepare: async (current) => {
      checkExpectedVersion(current, expectedVersion)
      const old = await autocommit(ctx, (tx) => tx.versions.get(accountId, id, toVersion))
      checkTarget(current, old, toVersion, ctx.clock.now())
      // Opened (and dropped) to prove it sound before it becomes the current version again.
      await openVersionSecret(ctx, old)
      return old
    },
    write: (seen, old) =>
      transact(ctx, accountId, async (tx) => {
        const current = await loadCredential(tx, accountId, id)
        checkExpectedVersion(current, expectedVersion)
        const kept = await tx.versions.get(accountId, id, toVersion)
        // Moved on, trimmed or re-wrapped meanwhile: prepared again on what is there now.
        if (current.version !== seen.version || !kept || !equalBytes(kept.envelope, old.envelope)) return null
        const fields = changedFields(current, old)
        const next: CredentialRecord = {
          ...current,
          name: old.name,
          description: old.description,
          publicData: old.publicData,
          hostNames: old.hostNames,
          envelope: old.envelope,
          keyId: old.keyId,
          secretVersion: old.secretVersion,
          version: current.version + 1,
          updatedAt: ctx.clock.now(),
          updatedBy: actor.userId,
          updatedFields: fields,
        }
        if (next.name !== current.name) await assertNameFree(tx, next)
        await keepVersion(tx, ctx, current)
        await tx.credentials.update(next)
        await enqueueApply(tx, ctx, next, 'rolled-back')
        await appendAuditEvent(tx, ctx, accountId, {
          actor: userActor(actor),
          action: 'credential.rolled-back',
          credential: auditRef(next),
          fields,
          outcome: 'success',
          message: `Rolled back from version ${current.version} to the content of version ${toVersion}, as version ${next.version}`,
        })
        return readView(tx, next)
      }),
  })
}

/** @throws CredentialsError VALIDATION_FAILED | NOT_FOUND */
function checkTarget(
  current: CredentialRecord,
  old: CredentialVersionRecord | null,
  toVersion: number,
  now: Date,
): asserts old is CredentialVersionRecord {
  if (toVersion >= current.version) {
    throw validationFailed([
      { path: ['toVersion'], message: `must be a version before the current one (${current.version})` },
    ])
  }
  if (!old) {
    throw new CredentialsError(
      'NOT_FOUND',
      'The credential keeps no such version (it is past the retention of its history)',
      { field: 'toVersion' },
    )
  }
  if (
    old.type === 'tls-certificate' &&
    Date.parse((old.publicData as TlsPublicData).notAfter) <= now.getTime()
  ) {
    throw validationFailed([{ path: ['toVersion'], message: 'the certificate of that version has expired' }])
  }
}

/** Names of what differs between two versions: shell fields, body fields, secret fields. */
function changedFields(current: CredentialRecord, old: CredentialVersionRecord): string[] {
  const fields: string[] = []
  if (old.name !== current.name) fields.push('name')
  if (old.description !== current.description) fields.push('description')
  const was = old.publicData as unknown as Record<string, unknown>
  const now = current.publicData as unknown as Record<string, unknown>
  const data = new Set<string>()
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (canonicalJson(was[key] ?? null) !== canonicalJson(now[key] ?? null)) data.add(key)
  }
  if (old.secretVersion !== current.secretVersion) {
    for (const key of kindOf(current.type).secretFields) data.add(key)
  }
  return [...fields, ...[...data].sort().map((key) => `data.${key}`)]
}
