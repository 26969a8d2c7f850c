import type { StoragePort } from '@credkit/core'
import { createMemoryStorage } from '@credkit/memory'
import { perOp, spread } from '../lib/measure.js'
import type { BenchCase, BenchResult } from '../lib/result.js'
import { syntheticRows } from '../lib/rows.js'
import { admin, basicAuth, benchService, registry } from '../lib/service.js'

const ACCOUNT = 'acct-scale'
type Op = 'create-registry' | 'create-basic-auth' | 'reveal' | 'get' | 'list'
const OPS: ReadonlyArray<Op> = ['create-registry', 'create-basic-auth', 'reveal', 'get', 'list']

/** Per-operation milliseconds of each operation on an account holding `size` credentials. */
async function costsAt(size: number, samples: number): Promise<Record<Op, number>> {
  const storage: StoragePort = createMemoryStorage()
  const rows = syntheticRows(ACCOUNT, size)
  await storage.withTransaction(async (tx) => {
    for (const row of rows) await tx.credentials.insert(row)
  })
  const { credentials } = benchService(storage)
  const actor = admin(ACCOUNT)
  const revealable = await Promise.all(
    [0, 1, 2, 3].map((i) => credentials.create(actor, basicAuth(`revealable-${i}`))),
  )
  let n = 0
  const run: Record<Op, (i: number) => Promise<unknown>> = {
    'create-registry': () => credentials.create(actor, registry(`r-${n++}`)),
    'create-basic-auth': () => credentials.create(actor, basicAuth(`b-${n++}`)),
    reveal: (i) => credentials.reveal(actor, revealable[i % revealable.length]!.id),
    get: (i) => credentials.get(actor, rows[(i * 7919) % rows.length]!.id),
    list: () => credentials.list(actor, { limit: 100 }),
  }
  const out = {} as Record<Op, number>
  for (const op of OPS) {
    await perOp(Math.min(samples, 20), run[op]) // warm-up
    const rounds = [
      await perOp(samples, run[op]),
      await perOp(samples, run[op]),
      await perOp(samples, run[op]),
    ]
    out[op] = spread(rounds).median
  }
  return out
}

/** How each operation's cost grows per decade of account size (memory adapter). */
export const memoryScalingCase: BenchCase = {
  id: 'memory-scaling',
  async run(env) {
    const sizes = env.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]
    const samples = env.quick ? 50 : 200
    const costs: Array<Record<Op, number>> = []
    for (const size of sizes) {
      env.log(`  memory adapter at ${size} credentials`)
      costs.push(await costsAt(size, samples))
    }
    return OPS.map((op): BenchResult => {
      const growth = costs.slice(1).map((cost, i) => cost[op] / costs[i]![op])
      return {
        id: `memory-${op}`,
        what: `memory adapter ${op}, ${sizes[0]} → ${sizes[sizes.length - 1]} credentials`,
        baseline: 'the same operation one decade smaller',
        target: 2,
        ratio: spread(growth),
        detail: Object.fromEntries(sizes.map((size, i) => [`ms@${size}`, Number(costs[i]![op].toFixed(4))])),
      }
    })
  },
}
