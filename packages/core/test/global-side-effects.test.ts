import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** The functions `reflect-metadata` 0.2 defines on the global `Reflect`. */
const REFLECT_METADATA_API = [
  'decorate',
  'metadata',
  'defineMetadata',
  'hasMetadata',
  'hasOwnMetadata',
  'getMetadata',
  'getOwnMetadata',
  'getMetadataKeys',
  'getOwnMetadataKeys',
  'deleteMetadata',
]

/**
 * Imports `@credkit/core` (its sources, through tsx) in a fresh Node process that has loaded
 * nothing else, and reports what the import added to `Reflect` and to `globalThis`.
 */
async function importInFreshProcess(
  before = '',
): Promise<{ reflect: string[]; globals: string[]; kept: unknown }> {
  const script = `
    ${before}
    const reflectBefore = new Set(Object.getOwnPropertyNames(Reflect))
    const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis))
    await import('@credkit/core')
    console.log(JSON.stringify({
      reflect: Object.getOwnPropertyNames(Reflect).filter((name) => !reflectBefore.has(name)),
      globals: Object.getOwnPropertyNames(globalThis).filter((name) => !globalsBefore.has(name)),
      kept: typeof hostClass === 'undefined' ? null : Reflect.getMetadata('host:key', hostClass),
    }))`
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@credkit/source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 60_000 },
  )
  return JSON.parse(stdout)
}

describe('what importing @credkit/core does to the host process', () => {
  it('loads reflect-metadata itself (a host need not), adding its API to Reflect and nothing else', async () => {
    const { reflect, globals } = await importInFreshProcess()
    expect(reflect.sort()).toEqual([...REFLECT_METADATA_API].sort())
    // Only the helper globals of tslib's CommonJS build (loaded by @peculiar/x509's dependencies)
    // and zod's registry: double-underscore names, no plain name a host could collide with.
    expect(globals.filter((name) => !/^__\w+$/.test(name))).toEqual([])
    expect(globals).toEqual(expect.arrayContaining(['__zod_globalRegistry', '__extends']))
  }, 60_000)

  it('keeps the metadata a host recorded with its own reflect-metadata before the import', async () => {
    const { reflect, kept } = await importInFreshProcess(`
      await import('reflect-metadata')
      globalThis.hostClass = class Host {}
      Reflect.defineMetadata('host:key', 'host value', hostClass)`)
    expect(kept).toBe('host value')
    expect(reflect).toEqual([])
  }, 60_000)
})
