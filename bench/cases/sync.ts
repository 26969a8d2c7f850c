import type { StoragePort } from '@credkit/core'
import { createMemoryStorage } from '@credkit/memory'
import { createPostgresStorage } from '@credkit/postgres'
import pg from 'pg'
import { spread, timeIt } from '../lib/measure.js'
import type { BenchCase, BenchEnv, BenchResult } from '../lib/result.js'
import { admin, basicAuth, benchService } from '../lib/service.js'

const LATENCY_MS = 5
const REGIONS = 10
const ACCOUNT = 'acct-bench'

type Backend = {
  name: string
  storage: StoragePort
  /** Brings the planner's statistics up to date after a bulk load, as autovacuum does within a minute. */
  settle(): Promise<void>
  close(): Promise<void>
}

async function backends(env: BenchEnv): Promise<Backend[]> {
  const database = await env.database()
  const pool = new pg.Pool({ connectionString: database.url, max: 20 })
  // Dropping the database ends idle connections from the server side: not an error of the run.
  pool.on('error', () => undefined)
  return [
    {
      name: 'memory',
      storage: createMemoryStorage(),
      settle: async () => undefined,
      close: async () => undefined,
    },
    {
      name: 'PostgreSQL',
      storage: createPostgresStorage(pool),
      settle: async () => {
        await pool.query('ANALYZE')
      },
      close: async () => {
        await pool.end()
        await database.drop()
      },
    },
  ]
}

/** Marks `regions` active for `accountId`, as a deploy does. */
async function activate(storage: StoragePort, accountId: string, regions: ReadonlyArray<string>) {
  await storage.withTransaction(
    async (tx) => {
      for (const region of regions) await tx.sync.addRegion(accountId, region)
    },
    { account: accountId },
  )
}

/**
 * Fan-out: N credentials × 10 regions at 5 ms per region call, drained by `runDueJobs` with
 * concurrency 16, against the ideal N × 10 × 5 ms / 16; three rounds (one in `--quick`), each on
 * an account of its own. A run slower than its budget stops claiming and is judged on the jobs it
 * did (throughput), so the bench always ends.
 */
async function fanOut(env: BenchEnv, backend: Backend): Promise<BenchResult> {
  const count = env.quick ? 100 : 1_000
  const rounds = env.quick ? 1 : 3
  const concurrency = 16
  const { credentials, regionIds } = benchService(backend.storage, {
    regions: REGIONS,
    latencyMs: LATENCY_MS,
  })
  const budgetMs = env.quick ? 20_000 : 90_000
  const ratios: number[] = []
  const elapsedMs: number[] = []
  let jobs = 0
  for (let round = 0; round < rounds; round++) {
    const account = `${ACCOUNT}-fan-${round}`
    await activate(backend.storage, account, regionIds)
    for (let i = 0; i < count; i++) await credentials.create(admin(account), basicAuth(`fan-${i}`))
    await backend.settle()
    let processed = 0
    const elapsed = await timeIt(async () => {
      const result = await credentials.runDueJobs({
        concurrency,
        perRegionConcurrency: concurrency,
        signal: AbortSignal.timeout(budgetMs),
      })
      processed = result.processed
    })
    ratios.push(elapsed / Math.max((processed * LATENCY_MS) / concurrency, 1))
    elapsedMs.push(Math.round(elapsed))
    jobs = processed
  }
  return {
    id: `fanout-${backend.name.toLowerCase()}`,
    what: `fan-out ${count} credentials × ${REGIONS} regions (${backend.name})`,
    baseline: `ideal jobs × ${LATENCY_MS} ms / ${concurrency}`,
    target: 1.25,
    ratio: spread(ratios),
    detail: {
      jobs,
      elapsedMs: elapsedMs.join(' / '),
      idealMs: Math.round((jobs * LATENCY_MS) / concurrency),
    },
  }
}

/**
 * `syncNow` of one credential to 10 regions vs one 5 ms call (concurrency ≥ 10: one round): 30
 * rounds (5 in `--quick`) after 50 not timed (the JIT has compiled its path by then, as in a
 * long-running server), each after an update of the credential.
 */
async function syncNow(env: BenchEnv, backend: Backend): Promise<BenchResult> {
  const { credentials, regionIds } = benchService(backend.storage, {
    regions: REGIONS,
    latencyMs: LATENCY_MS,
  })
  const account = `${ACCOUNT}-now`
  await activate(backend.storage, account, regionIds)
  const view = await credentials.create(admin(account), basicAuth('now'))
  const warmUp = 50
  const rounds = env.quick ? 5 : 30
  const ratios: number[] = []
  for (let i = 0; i < warmUp + rounds; i++) {
    await credentials.update(admin(account), view.id, { data: { password: `pw-now-${i}-0123456789` } })
    const elapsed = await timeIt(() => credentials.syncNow(admin(account), view.id))
    if (i >= warmUp) ratios.push(elapsed / LATENCY_MS)
  }
  return {
    id: `sync-now-${backend.name.toLowerCase()}`,
    what: `syncNow of one credential to ${REGIONS} regions (${backend.name})`,
    baseline: `one ${LATENCY_MS} ms region call`,
    target: 1.5,
    ratio: spread(ratios),
    detail: {},
  }
}

/**
 * `prepareRegion` re-check of N credentials already in place vs N × latency / concurrency; three
 * re-checks (one in `--quick`) of the same account.
 */
async function prepareAgain(env: BenchEnv, backend: Backend): Promise<BenchResult> {
  const count = env.quick ? 100 : 1_000
  const rounds = env.quick ? 1 : 3
  const { credentials } = benchService(backend.storage, { regions: 1, latencyMs: LATENCY_MS })
  const account = `${ACCOUNT}-prepare`
  for (let i = 0; i < count; i++) await credentials.create(admin(account), basicAuth(`prep-${i}`))
  await credentials.prepareRegion(account, 'region-0')
  await backend.settle()
  // The engine's per-region concurrency (default 4) bounds the ideal.
  const ideal = (count * LATENCY_MS) / 4
  const elapsedMs: number[] = []
  for (let round = 0; round < rounds; round++) {
    elapsedMs.push(await timeIt(() => credentials.prepareRegion(account, 'region-0')))
  }
  return {
    id: `prepare-region-${backend.name.toLowerCase()}`,
    what: `prepareRegion re-check of ${count} credentials in place (${backend.name})`,
    baseline: `N × ${LATENCY_MS} ms / 4`,
    target: 1.5,
    ratio: spread(elapsedMs.map((elapsed) => elapsed / ideal)),
    detail: { elapsedMs: elapsedMs.map(Math.round).join(' / '), idealMs: Math.round(ideal) },
  }
}

export const syncCase: BenchCase = {
  id: 'sync',
  needs: 'postgres',
  async run(env) {
    const results: BenchResult[] = []
    for (const backend of await backends(env)) {
      try {
        for (const measure of [fanOut, syncNow, prepareAgain]) {
          env.log(`  ${measure.name} on ${backend.name}`)
          results.push(await measure(env, backend))
        }
      } finally {
        await backend.close()
      }
    }
    return results
  },
}
