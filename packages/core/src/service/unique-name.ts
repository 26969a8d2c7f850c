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
    throw new CredentialsError('CONFLICT', 'A credential of this type with this name already exists', {
      field: 'name',
    })
  }
}
