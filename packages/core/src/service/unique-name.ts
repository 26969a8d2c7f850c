import { CredentialsError } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { credentialNameKey } from '../model/list-order.js'
import type { StorageTx } from '../ports/storage-port.js'

/**
 * The unique rule, checked inside the transaction that writes `record`: no other credential of
 * the account has the same type and case-folded name. (The adapter's unique index is only the
 * backstop for a race this check lost; the core then runs the transaction again and lands here.)
 * @throws CredentialsError CONFLICT (field `name`)
 */
export async function assertNameFree(tx: StorageTx, record: CredentialRecord): Promise<void> {
  const holder = await tx.credentials.findByName(
    record.accountId,
    record.type,
    credentialNameKey(record.name),
  )
  if (holder && holder.id !== record.id) {
    const message = holder.deletedAt
      ? 'A deleted credential of this type holds this name until it is purged: restore it under a new name, or purge it'
      : 'A credential of this type with this name already exists'
    throw new CredentialsError('CONFLICT', message, { field: 'name' })
  }
}
