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

/**
 * The scopes whose transaction the current async context runs inside. One store for every scope
 * of the process: on Node 20 each `AsyncLocalStorage` that ever ran stays in a list that every new
 * promise walks, so one per storage instance made every promise cost more with each storage a
 * process had created (a test suite's fresh storage per test, 200 of them: a `syncNow` 8 → 30 ms).
 */
const inside = new AsyncLocalStorage<ReadonlySet<TransactionScope>>()

export function createTransactionScope(): TransactionScope {
  const scope: TransactionScope = {
    run(fn) {
      const active = inside.getStore()
      if (active?.has(scope)) {
        return Promise.reject(
          new CredentialsError(
            'STORAGE_FAILED',
            'withTransaction was called inside a transaction of the same storage: use the tx it was given',
          ),
        )
      }
      return inside.run(active ? new Set(active).add(scope) : new Set([scope]), fn)
    },
  }
  return scope
}
