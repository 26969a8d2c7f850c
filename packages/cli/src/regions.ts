import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { RegionPort } from '@credkit/core'
import { CliError } from './cli-error.js'
import { EXIT } from './exit-codes.js'

/** What a regions module exports (default or `createRegions`): the RegionPort of your clusters. */
export type RegionsFactory = (context: {
  readonly env: Readonly<Record<string, string | undefined>>
}) => RegionPort | Promise<RegionPort>

/** Where `credkit sync` gets its regions: given to `runCli`, or loaded from a module path. */
export type RegionsSource = RegionPort | RegionsFactory

const unavailable = () =>
  Promise.reject(
    new CliError(
      'CONFIG',
      'No regions configured: pass --regions-module <path> (see docs/cli.md)',
      EXIT.CONFIG,
    ),
  )

/** For commands that never push: reaches no region. */
export const NO_REGIONS: RegionPort = {
  regions: async () => [],
  apply: unavailable,
  remove: unavailable,
  observe: unavailable,
}

const isRegionPort = (value: unknown): value is RegionPort =>
  typeof (value as RegionPort | null)?.regions === 'function' &&
  typeof (value as RegionPort).apply === 'function'

/**
 * The RegionPort of `credkit sync`: `--regions-module <path>` (or `CREDKIT_REGIONS_MODULE`) wins,
 * else what the embedding program passed to `runCli({ regions })`.
 * @throws CliError CONFIG when neither is given or the module does not export a factory
 */
export async function loadRegions(
  modulePath: string | undefined,
  given: RegionsSource | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RegionPort> {
  const path = modulePath ?? env['CREDKIT_REGIONS_MODULE']
  let source: unknown = given
  if (path) {
    let loaded: Record<string, unknown>
    try {
      loaded = await import(pathToFileURL(resolve(path)).href)
    } catch (error) {
      throw new CliError('CONFIG', `Could not load the regions module ${path}`, EXIT.CONFIG, { cause: error })
    }
    source = loaded['createRegions'] ?? loaded['default']
  }
  if (source === undefined) return unavailable()
  const port = typeof source === 'function' ? await (source as RegionsFactory)({ env }) : source
  if (!isRegionPort(port)) {
    throw new CliError(
      'CONFIG',
      'The regions module must export createRegions (or a default export): a function returning a RegionPort',
      EXIT.CONFIG,
    )
  }
  return port
}
