import {
  CredentialsError,
  createTransactionScope,
  offerLastStatementsIssued,
  type StoragePort,
  type StorageTx,
} from '@credkit/core'
import { memoryAuditStore } from './audit-store.js'
import { memoryCredentialStore } from './credential-store.js'
import { memoryReferenceStore } from './reference-store.js'
import { Changes, createMemoryState, type MemoryState } from './state.js'
import { memorySyncStore } from './sync-store.js'
import { memoryVersionStore } from './version-store.js'

/** The state behind each storage, for the physical checks of this package's own tests. */
export const statesForTests = new WeakMap<StoragePort, MemoryState>()

const closed = (store: string, method: string) =>
  new CredentialsError(
    'STORAGE_FAILED',
    `Transaction already ended: ${store}.${method} called on a closed tx`,
  )

/** A store whose methods reject once `isOpen()` is false. */
function guarded<S extends object>(name: string, store: S, isOpen: () => boolean): S {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  const out: Record<string, unknown> = {}
  for (const method of Object.keys(methods)) {
    const fn = methods[method]!
    out[method] = (...args: unknown[]) => (isOpen() ? fn(...args) : Promise.reject(closed(name, method)))
  }
  return out as S
}

/**
 * A `StoragePort` in process memory: the reference adapter. Transactions run one at a time
 * (serialisable by construction), roll back through an undo log when `fn` rejects, and every read
 * is an index lookup or an ordered range (see `SortedList`), so no call scans the account.
 */
export function createMemoryStorage(): StoragePort {
  const state = createMemoryState()
  const scope = createTransactionScope()
  let queue: Promise<void> = Promise.resolve()

  const storage: StoragePort = {
    withTransaction: <T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> =>
      scope.run(async () => {
        const previous = queue
        let release!: () => void
        queue = new Promise<void>((resolve) => {
          release = resolve
        })
        await previous
        const changes = new Changes()
        let open = true
        const isOpen = () => open
        const stores: StorageTx = {
          credentials: guarded('credentials', memoryCredentialStore(state, changes), isOpen),
          references: guarded('references', memoryReferenceStore(state, changes), isOpen),
          sync: guarded('sync', memorySyncStore(state, changes), isOpen),
          audit: guarded('audit', memoryAuditStore(state, changes), isOpen),
          versions: guarded('versions', memoryVersionStore(state, changes), isOpen),
        }
        // Nothing to send with a commit here; what it promises still holds: no statement after it.
        const tx = offerLastStatementsIssued(stores, () => {
          open = false
        })
        try {
          return await fn(tx)
        } catch (error) {
          changes.rollback()
          throw error
        } finally {
          open = false
          release()
        }
      }),
  }
  statesForTests.set(storage, state)
  return storage
}
