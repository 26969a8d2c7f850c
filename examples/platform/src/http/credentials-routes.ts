import type { Credentials } from '@credkit/core'
import { Hono } from 'hono'
import { actorOf } from '../directory.js'
import { jsonBody } from './errors.js'
import { revealedToJson } from './reveal-json.js'
import type { SessionEnv } from './session.js'

/** A version the browser last saw, from a query string or body; absent or unreadable: no check. */
function expectedVersion(value: unknown): { expectedVersion?: number } {
  const version = typeof value === 'string' && value !== '' ? Number(value) : value
  return typeof version === 'number' && Number.isFinite(version) ? { expectedVersion: version } : {}
}

/**
 * The Credentials tab's endpoints. Each builds the actor from the session and hands the request
 * to credkit as it came: credkit validates it and enforces roles and account scoping, so a
 * member gets 403 and another account's id 404 without a check here.
 */
export function credentialsRoutes(credentials: Credentials) {
  const api = new Hono<SessionEnv>()

  api.get('/credentials', async (c) => {
    const actor = actorOf(c.get('user'))
    const cursor = c.req.query('cursor')
    const page = await credentials.list(actor, cursor ? { cursor } : {})
    return c.json(page)
  })

  api.post('/credentials', async (c) => {
    const view = await credentials.create(actorOf(c.get('user')), await jsonBody(c))
    return c.json(view, 201)
  })

  api.get('/credentials/:id', async (c) => {
    return c.json(await credentials.get(actorOf(c.get('user')), c.req.param('id')))
  })

  api.patch('/credentials/:id', async (c) => {
    const view = await credentials.update(actorOf(c.get('user')), c.req.param('id'), await jsonBody(c))
    return c.json(view)
  })

  api.delete('/credentials/:id', async (c) => {
    const options = expectedVersion(c.req.query('expectedVersion'))
    await credentials.delete(actorOf(c.get('user')), c.req.param('id'), options)
    return c.body(null, 204)
  })

  api.post('/credentials/:id/default', async (c) => {
    const body = await jsonBody(c)
    const version =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)['expectedVersion']
        : undefined
    const view = await credentials.setDefault(
      actorOf(c.get('user')),
      c.req.param('id'),
      expectedVersion(version),
    )
    return c.json(view)
  })

  api.post('/credentials/:id/sync', async (c) => {
    const results = await credentials.syncNow(actorOf(c.get('user')), c.req.param('id'))
    return c.json({ results })
  })

  // The only endpoint that sends a secret value to the browser; credkit audits every call.
  api.post('/credentials/:id/reveal', async (c) => {
    const revealed = await credentials.reveal(actorOf(c.get('user')), c.req.param('id'))
    c.header('Cache-Control', 'no-store')
    return c.json(revealedToJson(revealed))
  })

  api.get('/audit', async (c) => {
    const cursor = c.req.query('cursor')
    const page = await credentials.auditLog(actorOf(c.get('user')), {
      limit: 50,
      ...(cursor ? { cursor } : {}),
    })
    return c.json(page)
  })

  return api
}
