import type { ServiceContext } from '../context/context.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { versionOf } from '../model/credential-versions.js'
import type { StorageTx } from '../ports/storage-port.js'

/**
 * Keeps `previous`, the version a change is about to replace, in the credential's history, and
 * drops what is now past the retention (the last `keepVersions` versions before the new one), in
 * the transaction of that change. Every version bump calls it, so history has no gaps.
 */
export async function keepVersion(
  tx: StorageTx,
  ctx: Pick<ServiceContext, 'lifecycle'>,
  previous: CredentialRecord,
): Promise<void> {
  const keep = ctx.lifecycle.keepVersions
  if (keep > 0) await tx.versions.put(versionOf(previous))
  // Kept: previous.version - keep + 1 … previous.version. Only a row below that is dropped.
  const floor = previous.version - keep + 1
  if (floor > 1) await tx.versions.deleteBelow(previous.accountId, previous.id, floor)
}

/** Removes a credential's row and its whole history for good (purge). */
export async function purgeRows(tx: StorageTx, record: CredentialRecord): Promise<void> {
  await tx.versions.deleteBelow(record.accountId, record.id, record.version + 1)
  await tx.credentials.delete(record.accountId, record.id)
}
