import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { loadCredential } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import { validationFailed } from '../errors.js'
import type { CredentialType } from '../model/credential-type.js'
import type { CredentialReference, ReferenceRecord } from '../model/references.js'
import { parseInput } from '../validate.js'

const AccountId = z.string({ error: 'expected a string' }).min(1).max(128)

export const ReferenceInput = z.strictObject({
  kind: z.enum(['app', 'host', 'environment'], { error: 'expected "app", "host" or "environment"' }),
  id: z.string({ error: 'expected a string' }).min(1).max(256),
  purpose: z.string({ error: 'expected a string' }).max(64).optional(),
})
export type ReferenceInput = z.input<typeof ReferenceInput>

/** Which credential types each kind of platform object can use (product page: "Where credentials are consumed"). */
const USABLE: Record<ReferenceInput['kind'], ReadonlyArray<CredentialType>> = {
  app: ['container-registry'],
  host: ['tls-certificate', 'acme-wildcard'],
  environment: ['basic-auth'],
}

/**
 * Records that a platform object uses a credential, so deleting it is refused with `IN_USE`.
 * Called by the platform (not a user action); idempotent.
 * @throws CredentialsError VALIDATION_FAILED | NOT_FOUND
 */
export async function attachReference(
  ctx: ServiceContext,
  accountIdInput: unknown,
  credentialIdInput: unknown,
  referenceInput: unknown,
): Promise<void> {
  const accountId = parseInput(AccountId, accountIdInput, ['accountId'])
  const credentialId = parseInput(CredentialId, credentialIdInput, ['credentialId'])
  const reference = parseInput(ReferenceInput, referenceInput, ['reference'])
  await transact(ctx, accountId, async (tx) => {
    const record = await loadCredential(tx, accountId, credentialId)
    if (!USABLE[reference.kind].includes(record.type)) {
      throw validationFailed([
        {
          path: ['reference', 'kind'],
          message: `a ${reference.kind} cannot use a ${record.type} credential`,
        },
      ])
    }
    const row: ReferenceRecord = { accountId, credentialId, ...reference, createdAt: ctx.clock.now() }
    await tx.references.attach(row)
  })
}

/**
 * Removes a reference; removing one that is not there is not an error.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function detachReference(
  ctx: ServiceContext,
  accountIdInput: unknown,
  credentialIdInput: unknown,
  referenceInput: unknown,
): Promise<boolean> {
  const accountId = parseInput(AccountId, accountIdInput, ['accountId'])
  const credentialId = parseInput(CredentialId, credentialIdInput, ['credentialId'])
  const reference = parseInput(ReferenceInput.pick({ kind: true, id: true }), referenceInput, ['reference'])
  return autocommit(ctx, (tx) => tx.references.detach(accountId, credentialId, reference.kind, reference.id))
}

/**
 * What uses a credential.
 * @throws CredentialsError VALIDATION_FAILED | NOT_FOUND
 */
export async function listReferences(
  ctx: ServiceContext,
  accountIdInput: unknown,
  credentialIdInput: unknown,
): Promise<CredentialReference[]> {
  const accountId = parseInput(AccountId, accountIdInput, ['accountId'])
  const credentialId = parseInput(CredentialId, credentialIdInput, ['credentialId'])
  await autocommit(ctx, (tx) => loadCredential(tx, accountId, credentialId))
  const rows = await autocommit(ctx, (tx) => tx.references.list(accountId, credentialId))
  return rows.map(({ kind, id, purpose }) => (purpose === undefined ? { kind, id } : { kind, id, purpose }))
}
