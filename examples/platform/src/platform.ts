import type { AddressInfo } from 'node:net'
import { type Credentials, createCredentials, isCredentialsError, type SyncWorker } from '@credkit/core'
import type { MemoryRegions } from '@credkit/memory'
import { serve } from '@hono/node-server'
import { ACCOUNTS } from './directory.js'
import { createHttpApp } from './http/app.js'
import { openMasterKeys } from './master-keys.js'
import { createRegionPort, type RegionSettings, SIMULATED_REGIONS } from './regions.js'
import { createSettingsStore } from './settings-store.js'
import { openStorage } from './storage.js'

const PURGE_EVERY_MS = 3_600_000

export interface PlatformOptions {
  /** Where PGlite and the generated master key live (`.data/platform` for `npm start`). */
  readonly dataDir: string
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly databaseUrl?: string | undefined
  readonly masterKeys?: string | undefined
  readonly regions?: RegionSettings
  /** Pause of the sync worker between two passes (default 1 s). */
  readonly workerPollMs?: number
  /** Start-up and shutdown lines (default: none). */
  readonly log?: (line: string) => void
}

export interface Platform {
  readonly url: string
  readonly credentials: Credentials
  /** The simulated regions' controls, null when real regions are wired. */
  readonly regions: MemoryRegions | null
  /** Stops taking requests, drains the sync worker, closes the storage. Idempotent. */
  stop(): Promise<void>
}

/**
 * The platform backend: credkit on PostgreSQL (PGlite by default) with the regions of
 * `createRegionPort`, the sync worker running and the HTTP app listening.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? (() => undefined)
  const keys = openMasterKeys(options.dataDir, options.masterKeys)
  if (keys.warning) log(`WARNING: ${keys.warning}`)
  const store = await openStorage(options.dataDir, options.databaseUrl)
  const regions = createRegionPort(options.regions)
  const credentials = createCredentials({ storage: store.storage, regions: regions.port, keys: keys.keys })
  const settings = createSettingsStore(store.db)
  let worker: SyncWorker | null = null
  try {
    await settings.migrate()
    await activateRegions(
      credentials,
      (accountId) => store.storage.withTransaction((tx) => tx.sync.listRegions(accountId), { atomic: false }),
      log,
    )
    worker = credentials.startSyncWorker({
      pollIntervalMs: options.workerPollMs ?? 1_000,
      onError: (error) =>
        log(`sync worker: ${isCredentialsError(error) ? error.code : 'error'}: ${String(error)}`),
    })
  } catch (error) {
    await store.close()
    throw error
  }
  log(`storage: ${store.where}`)
  log(`master keys: ${keys.source}`)
  log(`regions: ${regions.describe}`)

  const server = serve({
    fetch: createHttpApp(credentials, settings).fetch,
    hostname: options.host ?? '127.0.0.1',
    port: options.port ?? 3000,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.address}:${address.port}`

  // Simulated regions start empty on every run: push again what the database says they hold.
  const healing = credentials
    .reconcile()
    .then((result) => result.healed > 0 && log(`regions: pushed ${result.healed} credential(s) again`))
    .catch((error: unknown) => log(`regions: reconcile failed: ${String(error)}`))

  // Deleted credentials whose 7-day recovery window ended go for good: now, then every hour.
  const purge = () =>
    credentials
      .purgeExpired()
      .then((result) => result.purged > 0 && log(`purged ${result.purged} deleted credential(s)`))
      .catch((error: unknown) =>
        log(`purge: ${isCredentialsError(error) ? error.code : 'error'}: ${String(error)}`),
      )
  let purging = purge()
  const purgeTimer = setInterval(() => {
    purging = purging.then(purge)
  }, PURGE_EVERY_MS)
  purgeTimer.unref()

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(purgeTimer)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await healing
      await purging
      await worker?.stop()
      log('sync worker drained')
      await store.close()
      log('storage closed')
    })()
    return stopping
  }
  return { url, credentials, regions: regions.simulated, stop }
}

/**
 * The demo accounts deploy to both simulated regions. A real platform calls `prepareRegion`
 * before an account's first deploy to a region; here that happens once, on the first start.
 */
async function activateRegions(
  credentials: Credentials,
  activeRegions: (accountId: string) => Promise<string[]>,
  log: (line: string) => void,
): Promise<void> {
  for (const account of ACCOUNTS) {
    const active = new Set(await activeRegions(account.id))
    for (const region of SIMULATED_REGIONS) {
      if (active.has(region)) continue
      try {
        await credentials.prepareRegion(account.id, region)
      } catch (error) {
        if (!isCredentialsError(error, 'REGION_FAILED')) throw error
        log(`region ${region}: not every credential of ${account.id} is in place yet; the worker retries`)
      }
    }
  }
}
