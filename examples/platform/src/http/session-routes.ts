import type { Credentials } from '@credkit/core'
import { Hono } from 'hono'
import { ACCOUNTS, actorOf, findAccount, findUser, ROLE_LABELS, USERS } from '../directory.js'
import { stringField } from './body-fields.js'
import { HttpError, jsonBody } from './errors.js'
import type { Sessions } from './session.js'

/** The demo sign-in: pick a user of the directory; the session says what the UI may show. */
export function sessionRoutes(credentials: Credentials, sessions: Sessions) {
  const api = new Hono()

  api.get('/users', (c) =>
    c.json({
      items: USERS.map((user) => ({
        ...user,
        roleLabel: ROLE_LABELS[user.role],
        accountName: ACCOUNTS.find((account) => account.id === user.accountId)?.name ?? user.accountId,
      })),
    }),
  )

  api.post('/session', async (c) => {
    const user = findUser(stringField(await jsonBody(c), 'userId'))
    if (!user) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid input: userId: unknown user', [
        { path: ['userId'], message: 'expected a user of the directory' },
      ])
    }
    await sessions.signIn(c, user)
    return c.json({ ok: true })
  })

  api.delete('/session', (c) => {
    sessions.signOut(c)
    return c.body(null, 204)
  })

  api.get('/session', async (c) => {
    const user = await sessions.current(c)
    if (!user) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first')
    const actor = actorOf(user)
    return c.json({
      user: { id: user.id, name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role] },
      account: findAccount(user.accountId),
      // What the UI shows; credkit checks the role again on every call.
      canManage: credentials.canManage(actor),
      canReadAudit: credentials.canReadAudit(actor),
    })
  })

  return api
}
