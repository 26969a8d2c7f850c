import type { Credentials } from '@credkit/core'
import { Hono } from 'hono'
import { actorOf } from '../directory.js'
import { jsonBody } from './errors.js'
import type { SessionEnv } from './session.js'

/** `cursor` of a page request, when the browser sent one. */
const cursorOf = (value: string | undefined) => (value ? { cursor: value } : {})

/**
 * A credential's past: its versions and rollback, and the deleted credentials still in their
 * recovery window (restore, purge). Requests go to credkit as they came; it validates them and
 * enforces roles and account scoping.
 */
export function lifecycleRoutes(credentials: Credentials) {
  const api = new Hono<SessionEnv>()

  api.get('/credentials/:id/history', async (c) => {
    const page = await credentials.history(
      actorOf(c.get('user')),
      c.req.param('id'),
      cursorOf(c.req.query('cursor')),
    )
    return c.json(page)
  })

  api.post('/credentials/:id/rollback', async (c) => {
    const view = await credentials.rollback(actorOf(c.get('user')), c.req.param('id'), await jsonBody(c))
    return c.json(view)
  })

  api.get('/deleted-credentials', async (c) => {
    return c.json(await credentials.listDeleted(actorOf(c.get('user')), cursorOf(c.req.query('cursor'))))
  })

  api.post('/deleted-credentials/:id/restore', async (c) => {
    const body = await jsonBody(c)
    const view = await credentials.restore(
      actorOf(c.get('user')),
      c.req.param('id'),
      body as Parameters<Credentials['restore']>[2],
    )
    return c.json(view)
  })

  api.delete('/deleted-credentials/:id', async (c) => {
    await credentials.purge(actorOf(c.get('user')), c.req.param('id'))
    return c.body(null, 204)
  })

  return api
}
