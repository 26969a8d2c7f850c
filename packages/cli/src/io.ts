/** Where output goes: `process.stdout`/`stderr`, or anything with `write` in tests and embedders. */
export interface OutputStream {
  write(chunk: string): unknown
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
}

/** What one CLI run reads and writes; `main()` passes the process's own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  /**
   * Aborted on Ctrl-C (SIGINT) or SIGTERM: long commands stop after the current batch. The reason
   * is the signal name.
   */
  readonly interrupt?: AbortSignal | undefined
}

/** Writes lines to a stream after removing every known secret value. */
export interface Printer {
  out(line: string): void
  err(line: string): void
  readonly stdout: OutputStream
  readonly stderr: OutputStream
}

export function createPrinter(io: CliIo, redact: (text: string) => string): Printer {
  return {
    out: (line) => void io.stdout.write(`${redact(line)}\n`),
    err: (line) => void io.stderr.write(`${redact(line)}\n`),
    stdout: io.stdout,
    stderr: io.stderr,
  }
}
