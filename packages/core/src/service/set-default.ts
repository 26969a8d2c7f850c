import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { CredentialId, ExpectedVersion } from '../domain/shell.js'
import type { CredentialView } from '../domain/views.js'
import { parseInput } from '../validate.js'
import { updateCredential } from './update.js'

export const SetDefaultOptions = z.strictObject({ expectedVersion: ExpectedVersion.optional() }).nullish()
export type SetDefaultOptions = z.input<typeof SetDefaultOptions>

/**
 * Makes a registry the account's default, demoting the previous one in the same transaction.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | AUDIT_FAILED
 */
export function setDefaultRegistry(
  ctx: ServiceContext,
  actor: unknown,
  idInput: unknown,
  optionsInput?: unknown,
): Promise<CredentialView> {
  const id = parseInput(CredentialId, idInput, ['id'])
  const options = parseInput(SetDefaultOptions, optionsInput, ['options']) ?? {}
  return updateCredential(ctx, actor, id, { isDefault: true, expectedVersion: options.expectedVersion })
}
