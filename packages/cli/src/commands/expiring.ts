import { listAccountIds } from '@credkit/postgres'
import type { Command } from 'commander'
import { parseDays } from '../duration.js'
import { EXIT } from '../exit-codes.js'
import { type CommandContext, type GlobalOptions, operatorActor, withSession } from '../session.js'
import { formatTime, plural, renderTable, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ credkit expiring --within 30d
  $ credkit expiring --within 2w --account acct_123 --json
  # cron: mail the list when anything expires within three weeks
  $ credkit expiring --within 21d > expiring.txt || mail -s "certificates expiring" ops@example.com < expiring.txt

Exit code 1 when at least one certificate expires within the window (expired ones included).`

export function registerExpiring(program: Command, ctx: CommandContext): void {
  program
    .command('expiring')
    .description('List TLS certificates and issued ACME certificates expiring within a window')
    .requiredOption('--within <duration>', 'window: days (30d) or weeks (2w), up to 3650 days', parseDays)
    .option('--account <id>', 'one account only (default: every account)')
    .addHelpText('after', EXAMPLES)
    .action(async (options: { within: number; account?: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      ctx.exit(
        await withSession(ctx, global, {}, async ({ database, credentials }) => {
          const accounts = options.account ? [options.account] : await listAccountIds(database.client)
          const found = []
          for (const accountId of accounts) {
            const items = await credentials.expiringCertificates(operatorActor(accountId), {
              withinDays: options.within,
            })
            found.push(...items.map((item) => ({ accountId, ...item })))
          }
          found.sort((a, b) => a.notAfter.localeCompare(b.notAfter))
          if (global.json) {
            ctx.print.out(toJson({ withinDays: options.within, certificates: found }))
          } else if (found.length === 0) {
            ctx.print.out(`No certificate expires within ${plural(options.within, 'day')}`)
          } else {
            const rows = found.map((c) => [
              c.accountId,
              c.name,
              c.type,
              c.commonName ?? '',
              c.region ?? '',
              formatTime(c.notAfter),
              String(c.daysLeft),
            ])
            for (const line of renderTable(
              ['ACCOUNT', 'NAME', 'TYPE', 'COMMON NAME', 'REGION', 'NOT AFTER', 'DAYS LEFT'],
              rows,
            ))
              ctx.print.out(line)
            ctx.print.out(
              `${plural(found.length, 'certificate')} ${found.length === 1 ? 'expires' : 'expire'} within ${plural(options.within, 'day')}`,
            )
          }
          return found.length > 0 ? EXIT.FOUND : EXIT.OK
        }),
      )
    })
}
