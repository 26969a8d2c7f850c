import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error.js'
import { registerExpiring } from './commands/expiring.js'
import { registerMigrate } from './commands/migrate.js'
import { registerRotateKeys } from './commands/rotate-keys.js'
import { registerStatus } from './commands/status.js'
import { registerSync } from './commands/sync.js'
import { registerVerifyAudit } from './commands/verify-audit.js'
import { EXIT, type ExitCode } from './exit-codes.js'
import { debugLines, reportError } from './format-error.js'
import { type CliIo, createPrinter } from './io.js'
import { createRedactor } from './redact.js'
import type { RegionsSource } from './regions.js'
import type { CommandContext } from './session.js'

/** Options of `runCli` besides the arguments. */
export interface RunCliOptions extends Partial<CliIo> {
  /**
   * The regions `credkit sync` pushes to, for a program that embeds the CLI with its own cluster
   * configuration: a RegionPort or a factory. `--regions-module` overrides it.
   */
  readonly regions?: RegionsSource
}

const ROOT_HELP = `
Environment:
  DATABASE_URL          PostgreSQL connection string (unless --pglite <dir> is given)
  CREDKIT_MASTER_KEYS   id:base64 entries of 32-byte keys, first one primary (rotate-keys, sync)
  CREDKIT_REGIONS_MODULE  default of sync --regions-module

Exit codes: 0 ok, 1 expiring certificates found, 2 audit chain broken, 3 part of the work failed,
4 bad command line, 5 bad environment, 6 operation failed, 130 interrupted. See docs/cli.md.`

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/**
 * Runs one `credkit` command line (`argv` without `node` and the script) and resolves with its exit
 * code; never rejects and never exits the process. Errors are printed as one line
 * `credkit: CODE: message` on stderr (with `--debug`, the stack follows); no output ever holds the
 * value of `CREDKIT_MASTER_KEYS` or the password of `DATABASE_URL`.
 */
export async function runCli(argv: ReadonlyArray<string>, options: RunCliOptions = {}): Promise<ExitCode> {
  const io: CliIo = {
    env: options.env ?? process.env,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    interrupt: options.interrupt,
  }
  const print = createPrinter(io, createRedactor(io.env))
  let exitCode: ExitCode = EXIT.OK
  const ctx: CommandContext = {
    io,
    print,
    regions: options.regions,
    exit: (code) => {
      exitCode = code
    },
  }
  const program = new Command('credkit')
    .description(
      'Operator CLI of credkit: migrations, key rotation, sync status and runs, expiry and audit checks',
    )
    .version(version(), '-V, --version')
    .option('--pglite <dir>', 'use the embedded PGlite database in <dir> instead of DATABASE_URL')
    .option('--json', 'print the result as JSON on stdout')
    .option('--debug', 'on error, also print the stack trace (secrets are still redacted)')
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: () => undefined,
    })
    .addHelpText('after', ROOT_HELP)
  registerMigrate(program, ctx)
  registerRotateKeys(program, ctx)
  registerStatus(program, ctx)
  registerExpiring(program, ctx)
  registerVerifyAudit(program, ctx)
  registerSync(program, ctx)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, program, argv, print.err)
    const report = reportError(error)
    print.err(report.line)
    if (program.opts()['debug'] === true || argv.includes('--debug'))
      for (const line of debugLines(error)) print.err(line)
    return report.exitCode
  }
}

/** Help and version end with 0; every parse error becomes one `USAGE` line. */
function commanderExit(
  error: CommanderError,
  program: Command,
  argv: ReadonlyArray<string>,
  err: (line: string) => void,
): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK
  // `credkit` alone: commander printed the help on stderr.
  if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return EXIT.USAGE
  const message = error.message
    .replace(/^error: /, '')
    // Commander quotes the rejected value; the message names the flag and the expected form instead.
    .replace(/ argument '.*' is invalid\./s, ' is invalid:')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
  const command = program.commands.find((candidate) => argv.includes(candidate.name()))
  err(`credkit: USAGE: ${message} (see credkit ${command ? `${command.name()} ` : ''}--help)`)
  return EXIT.USAGE
}

export { CliError }
