/** Exit codes of `credkit`; documented in docs/cli.md. Stable: scripts and cron alerts test them. */
export const EXIT = {
  /** Done; nothing to report. */
  OK: 0,
  /** `expiring`: at least one certificate expires within the window. */
  FOUND: 1,
  /** `verify-audit`: an account's audit chain is broken. */
  AUDIT_BROKEN: 2,
  /** Finished, but part of the work failed (`rotate-keys`: rows that could not be opened; `sync`: failed jobs). */
  INCOMPLETE: 3,
  /** Bad command line: unknown command or flag, a bad value. Nothing was opened or written. */
  USAGE: 4,
  /** Bad environment: no database, CREDKIT_MASTER_KEYS missing or wrong, schema not migrated. Nothing written. */
  CONFIG: 5,
  /** The operation failed (database unreachable, storage or crypto failure). */
  FAILED: 6,
  /** Stopped by Ctrl-C (SIGINT) after the current batch; run the command again to resume. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM after the current batch. */
  TERMINATED: 143,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
