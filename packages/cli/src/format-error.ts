import { isCredentialsError } from '@credkit/core'
import { CliError } from './cli-error.js'
import { EXIT, type ExitCode } from './exit-codes.js'

/** How an error is reported: one line `credkit: CODE: message`, and the exit code. */
export interface ErrorReport {
  readonly line: string
  readonly code: string
  readonly exitCode: ExitCode
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim()

/** A driver or system error code (`ECONNREFUSED`, a SQLSTATE), never its message. */
function causeCode(error: unknown): string | null {
  for (
    let cause = (error as { cause?: unknown }).cause;
    cause;
    cause = (cause as { cause?: unknown }).cause
  ) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && /^[A-Z0-9_]{2,32}$/.test(code)) return code
  }
  return null
}

/** The one-line report of any thrown value. Messages of credkit errors never hold values. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof CliError) return report(error.code, error.message, error.exitCode)
  if (isCredentialsError(error)) {
    let message = error.message
    const issues = error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    if (issues.length > 0) message += ` (${issues.join('; ')})`
    else if (error.field) message += ` (field ${error.field})`
    const code = causeCode(error)
    if (code && !message.includes(code)) message += ` [${code}]`
    const exitCode = error.code === 'VALIDATION_FAILED' ? EXIT.USAGE : EXIT.FAILED
    return report(error.code, message, exitCode)
  }
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : 'unexpected failure'
  return report(
    typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? code : 'INTERNAL',
    message,
    EXIT.FAILED,
  )
}

function report(code: string, message: string, exitCode: ExitCode): ErrorReport {
  return { code, exitCode, line: `credkit: ${code}: ${oneLine(message)}` }
}

/** `--debug`: the stack of the error and of each cause. Printed after redaction like any line. */
export function debugLines(error: unknown): string[] {
  const lines: string[] = []
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const stack =
      current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current)
    lines.push(depth === 0 ? stack : `Caused by: ${stack}`)
    current = (current as { cause?: unknown }).cause
  }
  return lines
}
