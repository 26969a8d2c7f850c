import type { AuditChainVerdict } from '@credkit/core'
import { listAccountIds } from '@credkit/postgres'
import { type Command, InvalidArgumentError } from 'commander'
import { CliError } from '../cli-error.js'
import { EXIT } from '../exit-codes.js'
import { type CommandContext, type GlobalOptions, type Session, withSession } from '../session.js'
import { formatTime, plural, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ credkit verify-audit
  $ credkit verify-audit --account acct_123
  # keep the head it prints; pass it next time to detect removal of the newest events too
  $ credkit verify-audit --account acct_123 --anchor 42:3f9a…(64 hex digits)

Exit code 2 when a chain is broken; the first bad event is named by its sequence number.`

/** `--anchor <seq>:<hash>`: a head printed by an earlier run. */
export function parseAnchor(value: string): { seq: number; hash: string } {
  const match = /^(\d{1,10}):([0-9a-f]{64})$/.exec(value.trim())
  if (!match || Number(match[1]) < 1) {
    throw new InvalidArgumentError('expected <seq>:<hash> as printed by verify-audit (hash: 64 hex digits)')
  }
  return { seq: Number(match[1]), hash: match[2]! }
}

type Verdict = AuditChainVerdict & { readonly accountId: string }

export function registerVerifyAudit(program: Command, ctx: CommandContext): void {
  program
    .command('verify-audit')
    .description(
      "Verify each account's audit hash chain; names the first altered, missing or re-linked event",
    )
    .option('--account <id>', 'one account only (default: every account)')
    .option(
      '--anchor <seq:hash>',
      'a head seen earlier (needs --account): also detects removed newest events',
      parseAnchor,
    )
    .addHelpText('after', EXAMPLES)
    .action(
      async (options: { account?: string; anchor?: { seq: number; hash: string } }, command: Command) => {
        const global = command.optsWithGlobals<GlobalOptions>()
        if (options.anchor && !options.account) {
          throw new CliError(
            'USAGE',
            '--anchor needs --account: an anchor belongs to one account',
            EXIT.USAGE,
          )
        }
        ctx.exit(
          await withSession(ctx, global, {}, async (session) => {
            const ids = options.account ? [options.account] : await listAccountIds(session.database.client)
            const verdicts: Verdict[] = []
            for (const accountId of ids) {
              const verdict = await session.credentials.verifyAuditChain(
                accountId,
                options.anchor ? { anchor: options.anchor } : undefined,
              )
              verdicts.push({ accountId, ...verdict })
            }
            const broken = verdicts.filter((verdict) => !verdict.ok)
            if (global.json) ctx.print.out(toJson({ ok: broken.length === 0, accounts: verdicts }))
            else for (const verdict of verdicts) ctx.print.out(await describe(session, verdict))
            if (!global.json && verdicts.length === 0) ctx.print.out('No audit events')
            return broken.length > 0 ? EXIT.AUDIT_BROKEN : EXIT.OK
          }),
        )
      },
    )
}

async function describe(session: Session, verdict: Verdict): Promise<string> {
  if (verdict.ok)
    return `${verdict.accountId}: ok, ${plural(verdict.events, 'event')}, head ${verdict.events}:${verdict.head}`
  const [event] = await session.database.storage.audit.list(verdict.accountId, {
    order: 'asc',
    afterSeq: verdict.brokenAt - 1,
    limit: 1,
  })
  const found =
    event?.seq === verdict.brokenAt ? ` (event ${event.id}, ${event.action} at ${formatTime(event.at)})` : ''
  return `${verdict.accountId}: BROKEN at event ${verdict.brokenAt}${found}: ${reasonText(verdict.reason)}`
}

function reasonText(reason: Extract<AuditChainVerdict, { ok: false }>['reason']): string {
  switch (reason) {
    case 'altered':
      return 'its content does not match its hash (altered)'
    case 'missing':
      return 'the event is missing (removed)'
    case 'relinked':
      return 'it does not link to the previous event (re-linked)'
    case 'anchor-missing':
      return 'the anchor given is not in the chain (newest events removed, or a wrong anchor)'
    default:
      return String(reason)
  }
}
