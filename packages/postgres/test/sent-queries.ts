import type pg from 'pg'

/** The text of every query the connections of `pool` send from now on, in order. */
export function sentQueries(pool: pg.Pool): string[] {
  const sent: string[] = []
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (typeof args[0] === 'string') sent.push(args[0])
      return query(...args)
    }
  })
  return sent
}
