import { CredentialsError } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { Actor } from '../roles/actor.js'
import { canManage, canReadAudit } from '../roles/roles.js'
import { parseInput } from '../validate.js'
import type { ServiceContext } from './context.js'

/** @throws CredentialsError VALIDATION_FAILED */
export function requireActor(actor: unknown): Actor {
  return parseInput(Actor, actor, ['actor'])
}

/** @throws CredentialsError VALIDATION_FAILED | FORBIDDEN */
export function requireManager(ctx: ServiceContext, actor: unknown): Actor {
  const parsed = requireActor(actor)
  if (!canManage(parsed, ctx.roles.managerRoles)) {
    throw new CredentialsError('FORBIDDEN', 'Managing credentials requires a credentials manager role')
  }
  return parsed
}

/** Whether `actorInput` is a valid actor holding a role for `what` under this instance's roles. */
export function actorCan(ctx: ServiceContext, actorInput: unknown, what: 'manage' | 'read-audit'): boolean {
  const parsed = Actor.safeParse(actorInput)
  if (!parsed.success) return false
  return what === 'manage'
    ? canManage(parsed.data, ctx.roles.managerRoles)
    : canReadAudit(parsed.data, ctx.roles)
}

/** A live row of the account, or `NOT_FOUND` (also for another account's id or a deleted row). */
export async function loadCredential(
  tx: StorageTx,
  accountId: string,
  id: string,
): Promise<CredentialRecord> {
  const record = await tx.credentials.get(accountId, id)
  if (!record || record.deletedAt !== null)
    throw new CredentialsError('NOT_FOUND', 'No credential with this id in the account', { field: 'id' })
  return record
}

/** A soft-deleted row of the account, or `NOT_FOUND` (also for a live row). */
export async function loadDeleted(tx: StorageTx, accountId: string, id: string): Promise<CredentialRecord> {
  const record = await tx.credentials.get(accountId, id)
  if (!record || record.deletedAt === null)
    throw new CredentialsError('NOT_FOUND', 'No deleted credential with this id in the account', {
      field: 'id',
    })
  return record
}

/** The audit actor of a user call. */
export function userActor(actor: Actor): { type: 'user'; userId: string } {
  return { type: 'user', userId: actor.userId }
}

/** The credential reference audit events carry: id, type, name. */
export function auditRef(record: CredentialRecord): {
  id: string
  type: CredentialRecord['type']
  name: string
} {
  return { id: record.id, type: record.type, name: record.name }
}
