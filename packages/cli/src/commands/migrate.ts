import { MIGRATIONS, migrate } from '@credkit/postgres'
import type { Command } from 'commander'
import { openDatabase } from '../database.js'
import { EXIT } from '../exit-codes.js'
import type { CommandContext, GlobalOptions } from '../session.js'
import { toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ DATABASE_URL=postgres://credkit@db.internal/credkit credkit migrate
  $ credkit migrate --pglite ./data/pglite
  $ credkit migrate --json

Safe to run on every deploy: applied migrations are skipped, concurrent runs wait for each other.`

export function registerMigrate(program: Command, ctx: CommandContext): void {
  program
    .command('migrate')
    .description('Create or upgrade the credkit tables; idempotent')
    .addHelpText('after', EXAMPLES)
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const database = await openDatabase({ pglite: global.pglite, create: true }, ctx.io.env)
      try {
        const result = await migrate(database.client)
        const applied = result.applied.map((version) => ({
          version,
          name: MIGRATIONS.find((migration) => migration.version === version)?.name ?? '',
        }))
        if (global.json) {
          ctx.print.out(toJson({ applied, version: result.version }))
        } else if (applied.length === 0) {
          ctx.print.out(`Schema up to date at version ${result.version} (${database.where})`)
        } else {
          for (const migration of applied) ctx.print.out(`Applied ${migration.version} ${migration.name}`)
          ctx.print.out(`Schema at version ${result.version} (${database.where})`)
        }
      } finally {
        await database.close().catch(() => undefined)
      }
      ctx.exit(EXIT.OK)
    })
}
