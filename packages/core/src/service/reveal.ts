import type { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import type { RevealedSecrets } from '../domain/inputs.js'
import { kindOf } from '../domain/kinds/index.js'
import { openSecret, openVersionSecret } from '../domain/secrets.js'
import { CredentialId, ExpectedVersion } from '../domain/shell.js'
import { CredentialsError } from '../errors.js'
import { secret } from '../model/secret.js'
import { parseInput, strictFields } from '../validate.js'

export const RevealOptions = strictFields({
  /** An earlier version kept in the history (default: the current one). */
  version: ExpectedVersion.optional(),
}).nullish()
export type RevealOptions = z.input<typeof RevealOptions>

/**
 * Decrypts a credential's secret fields for an explicit reveal action, of the current version or
 * of an earlier one kept in the history (`version`). The reveal is audited in the same
 * transaction, an earlier version's with its number: if the audit event cannot be written,
 * nothing is revealed.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CRYPTO_FAILED | AUDIT_FAILED
 */
export async function revealSecrets(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  optionsInput?: unknown,
): Promise<RevealedSecrets> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const { version } = parseInput(RevealOptions, optionsInput, ['options']) ?? {}
  return transact(ctx, actor.accountId, async (tx) => {
    const record = await loadCredential(tx, actor.accountId, id)
    const past = version === undefined || version === record.version ? null : version
    let opened: Record<string, unknown>
    if (past === null) opened = (await openSecret(ctx, record)) as Record<string, unknown>
    else {
      const row = past < record.version ? await tx.versions.get(actor.accountId, id, past) : null
      if (!row) {
        throw new CredentialsError('NOT_FOUND', 'The credential keeps no such version', {
          field: 'options.version',
        })
      }
      opened = (await openVersionSecret(ctx, row)) as Record<string, unknown>
    }
    const fields = kindOf(record.type).secretFields
    await appendAuditEvent(tx, ctx, actor.accountId, {
      actor: userActor(actor),
      action: 'credential.revealed',
      credential: auditRef(record),
      fields: fields.map((field) => `data.${field}`),
      outcome: 'success',
      message: past === null ? null : `Version ${past} (the current version is ${record.version})`,
    })
    const wrapped = Object.fromEntries(fields.map((field) => [field, secret(opened[field])]))
    return { type: record.type, ...wrapped } as RevealedSecrets
  })
}
