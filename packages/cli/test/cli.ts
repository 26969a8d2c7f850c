import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url))
/** The regions module `sync --regions-module` loads: simulated regions (see fixtures/memory-regions.ts). */
export const REGIONS_MODULE = inject('regionsBundle')

/** The node arguments that run `credkit`: the CLI's sources, bundled by the global setup. */
const NODE_ARGS = [inject('credkitBundle')]

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Only what the test gives: never the test runner's own DATABASE_URL or keys. */
const childEnv = (env: Record<string, string>) => ({ PATH: process.env['PATH'] ?? '', ...env })

/** Starts `credkit <args>` with stdout and stderr on pipes. */
export function startCli(args: ReadonlyArray<string>, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: CLI_DIR,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Collects the output of a started process until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Runs `credkit <args>` to the end on pipes. */
export function runCli(args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> {
  return finished(startCli(args, env))
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

/**
 * Runs `credkit <args>` on a pseudo-terminal (`script -qfec`): stdout and stderr are both the
 * terminal, so the result holds them interleaved in `stdout`, as a person would see them.
 */
export function runCliOnTty(
  args: ReadonlyArray<string>,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const command = [process.execPath, ...NODE_ARGS, ...args].map(shellQuote).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: CLI_DIR,
    env: childEnv({ TERM: 'xterm', COLUMNS: '120', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return finished(child)
}

/** Resolves once `pattern` appears on the child's stderr. */
export function stderrMatches(child: ChildProcess, pattern: RegExp): Promise<void> {
  let seen = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString()
      if (pattern.test(seen)) {
        child.stderr?.off('data', onData)
        resolve()
      }
    }
    child.stderr?.on('data', onData)
    child.once('close', () => reject(new Error(`exited before stderr matched ${pattern}: ${seen}`)))
  })
}
