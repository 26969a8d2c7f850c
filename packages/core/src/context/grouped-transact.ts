import type { StorageTx } from '../ports/storage-port.js'
import type { RegionKey, SyncJobKey } from '../ports/sync-store.js'
import type { ServiceContext } from './context.js'
import { transact } from './transact.js'

/** Most units one grouped transaction runs: a long group would hold the account for long. */
const MAX_GROUP = 256

interface Unit {
  readonly about: RegionKey
  readonly fn: (tx: StorageTx) => Promise<unknown>
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

interface Groups {
  readonly waiting: Map<string, Unit[]>
  readonly draining: Set<string>
}

const groupsOf = new WeakMap<ServiceContext, Groups>()

/**
 * `transact` for the many small units of the sync engine (marking a push `syncing`, recording an
 * outcome with its audit event): the units of one account that are waiting while one of its
 * groups runs are run together, one after the other, in the next transaction (group commit).
 * Each unit still reads and writes inside that transaction, so every check it makes holds as if
 * it ran alone. When a group fails, each of its units runs again in a transaction of its own, so
 * only the unit at fault fails, with its own error. Each unit is about one credential in one
 * region (`about`, its job); a group of several reads its units' rows, and the statuses and jobs
 * at their (credential, region) keys, up front, one call each (a unit alone reads what it needs).
 * @throws whatever `fn` throws, as `transact`
 */
export function transactGrouped<T>(
  ctx: ServiceContext,
  about: SyncJobKey,
  fn: (tx: StorageTx) => Promise<T>,
): Promise<T> {
  const { accountId } = about
  let groups = groupsOf.get(ctx)
  if (!groups) {
    groups = { waiting: new Map(), draining: new Set() }
    groupsOf.set(ctx, groups)
  }
  const state = groups
  return new Promise<T>((resolve, reject) => {
    const units = state.waiting.get(accountId) ?? []
    units.push({
      about: { credentialId: about.credentialId, region: about.region },
      fn,
      resolve: resolve as (value: unknown) => void,
      reject,
    })
    state.waiting.set(accountId, units)
    if (!state.draining.has(accountId)) void drain(ctx, state, accountId)
  })
}

async function drain(ctx: ServiceContext, groups: Groups, accountId: string): Promise<void> {
  groups.draining.add(accountId)
  try {
    // The first group starts after the events already due (region calls ending on the same
    // timer tick) have queued their units: it takes them all instead of one.
    await new Promise<void>((resolve) => setImmediate(resolve))
    for (;;) {
      const units = groups.waiting.get(accountId) ?? []
      const group = units.splice(0, MAX_GROUP)
      if (units.length === 0) groups.waiting.delete(accountId)
      if (group.length === 0) return
      await runGroup(ctx, accountId, group)
    }
  } finally {
    groups.draining.delete(accountId)
  }
}

async function runGroup(ctx: ServiceContext, accountId: string, group: ReadonlyArray<Unit>): Promise<void> {
  const prefetch = (units: ReadonlyArray<Unit>) => units.map((unit) => unit.about)
  if (group.length > 1) {
    let results: unknown[] | undefined
    try {
      results = await transact(
        ctx,
        accountId,
        async (tx) => {
          const out: unknown[] = []
          for (const unit of group) out.push(await unit.fn(tx))
          return out
        },
        prefetch(group),
      )
    } catch {
      // Some unit failed and the group rolled back: each runs alone below.
    }
    if (results) {
      for (const [i, unit] of group.entries()) unit.resolve(results[i])
      return
    }
  }
  for (const unit of group) {
    await transact(ctx, accountId, unit.fn).then(unit.resolve, unit.reject)
  }
}
