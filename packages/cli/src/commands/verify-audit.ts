import type { AuditAnchor, AuditChainVerdict } from '@credkit/core'
import { listAccountIds } from '@credkit/postgres'
import { type Command, InvalidArgumentError } from 'commander'
import { CliError } from '../cli-error.js'
import { EXIT } from '../exit-codes.js'
import { type CommandContext, type GlobalOptions, withSession } from '../session.js'
import { plural, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ credkit verify-audit
  $ credkit verify-audit --account acct_123
  # keep the head it prints outside the database; pass it next time to detect removed events too
  $ credkit verify-audit --account acct_123 --anchor 42:<hash>:<mac>

Needs CREDKIT_MASTER_KEYS: audit chains are keyed (an HMAC under a chain key the master keys wrap).
Exit code 2 when a chain is broken; the first bad event is named by its sequence number and id.`

const HEX64 = /^[0-9a-f]{64}$/

/**
 * `--anchor`: a head as this command prints it, `<seq>:<hash>[:<mac>]`, or the JSON `head` object
 * of `verify-audit --json`.
 */
export function parseAnchor(value: string): AuditAnchor {
  const text = value.trim()
  const invalid = () =>
    new InvalidArgumentError('expected <seq>:<hash>[:<mac>] or the JSON head printed by verify-audit')
  if (text.startsWith('{')) {
    let head: Record<string, unknown>
    try {
      head = JSON.parse(text) as Record<string, unknown>
    } catch {
      throw invalid()
    }
    const { seq, hash, mac, keyId } = head
    if (typeof seq !== 'number' || typeof hash !== 'string') throw invalid()
    return {
      seq,
      hash,
      ...(typeof mac === 'string' ? { mac } : {}),
      ...(typeof keyId === 'string' ? { keyId } : {}),
    }
  }
  const [seq, hash, mac, ...rest] = text.split(':')
  if (rest.length > 0 || !seq || !/^\d{1,10}$/.test(seq) || Number(seq) < 1 || !hash || !HEX64.test(hash))
    throw invalid()
  if (mac !== undefined && !HEX64.test(mac)) throw invalid()
  return { seq: Number(seq), hash, ...(mac ? { mac } : {}) }
}

type Verdict = AuditChainVerdict & { readonly accountId: string }

export function registerVerifyAudit(program: Command, ctx: CommandContext): void {
  program
    .command('verify-audit')
    .description("Verify each account's keyed audit chain; names the first altered, missing or forged event")
    .option('--account <id>', 'one account only (default: every account)')
    .option(
      '--anchor <head>',
      'a head printed earlier (needs --account): also detects removed newest events',
      parseAnchor,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { account?: string; anchor?: AuditAnchor }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      if (options.anchor && !options.account) {
        throw new CliError('USAGE', '--anchor needs --account: an anchor belongs to one account', EXIT.USAGE)
      }
      ctx.exit(
        await withSession(ctx, global, { keys: true }, async ({ database, credentials }) => {
          const ids = options.account ? [options.account] : await listAccountIds(database.client)
          const verdicts: Verdict[] = []
          for (const accountId of ids) {
            const verdict = await credentials.verifyAuditChain(
              accountId,
              options.anchor ? { anchor: options.anchor } : undefined,
            )
            verdicts.push({ accountId, ...verdict })
          }
          const broken = verdicts.filter((verdict) => !verdict.ok)
          if (global.json) ctx.print.out(toJson({ ok: broken.length === 0, accounts: verdicts }))
          else {
            for (const verdict of verdicts) ctx.print.out(describe(verdict))
            if (verdicts.length === 0) ctx.print.out('No audit events')
          }
          return broken.length > 0 ? EXIT.AUDIT_BROKEN : EXIT.OK
        }),
      )
    })
}

/** One line per account; an ok one ends with its head in the form `--anchor` takes. */
function describe(verdict: Verdict): string {
  if (!verdict.ok) {
    const id = verdict.eventId ? ` (event ${verdict.eventId})` : ''
    return `${verdict.accountId}: BROKEN at event ${verdict.brokenAt}${id}: ${verdict.reason}: ${verdict.detail}`
  }
  const legacy = verdict.legacyEvents > 0 ? ` (${verdict.legacyEvents} before the chain was keyed)` : ''
  const head = verdict.head
    ? `, head ${verdict.head.seq}:${verdict.head.hash}${verdict.head.mac ? `:${verdict.head.mac}` : ''}`
    : ''
  return `${verdict.accountId}: ok, ${plural(verdict.events, 'event')}${legacy}${head}`
}
