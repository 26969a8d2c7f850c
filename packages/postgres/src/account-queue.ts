import { CredentialsError } from '@credkit/core'

/** Options of `createAccountQueue`. */
export interface AccountQueueOptions {
  /** Transactions of one account waiting in this process before new ones are refused (default 256). */
  readonly maxWaiting?: number
}

/** Runs the transactions of one account one at a time in this process. */
export interface AccountQueue {
  run<T>(account: string | undefined, work: () => Promise<T>): Promise<T>
}

interface Line {
  tail: Promise<void>
  waiting: number
}

/**
 * An in-process queue per account, taken before a pool connection is checked out: writers of a
 * busy account wait here holding nothing, so they cannot take every pool connection while they
 * wait for the account's advisory lock and starve the other accounts. Across processes the
 * advisory lock still orders them (one waiting connection per process and account at most).
 * The queue is bounded: past `maxWaiting` waiters a transaction is refused with a retryable
 * `CONFLICT`, which the core retries with backoff.
 */
export function createAccountQueue(options: AccountQueueOptions = {}): AccountQueue {
  const maxWaiting = options.maxWaiting ?? 256
  const lines = new Map<string, Line>()
  return {
    async run<T>(account: string | undefined, work: () => Promise<T>): Promise<T> {
      if (account === undefined) return work()
      let line = lines.get(account)
      if (!line) {
        line = { tail: Promise.resolve(), waiting: 0 }
        lines.set(account, line)
      }
      if (line.waiting >= maxWaiting) {
        throw new CredentialsError('CONFLICT', 'Too many transactions of this account are waiting', {
          retryable: true,
        })
      }
      const current = line
      current.waiting++
      const previous = current.tail
      let release!: () => void
      current.tail = new Promise<void>((resolve) => {
        release = resolve
      })
      try {
        await previous
        return await work()
      } finally {
        current.waiting--
        release()
        if (current.waiting === 0 && lines.get(account) === current) lines.delete(account)
      }
    },
  }
}
