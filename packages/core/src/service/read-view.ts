import type { CredentialView } from '../domain/views.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { toView } from './to-view.js'

/** The view of one row with its current per-region statuses. */
export async function readView(tx: StorageTx, record: CredentialRecord): Promise<CredentialView> {
  const [regions, statuses] = await Promise.all([
    tx.sync.listRegions(record.accountId),
    tx.sync.listStatuses(record.accountId, [record.id]),
  ])
  return toView(record, regions, statuses)
}

/** Views of many rows of one account, statuses read in one call. */
export async function readViews(
  tx: StorageTx,
  accountId: string,
  records: ReadonlyArray<CredentialRecord>,
): Promise<CredentialView[]> {
  if (records.length === 0) return []
  const [regions, statuses] = await Promise.all([
    tx.sync.listRegions(accountId),
    tx.sync.listStatuses(
      accountId,
      records.map((r) => r.id),
    ),
  ])
  return records.map((record) => toView(record, regions, statuses))
}
