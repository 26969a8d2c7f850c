import { warmChainKey } from '../audit/chain-key.js'
import { isCredentialsError } from '../errors.js'
import type { StorageTx } from '../ports/storage-port.js'
import type { RegionKey } from '../ports/sync-store.js'
import { retryDelayMs } from './backoff.js'
import type { ServiceContext } from './context.js'
import { withReadCache } from './read-cache.js'

const MAX_TX_ATTEMPTS = 8
/** Backoff between two runs of a transaction that lost a race: 5 ms doubling, capped at 250 ms. */
export const TX_RETRY_BACKOFF = { baseDelayMs: 5, maxDelayMs: 250 } as const

/**
 * Runs `fn` in a transaction, again when a concurrent writer won a race (retryable `CONFLICT`),
 * up to 8 runs, waiting a jittered, doubling delay on the clock between runs so writers that
 * collided do not collide again in lockstep. The transaction's stores have a read cache
 * (`withReadCache`); `prefetch` names (credential, region) keys whose rows, statuses and jobs it
 * reads first, in one call each.
 */
export async function transact<T>(
  ctx: ServiceContext,
  accountId: string,
  fn: (tx: StorageTx) => Promise<T>,
  prefetch: ReadonlyArray<RegionKey> = [],
): Promise<T> {
  await warmChainKey(ctx.storage, ctx, accountId).catch(() => undefined)
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.storage.withTransaction(
        async (tx) => {
          const cached = withReadCache(tx)
          if (prefetch.length > 0 || tx.readAhead) await cached.prefetch(accountId, prefetch)
          const result = await fn(cached.tx)
          // The held-back writes are the transaction's last statements: the adapter may commit with them.
          await cached.flush(tx.lastStatementsIssued)
          return result
        },
        {
          account: accountId,
          // The adapter may make these reads with its BEGIN (PostgreSQL: one round trip for all),
          // with the account's audit head and active regions, which most transactions read.
          readAhead: {
            accountId,
            credentialIds: [...new Set(prefetch.map((k) => k.credentialId))],
            keys: prefetch,
          },
        },
      )
    } catch (error) {
      if (attempt >= MAX_TX_ATTEMPTS || !isCredentialsError(error, 'CONFLICT') || !error.retryable)
        throw error
    }
    await ctx.clock.sleep(retryDelayMs(TX_RETRY_BACKOFF, attempt, ctx.random))
  }
}

/**
 * Runs `fn` with the stores for calls that need no atomicity together (reads, one claim): each
 * call is atomic on its own, and an adapter may run it without BEGIN and COMMIT.
 */
export function autocommit<T>(
  ctx: Pick<ServiceContext, 'storage'>,
  fn: (tx: StorageTx) => Promise<T>,
): Promise<T> {
  return ctx.storage.withTransaction(fn, { atomic: false })
}
