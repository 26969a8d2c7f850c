import { AsyncLocalStorage } from 'node:async_hooks'
import { CredentialsError } from '../errors.js'

/**
 * For adapter authors: tells a `withTransaction` called from inside one of the same storage's
 * transactions, which would wait for a queue or a lock its own caller holds, and rejects it with
 * `STORAGE_FAILED` instead of hanging. One scope per storage instance.
 */
export interface TransactionScope {
  /** Runs `fn` as a transaction of this storage. @throws CredentialsError STORAGE_FAILED when nested */
  run<T>(fn: () => Promise<T>): Promise<T>
}

export function createTransactionScope(): TransactionScope {
  const inside = new AsyncLocalStorage<true>()
  return {
    run(fn) {
      if (inside.getStore()) {
        return Promise.reject(
          new CredentialsError(
            'STORAGE_FAILED',
            'withTransaction was called inside a transaction of the same storage: use the tx it was given',
          ),
        )
      }
      return inside.run(true, fn)
    },
  }
}
