import { CredentialsError, type StoragePort, type StorageTx } from '@credkit/core'
import { memoryAuditStore } from './audit-store.js'
import { memoryCredentialStore } from './credential-store.js'
import { memoryReferenceStore } from './reference-store.js'
import { createMemoryState, type MemoryState, type UndoLog } from './state.js'
import { memorySyncStore } from './sync-store.js'

export interface MemoryStorageOptions {
  /** The store to use; pass your own to read it directly in tests. Default: a new empty one. */
  readonly state?: MemoryState
}

type Stores = { [K in keyof StorageTx]: StorageTx[K] }

function openStores(state: MemoryState, undo: UndoLog, isOpen: () => boolean): Stores {
  const stores: Stores = {
    credentials: memoryCredentialStore(state, undo),
    references: memoryReferenceStore(state, undo),
    sync: memorySyncStore(state, undo),
    audit: memoryAuditStore(state, undo),
  }
  return guard(stores, isOpen)
}

/** Makes every method of every store reject once its transaction has ended. */
function guard(stores: Stores, isOpen: () => boolean): Stores {
  const out: Record<string, unknown> = {}
  for (const [name, store] of Object.entries(stores)) {
    const wrapped: Record<string, unknown> = {}
    for (const [method, fn] of Object.entries(
      store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>,
    )) {
      wrapped[method] = (...args: unknown[]) => {
        if (!isOpen()) {
          return Promise.reject(
            new CredentialsError(
              'CONFLICT',
              `Transaction already ended: ${name}.${method} called on a closed tx`,
            ),
          )
        }
        return fn(...args)
      }
    }
    out[name] = Object.freeze(wrapped)
  }
  return out as Stores
}

/**
 * A `StoragePort` in process memory: the reference adapter. Transactions run one at a time
 * (serialisable by construction) and roll back through an undo log when `fn` rejects. Calls on
 * the port outside a transaction each run as their own transaction.
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): StoragePort {
  const state = options.state ?? createMemoryState()
  let queue: Promise<void> = Promise.resolve()

  async function exclusive<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    const previous = queue
    let release!: () => void
    queue = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    const undo: UndoLog = []
    let open = true
    try {
      return await fn(openStores(state, undo, () => open))
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!()
      throw error
    } finally {
      open = false
      release()
    }
  }

  const direct = {} as Record<string, unknown>
  for (const name of ['credentials', 'references', 'sync', 'audit'] as const) {
    const methods = Object.keys(openStores(state, [], () => true)[name])
    direct[name] = Object.freeze(
      Object.fromEntries(
        methods.map((method) => [
          method,
          (...args: unknown[]) =>
            exclusive((tx) =>
              (tx[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(
                ...args,
              ),
            ),
        ]),
      ),
    )
  }
  return { ...(direct as unknown as StorageTx), withTransaction: exclusive }
}
