import type { StorageTx } from './storage-port.js'

/**
 * `tx` offering `StorageTx.lastStatementsIssued` as `issued`, for adapters. The property is not
 * enumerable: a wrapper that builds its tx by spreading this one (`{ ...tx, sync: spy }`), and so
 * may issue a statement later than its caller did, does not pass on a promise it cannot keep.
 */
export function offerLastStatementsIssued<T extends StorageTx>(tx: T, issued: () => void): T {
  return Object.defineProperty(tx, 'lastStatementsIssued', { value: issued, enumerable: false })
}
