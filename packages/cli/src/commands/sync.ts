import type { RegionPort, StoragePort, SyncStore } from '@credkit/core'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { EXIT } from '../exit-codes.js'
import { requireKeysInUse, requireKeysOpen } from '../keys.js'
import { loadRegions } from '../regions.js'
import { type CommandContext, type GlobalOptions, withSession } from '../session.js'
import { plural, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ credkit sync --regions-module ./credkit-regions.mjs
  $ credkit sync --regions-module ./credkit-regions.mjs --account acct_123 --region eu-west
  # cron, every minute
  * * * * * credkit sync --regions-module /etc/credkit/regions.mjs --json >> /var/log/credkit-sync.log

The regions module exports createRegions(): a RegionPort (see docs/cli.md). Exit code 3 when a job failed
(it is retried with backoff on a later run).`

interface SyncOptions {
  readonly account?: string
  readonly region?: string
  readonly regionsModule?: string
}

export function registerSync(program: Command, ctx: CommandContext): void {
  program
    .command('sync')
    .description('Run the due sync jobs once, then exit (for cron-driven setups)')
    .option('--account <id>', 'only jobs of this account')
    .option('--region <id>', 'only jobs of this region')
    .option('--regions-module <path>', 'module exporting createRegions() (default: $CREDKIT_REGIONS_MODULE)')
    .addHelpText('after', EXAMPLES)
    .action(async (options: SyncOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const regions = async () => {
        const port = scopeRegions(
          await loadRegions(options.regionsModule, ctx.regions, ctx.io.env),
          options.region,
        )
        if (options.region !== undefined && !(await port.regions()).includes(options.region)) {
          throw new CliError('USAGE', '--region names a region the regions module does not reach', EXIT.USAGE)
        }
        return port
      }
      const wrapStorage = (storage: StoragePort) => scopeClaims(storage, options.account, options.region)
      ctx.exit(
        await withSession(ctx, global, { keys: true, regions, wrapStorage }, async (session) => {
          await requireKeysInUse(session.database.client, session.masterKeys)
          await requireKeysOpen(session.database.client, session.credentials)
          const signal = ctx.io.interrupt
          const result = await session.credentials.runDueJobs(signal ? { signal } : undefined)
          const interrupted = signal?.aborted ?? false
          if (global.json) ctx.print.out(toJson({ ...result, interrupted }))
          else {
            ctx.print.out(
              `Ran ${plural(result.processed, 'job')}: ${result.synced} synced, ${result.removed} removed, ${result.failed} failed`,
            )
          }
          if (interrupted) {
            ctx.print.err('credkit: INTERRUPTED: stopped claiming jobs; the jobs in flight finished')
            return signal?.reason === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED
          }
          return result.failed > 0 ? EXIT.INCOMPLETE : EXIT.OK
        }),
      )
    })
}

/** With `--region`: the port reaches only that region, so the run asks no other. */
function scopeRegions(port: RegionPort, region: string | undefined): RegionPort {
  if (region === undefined) return port
  return {
    regions: async () => ((await port.regions()).includes(region) ? [region] : []),
    apply: (...args) => port.apply(...args),
    remove: (...args) => port.remove(...args),
    observe: (...args) => port.observe(...args),
  }
}

/**
 * `runDueJobs` has no account or region filter of its own: every claim it makes is narrowed here
 * (a claim asking for another account or region gets nothing).
 */
function scopeClaims(
  storage: StoragePort,
  account: string | undefined,
  region: string | undefined,
): StoragePort {
  if (account === undefined && region === undefined) return storage
  const scoped = (sync: SyncStore): SyncStore => ({
    ...sync,
    async claim(now, options) {
      if (account !== undefined && options.accountId !== undefined && options.accountId !== account) return []
      if (region !== undefined && options.region !== undefined && options.region !== region) return []
      return sync.claim(now, {
        ...options,
        accountId: account ?? options.accountId,
        region: region ?? options.region,
      })
    },
  })
  return {
    withTransaction: (fn, options) =>
      storage.withTransaction((tx) => fn({ ...tx, sync: scoped(tx.sync) }), options),
  }
}
