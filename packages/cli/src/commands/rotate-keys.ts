import type { RotateKeysProgress } from '@credkit/core'
import { listKeyUsage } from '@credkit/postgres'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { parseCount } from '../duration.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import { requireKeysInUse, requireKeysOpen } from '../keys.js'
import { createProgress } from '../progress.js'
import { type CommandContext, type GlobalOptions, type Session, withSession } from '../session.js'
import { plural, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  # put the new key first in CREDKIT_MASTER_KEYS, keep the old one listed until this is done
  $ CREDKIT_MASTER_KEYS="k2:<base64>,k1:<base64>" credkit rotate-keys
  $ credkit rotate-keys --batch-size 500
  $ credkit rotate-keys --pglite ./data/pglite --json

Re-wraps credential data keys, then audit chain keys; payloads and MACs are not touched.
Ctrl-C stops after the current batch (exit 130); run the command again to resume.`

export function registerRotateKeys(program: Command, ctx: CommandContext): void {
  program
    .command('rotate-keys')
    .description(
      'Re-wrap every data key and audit chain key under the primary (first) key of CREDKIT_MASTER_KEYS',
    )
    .option('--batch-size <n>', 'rows per batch, 1 to 10000', parseCount(1, 10_000), 100)
    .addHelpText('after', EXAMPLES)
    .action(async (options: { batchSize: number }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      ctx.exit(
        await withSession(ctx, global, { keys: true }, (session) => rotate(ctx, global, session, options)),
      )
    })
}

/** Rows handled so far (rotated, skipped or failed): data keys, history and chain keys together. */
const handled = (p: RotateKeysProgress) =>
  p.rotated +
  p.skipped +
  p.failed.length +
  p.versions.rotated +
  p.versions.skipped +
  p.versions.failed.length +
  p.chainKeys.rotated +
  p.chainKeys.skipped +
  p.chainKeys.failed.length

async function rotate(
  ctx: CommandContext,
  global: GlobalOptions,
  { database, masterKeys, credentials }: Session,
  options: { batchSize: number },
): Promise<ExitCode> {
  await requireKeysInUse(database.client, masterKeys)
  await requireKeysOpen(database.client, credentials)
  const primary = await masterKeys.keys.primaryKeyId()
  const total = (await listKeyUsage(database.client))
    .filter((usage) => usage.keyId !== primary)
    .reduce((sum, usage) => sum + usage.credentials + usage.versions + usage.chainKeys, 0)
  const signal = ctx.io.interrupt
  let last: RotateKeysProgress | null = null
  let interrupted = false
  const progress = total > 0 ? createProgress(ctx.print, { label: 'rotate-keys', unit: 'rows', total }) : null
  try {
    last = await credentials.rotateKeys({
      batchSize: options.batchSize,
      ...(signal ? { signal } : {}),
      onProgress: (step) => {
        last = step
        progress?.update(handled(step))
      },
    })
  } catch (error) {
    if (!signal?.aborted) throw error
    interrupted = true
  } finally {
    progress?.stop()
  }
  const result = {
    primaryKeyId: primary,
    total,
    rotated: last?.rotated ?? 0,
    skipped: last?.skipped ?? 0,
    failed: last?.failed ?? [],
    versions: last?.versions ?? { rotated: 0, skipped: 0, failed: [] },
    chainKeys: last?.chainKeys ?? { rotated: 0, skipped: 0, failed: [] },
    interrupted,
  }
  if (global.json) ctx.print.out(toJson(result))
  else ctx.print.out(summary(result))
  const done = last ? handled(last) : 0
  if (interrupted) {
    const reason = signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'
    ctx.print.err(
      `credkit: INTERRUPTED: stopped by ${reason} after ${done} of ${total} rows; run credkit rotate-keys again to resume`,
    )
    return reason === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED
  }
  const failed = [
    ...result.failed.map((row) => `${row.accountId}/${row.id} (${row.reason})`),
    ...result.versions.failed.map(
      (row) => `${row.accountId}/${row.id} version ${row.version} (${row.reason})`,
    ),
    ...result.chainKeys.failed.map((key) => `${key.accountId} audit chain key ${key.keyId}`),
  ]
  if (failed.length === 0) return EXIT.OK
  if (failed.length === done) {
    throw new CliError(
      'CRYPTO_FAILED',
      `None of the ${plural(failed.length, 'key')} to rotate could be opened with CREDKIT_MASTER_KEYS: is a key listed under the right id but with the wrong value?`,
      EXIT.CONFIG,
    )
  }
  const more = failed.length > 20 ? ` and ${failed.length - 20} more` : ''
  ctx.print.err(
    `credkit: CRYPTO_FAILED: ${plural(failed.length, 'key')} could not be opened: ${failed.slice(0, 20).join(', ')}${more}`,
  )
  return EXIT.INCOMPLETE
}

function summary(result: {
  primaryKeyId: string
  rotated: number
  skipped: number
  failed: ReadonlyArray<unknown>
  versions: RotateKeysProgress['versions']
  chainKeys: RotateKeysProgress['chainKeys']
}): string {
  const parts = [`Rotated ${plural(result.rotated, 'data key')}`]
  if (result.versions.rotated > 0) parts.push(plural(result.versions.rotated, 'earlier version'))
  if (result.chainKeys.rotated > 0) parts.push(`${plural(result.chainKeys.rotated, 'audit chain key')}`)
  let line = `${parts.join(' and ')} to key ${result.primaryKeyId}`
  const skipped = result.skipped + result.versions.skipped + result.chainKeys.skipped
  const failed = result.failed.length + result.versions.failed.length + result.chainKeys.failed.length
  if (skipped > 0) line += `, ${skipped} skipped (changed meanwhile)`
  if (failed > 0) line += `, ${failed} could not be opened`
  return line
}
