import type { ExitCode } from './exit-codes.js'

/**
 * A failure the CLI reports itself: `code` is the word printed before the message (`USAGE`,
 * `CONFIG`, or a credkit error code), `exitCode` what the process exits with. Messages name flags,
 * variables and fields, never their values.
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly code: string
  readonly exitCode: ExitCode

  constructor(code: string, message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.exitCode = exitCode
  }
}
