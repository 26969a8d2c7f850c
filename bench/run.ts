// `npm run bench [-- --quick] [-- --only id,id]`: every performance target of credkit as a ratio
// against a raw baseline measured in the same run. Prints a table, writes bench/results.json.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { envelopeCase } from './cases/envelope.js'
import { memoryRssCase } from './cases/memory-rss.js'
import { memoryScalingCase } from './cases/memory-scaling.js'
import { storageCase } from './cases/storage.js'
import { syncCase } from './cases/sync.js'
import { type BenchServer, startBenchServer } from './lib/postgres.js'
import { type BenchCase, type BenchResult, passes } from './lib/result.js'
import { printTable } from './lib/table.js'

const CASES: ReadonlyArray<BenchCase> = [
  envelopeCase,
  memoryRssCase,
  memoryScalingCase,
  storageCase,
  syncCase,
]

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
})
const only = values.only?.split(',').map((id) => id.trim())
const selected = CASES.filter((c) => !only || only.includes(c.id))
const quick = values.quick ?? false
const log = (line: string) => process.stderr.write(`${line}\n`)

let server: BenchServer | null = null
const results: BenchResult[] = []
const started = Date.now()
try {
  for (const benchCase of selected) {
    log(`bench: ${benchCase.id}${quick ? ' (quick)' : ''}`)
    if (benchCase.needs === 'postgres') server ??= await startBenchServer()
    const env = {
      quick,
      log,
      database: () => {
        if (!server) throw new Error('this case did not ask for postgres')
        return server.database()
      },
    }
    results.push(...(await benchCase.run(env)))
  }
} finally {
  await server?.stop()
}

printTable(results)
const report = {
  at: new Date().toISOString(),
  quick,
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  results: results.map((r) => ({ ...r, pass: passes(r) })),
}
writeFileSync(
  fileURLToPath(new URL('./results.json', import.meta.url)),
  `${JSON.stringify(report, null, 2)}\n`,
)
const failed = results.filter((r) => !passes(r)).length
log(
  `bench: ${results.length - failed} met, ${failed} missed, ${report.seconds} s; bench/results.json written`,
)
