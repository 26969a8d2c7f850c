import type pg from 'pg'
import type { PgClientLike, PgResult } from '../src/client.js'

/**
 * `pool` as a driver that keeps only the last result of a query of several statements (where a
 * `pg` client answers with one result each); only for the queries `when` picks, if given.
 */
export function lastResultOnly(pool: pg.Pool, when: (text: string) => boolean = () => true): PgClientLike {
  const lastOnly = (answer: unknown) => (Array.isArray(answer) ? answer.at(-1) : answer)
  return {
    query: (text, values) => pool.query(text, values),
    async connect() {
      const conn = await pool.connect()
      return {
        query: async (text, values) => {
          const answer = await conn.query(text, values)
          return (when(text) ? lastOnly(answer) : answer) as PgResult
        },
        release: (error) => conn.release(error),
      }
    },
  }
}
