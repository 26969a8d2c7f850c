import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import type { RevealedSecrets } from '../domain/inputs.js'
import { kindOf } from '../domain/kinds/index.js'
import { openSecret } from '../domain/secrets.js'
import { CredentialId } from '../domain/shell.js'
import { secret } from '../model/secret.js'
import { parseInput } from '../validate.js'

/**
 * Decrypts a credential's secret fields for an explicit reveal action. The reveal is audited in
 * the same transaction: if the audit event cannot be written, nothing is revealed.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CRYPTO_FAILED | AUDIT_FAILED
 */
export async function revealSecrets(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
): Promise<RevealedSecrets> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  return transact(ctx, actor.accountId, async (tx) => {
    const record = await loadCredential(tx, actor.accountId, id)
    const opened = (await openSecret(ctx, record)) as Record<string, unknown>
    const fields = kindOf(record.type).secretFields
    await appendAuditEvent(tx, ctx, actor.accountId, {
      actor: userActor(actor),
      action: 'credential.revealed',
      credential: auditRef(record),
      fields: fields.map((field) => `data.${field}`),
      outcome: 'success',
    })
    const wrapped = Object.fromEntries(fields.map((field) => [field, secret(opened[field])]))
    return { type: record.type, ...wrapped } as RevealedSecrets
  })
}
