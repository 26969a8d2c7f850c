// Run by bench/cases/memory-rss.ts in its own process (node --expose-gc): prints the bytes one
// stored credential costs, in the memory adapter or in a plain Map of the same rows.
import { createMemoryStorage } from '@credkit/memory'
import { syntheticRows } from './lib/rows.js'

const [mode, countText] = process.argv.slice(2)
const count = Number(countText)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

const used = () => {
  gc()
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

let keep: unknown
// Measured from before the rows exist: both sides pay for the row strings they keep alive.
const before = used()
const rows = syntheticRows('acct-rss', count)
if (mode === 'adapter') {
  const storage = createMemoryStorage()
  await storage.withTransaction(async (tx) => {
    for (const row of rows) await tx.credentials.insert(row)
  })
  keep = storage
} else {
  const map = new Map()
  for (const row of rows) map.set(row.id, { ...row, envelope: row.envelope.slice() })
  keep = map
}
rows.length = 0
const after = used()
process.stdout.write(
  `${JSON.stringify({ bytesPerCredential: (after - before) / count, kept: keep !== null })}\n`,
)
