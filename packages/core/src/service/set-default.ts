import { CredentialId } from '../domain/shell.js'
import { parseInput } from '../domain/validate.js'
import type { CredentialView } from '../domain/views.js'
import type { ServiceContext } from './context.js'
import { updateCredential } from './update.js'

/**
 * Makes a registry the account's default, demoting the previous one in the same transaction.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | AUDIT_FAILED
 */
export function setDefaultRegistry(
  ctx: ServiceContext,
  actor: unknown,
  idInput: unknown,
): Promise<CredentialView> {
  const id = parseInput(CredentialId, idInput, ['id'])
  return updateCredential(ctx, actor, id, { isDefault: true })
}
