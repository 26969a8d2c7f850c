import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { spread } from '../lib/measure.js'
import type { BenchCase } from '../lib/result.js'

const exec = promisify(execFile)
const child = fileURLToPath(new URL('../rss-child.ts', import.meta.url))

async function bytesPerCredential(mode: 'adapter' | 'map', count: number): Promise<number> {
  const { stdout } = await exec(
    process.execPath,
    ['--expose-gc', '--conditions=@credkit/source', '--import', 'tsx', child, mode, String(count)],
    { maxBuffer: 1 << 20 },
  )
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { bytesPerCredential: number }).bytesPerCredential
}

/** Heap bytes per stored credential: memory adapter vs a plain Map of the same rows. */
export const memoryRssCase: BenchCase = {
  id: 'memory-rss',
  async run(env) {
    const count = env.quick ? 10_000 : 50_000
    const ratios: number[] = []
    const adapter: number[] = []
    const map: number[] = []
    for (let round = 0; round < (env.quick ? 1 : 3); round++) {
      const a = await bytesPerCredential('adapter', count)
      const m = await bytesPerCredential('map', count)
      adapter.push(a)
      map.push(m)
      ratios.push(a / m)
    }
    return [
      {
        id: 'memory-rss',
        what: `memory adapter heap per credential (${count} rows)`,
        baseline: 'a plain Map of the same rows',
        target: 1.5,
        ratio: spread(ratios),
        detail: {
          adapterBytes: Math.round(spread(adapter).median),
          mapBytes: Math.round(spread(map).median),
        },
      },
    ]
  },
}
