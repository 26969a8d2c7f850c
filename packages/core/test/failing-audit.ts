import { wrapStorage } from '@credkit/testing'
import type { StoragePort, StorageTx } from '../src/ports/storage-port.js'

/**
 * Wraps a storage so its audit appends reject while `down()` says so, inside and outside
 * transactions: the transaction that tried to append rolls back as a real failure would.
 */
export function failingAudit(down: () => boolean): (inner: StoragePort) => StoragePort {
  return (inner) => {
    const wrap = (tx: StorageTx): StorageTx => ({
      ...tx,
      audit: {
        ...tx.audit,
        append: (events) => (down() ? Promise.reject(new Error('audit disk full')) : tx.audit.append(events)),
      },
    })
    return wrapStorage(inner, wrap)
  }
}
