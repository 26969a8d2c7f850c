import type { RotateKeysProgress } from '@credkit/core'
import { listKeyUsage } from '@credkit/postgres'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { parseCount } from '../duration.js'
import { EXIT } from '../exit-codes.js'
import { requireKeysInUse } from '../keys.js'
import { createProgress } from '../progress.js'
import { type CommandContext, type GlobalOptions, type Session, withSession } from '../session.js'
import { plural, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  # add the new key first in CREDKIT_MASTER_KEYS, keep the old one listed until this is done
  $ CREDKIT_MASTER_KEYS="k2:<base64>,k1:<base64>" credkit rotate-keys
  $ credkit rotate-keys --batch-size 500
  $ credkit rotate-keys --pglite ./data/pglite --json

Ctrl-C stops after the current batch (exit 130); run the command again to resume.`

export function registerRotateKeys(program: Command, ctx: CommandContext): void {
  program
    .command('rotate-keys')
    .description('Re-wrap every data key under the primary (first) key of CREDKIT_MASTER_KEYS')
    .option('--batch-size <n>', 'rows per batch, 1 to 10000', parseCount(1, 10_000), 100)
    .addHelpText('after', EXAMPLES)
    .action(async (options: { batchSize: number }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      ctx.exit(
        await withSession(ctx, global, { keys: true }, (session) => rotate(ctx, global, session, options)),
      )
    })
}

async function rotate(
  ctx: CommandContext,
  global: GlobalOptions,
  { database, masterKeys, credentials }: Session,
  options: { batchSize: number },
) {
  await requireKeysInUse(database.client, masterKeys)
  const primary = await masterKeys.keys.primaryKeyId()
  const total = (await listKeyUsage(database.client))
    .filter((usage) => usage.keyId !== primary)
    .reduce((sum, usage) => sum + usage.rows, 0)
  const signal = ctx.io.interrupt
  let last: RotateKeysProgress = { rotated: 0, skipped: 0, failed: [], primaryKeyId: primary }
  let interrupted = false
  const progress = total > 0 ? createProgress(ctx.print, { label: 'rotate-keys', unit: 'rows', total }) : null
  try {
    last = await credentials.rotateKeys({
      batchSize: options.batchSize,
      ...(signal ? { signal } : {}),
      onProgress: (step) => {
        last = step
        progress?.update(step.rotated + step.skipped + step.failed.length)
      },
    })
  } catch (error) {
    if (!signal?.aborted) throw error
    interrupted = true
  } finally {
    progress?.stop()
  }
  const { rotated, skipped, failed } = last
  if (global.json) {
    ctx.print.out(toJson({ primaryKeyId: primary, total, rotated, skipped, failed, interrupted }))
  } else {
    ctx.print.out(
      `Rotated ${plural(rotated, 'data key')} to key ${primary}` +
        (skipped > 0 ? `, ${skipped} skipped (changed meanwhile, already current)` : '') +
        (failed.length > 0 ? `, ${failed.length} could not be opened` : ''),
    )
  }
  if (interrupted) {
    const reason = signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'
    ctx.print.err(
      `credkit: INTERRUPTED: stopped by ${reason} after ${rotated + skipped + failed.length} of ${total} rows; run credkit rotate-keys again to resume`,
    )
    return reason === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED
  }
  if (failed.length > 0) {
    const ids = failed.slice(0, 20).map((row) => `${row.accountId}/${row.id}`)
    const more = failed.length > ids.length ? ` and ${failed.length - ids.length} more` : ''
    if (rotated === 0 && skipped === 0) {
      throw new CliError(
        'CRYPTO_FAILED',
        `None of the ${plural(failed.length, 'data key')} could be opened with CREDKIT_MASTER_KEYS: is a key listed under the right id but with the wrong value?`,
        EXIT.CONFIG,
      )
    }
    ctx.print.err(
      `credkit: CRYPTO_FAILED: ${plural(failed.length, 'data key')} could not be opened: ${ids.join(', ')}${more}`,
    )
    return EXIT.INCOMPLETE
  }
  return EXIT.OK
}
