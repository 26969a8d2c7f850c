import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on 127.0.0.1 (the OS picks it; a race with another process is unlikely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** A started child process whose last output lines are kept for error messages. */
export interface Started {
  readonly child: ChildProcess
  /** The last lines it printed (stdout and stderr). */
  tail(): string
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>
}

export function startProcess(command: string, args: ReadonlyArray<string>): Started {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'))
    if (lines.length > 60) lines.splice(0, lines.length - 60)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return {
    child,
    tail: () => lines.join('\n'),
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Polls `probe` until it resolves true, failing early when `process` exits and after `timeoutMs`.
 * A harness wait on a real process: there is no clock to inject here.
 */
export async function waitUntil(
  what: string,
  process: Started,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (process.child.exitCode !== null) {
      throw new Error(`${what} exited with code ${process.child.exitCode}:\n${process.tail()}`)
    }
    if (await probe().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${process.tail()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
