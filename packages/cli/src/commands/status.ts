import { type CredentialView, formatRegionFailure } from '@credkit/core'
import { listAccountIds, listPendingJobs, type OperatorSyncJob } from '@credkit/postgres'
import type { Command } from 'commander'
import { EXIT } from '../exit-codes.js'
import {
  type CommandContext,
  type GlobalOptions,
  operatorActor,
  type Session,
  withSession,
} from '../session.js'
import { formatTime, renderTable, toJson } from '../table.js'

const EXAMPLES = `
Examples:
  $ credkit status
  $ credkit status --account acct_123
  $ credkit status --json | jq '.jobs.failing'`

interface AccountStatus {
  readonly accountId: string
  readonly regions: string[]
  readonly credentials: CredentialView[]
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('Per-credential, per-region sync state, and the sync jobs that are due or failing')
    .option('--account <id>', 'one account only (default: every account)')
    .addHelpText('after', EXAMPLES)
    .action(async (options: { account?: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      ctx.exit(
        await withSession(ctx, global, {}, async (session) => {
          const accounts = await collect(session, options.account)
          const jobs = await listPendingJobs(session.database.client, {
            now: new Date(),
            accountId: options.account,
          })
          if (global.json) printJson(ctx, accounts, jobs)
          else printText(ctx, accounts, jobs)
          return EXIT.OK
        }),
      )
    })
}

async function collect(
  { database, credentials }: Session,
  account: string | undefined,
): Promise<AccountStatus[]> {
  const ids = account ? [account] : await listAccountIds(database.client)
  const out: AccountStatus[] = []
  for (const accountId of ids) {
    const views: CredentialView[] = []
    let cursor: string | undefined
    do {
      const page = await credentials.list(operatorActor(accountId), {
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      })
      views.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    out.push({
      accountId,
      regions: await database.storage.withTransaction((tx) => tx.sync.listRegions(accountId), {
        atomic: false,
      }),
      credentials: views,
    })
  }
  return out
}

function printJson(ctx: CommandContext, accounts: AccountStatus[], jobs: OperatorSyncJob[]) {
  ctx.print.out(
    toJson({
      accounts: accounts.map((account) => ({
        accountId: account.accountId,
        regions: account.regions,
        credentials: account.credentials.map((view) => ({
          id: view.id,
          type: view.type,
          name: view.name,
          version: view.version,
          sync: view.sync,
        })),
      })),
      jobs: {
        due: jobs.filter((job) => job.due).length,
        failing: jobs.filter((job) => job.attempts > 0).length,
        items: jobs,
      },
    }),
  )
}

function printText(ctx: CommandContext, accounts: AccountStatus[], jobs: OperatorSyncJob[]) {
  const rows: string[][] = []
  for (const account of accounts) {
    for (const view of account.credentials) {
      const base = [account.accountId, view.name, view.type]
      if (view.sync.length === 0) rows.push([...base, '', 'no region', `-/${view.version}`, '', ''])
      for (const status of view.sync) {
        rows.push([
          ...base,
          status.region,
          status.state,
          `${status.version ?? '-'}/${view.version}`,
          formatTime(status.lastSyncedAt),
          status.error ? `${formatTime(status.error.at)} ${formatRegionFailure(status.error)}` : '',
        ])
      }
    }
  }
  if (rows.length === 0) ctx.print.out('No credentials')
  else {
    const headers = [
      'ACCOUNT',
      'CREDENTIAL',
      'TYPE',
      'REGION',
      'STATE',
      'VERSION',
      'LAST SYNCED',
      'LAST ERROR',
    ]
    for (const line of renderTable(headers, rows)) ctx.print.out(line)
  }
  const due = jobs.filter((job) => job.due).length
  const failing = jobs.filter((job) => job.attempts > 0).length
  ctx.print.out('')
  ctx.print.out(`Jobs: ${due} due, ${failing} failing`)
  if (jobs.length === 0) return
  const jobRows = jobs.map((job) => [
    job.accountId,
    job.credentialName,
    job.region,
    job.action,
    String(job.version),
    String(job.attempts),
    formatTime(job.runAt),
    job.due ? 'due' : job.leaseExpiresAt && job.leaseExpiresAt > new Date() ? 'running' : 'waiting',
  ])
  for (const line of renderTable(
    ['ACCOUNT', 'CREDENTIAL', 'REGION', 'ACTION', 'VERSION', 'ATTEMPTS', 'RUN AT', 'STATE'],
    jobRows,
  ))
    ctx.print.out(line)
}
