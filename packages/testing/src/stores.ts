import type { StoragePort, StorageTx } from '@credkit/core'

/**
 * The stores of `storage` for a test that reads or writes a row outside the SDK: each call runs as
 * its own transaction (`atomic: false`, reads may see different moments). Never use it inside a
 * transaction of the same storage.
 */
export function storesOf(storage: StoragePort): StorageTx {
  const store = (name: keyof StorageTx) =>
    new Proxy(
      {},
      {
        get:
          (_, method) =>
          (...args: unknown[]) =>
            storage.withTransaction(
              (tx) =>
                (tx[name] as unknown as Record<string | symbol, (...a: unknown[]) => Promise<unknown>>)[
                  method
                ]!(...args),
              { atomic: false },
            ),
      },
    )
  return {
    credentials: store('credentials'),
    references: store('references'),
    sync: store('sync'),
    audit: store('audit'),
    versions: store('versions'),
  } as StorageTx
}

/** `storage` with every transaction's stores passed through `wrap`: for tests that spy or fail. */
export function wrapStorage(storage: StoragePort, wrap: (tx: StorageTx) => StorageTx): StoragePort {
  return { withTransaction: (fn, options) => storage.withTransaction((tx) => fn(wrap(tx)), options) }
}
