import { type Credentials, createCredentials, DEFAULT_MANAGER_ROLES, type RegionPort } from '@credkit/core'
import { type Database, openDatabase, requireCurrentSchema } from './database.js'
import type { ExitCode } from './exit-codes.js'
import type { CliIo, Printer } from './io.js'
import { loadMasterKeys, type MasterKeys } from './keys.js'
import { NO_REGIONS, type RegionsSource } from './regions.js'

/** Flags every command takes. */
export interface GlobalOptions {
  readonly pglite?: string | undefined
  readonly json?: boolean | undefined
  readonly debug?: boolean | undefined
}

/** What a command's action gets besides its own flags. */
export interface CommandContext {
  readonly io: CliIo
  readonly print: Printer
  /** The regions `runCli` was given, for `sync`. */
  readonly regions: RegionsSource | undefined
  /** Records the exit code of the command that ran. */
  exit(code: ExitCode): void
}

/** An open database with the credkit service over it, for one command. */
export interface Session {
  readonly database: Database
  readonly masterKeys: MasterKeys
  readonly credentials: Credentials
}

export interface SessionNeeds {
  /** The command opens envelopes: CREDKIT_MASTER_KEYS must be set. */
  readonly keys?: boolean
  /** `sync`: loads the regions to push to, after the keys are read and before the database opens (default: none reachable). */
  readonly regions?: () => Promise<RegionPort>
  /** Wraps the StoragePort before the service sees it (`sync` scopes its claims). */
  readonly wrapStorage?: (storage: Database['storage']) => Database['storage']
}

/**
 * Reads the environment (keys first: a bad value fails before any connection), opens the
 * database, checks its schema, runs `fn`, and closes the database whatever happens.
 * @throws CliError CONFIG | CredentialsError
 */
export async function withSession<T>(
  ctx: CommandContext,
  global: GlobalOptions,
  needs: SessionNeeds,
  fn: (session: Session) => Promise<T>,
): Promise<T> {
  const masterKeys = loadMasterKeys(ctx.io.env, needs.keys ?? false)
  const regions = needs.regions ? await needs.regions() : NO_REGIONS
  const database = await openDatabase({ pglite: global.pglite }, ctx.io.env)
  try {
    await requireCurrentSchema(database)
    const storage = needs.wrapStorage ? needs.wrapStorage(database.storage) : database.storage
    const credentials = createCredentials({ storage, regions, keys: masterKeys.keys })
    return await fn({ database, masterKeys, credentials })
  } finally {
    await database.close().catch(() => undefined)
  }
}

/**
 * The actor the CLI reads an account's data as: an operator holding the default manager role.
 * Operators have database access already; this only satisfies the service's role checks.
 */
export function operatorActor(accountId: string) {
  return { accountId, userId: 'credkit-cli', roles: [DEFAULT_MANAGER_ROLES[0] ?? 'admin'] }
}

/** An AbortSignal aborted by `io.interrupt` and by nothing else; the reason says which signal. */
export function interruptSignal(io: CliIo): AbortSignal {
  return io.interrupt ?? new AbortController().signal
}
