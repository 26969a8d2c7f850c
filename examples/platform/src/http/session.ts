import { randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import { type DemoUser, findUser } from '../directory.js'
import { HttpError } from './errors.js'

const COOKIE = 'platform_session'

export type SessionEnv = { Variables: { user: DemoUser } }

/**
 * The demo sign-in: a signed cookie naming the user. The signing secret is made per process, so a
 * restart signs everyone out. A real platform uses its own sessions; what matters is that every
 * endpoint builds credkit's actor from the session, never from the request body.
 */
export function createSessions() {
  const secret = randomBytes(32)
  async function current(c: Context): Promise<DemoUser | null> {
    const id = await getSignedCookie(c, secret, COOKIE)
    return typeof id === 'string' ? findUser(id) : null
  }
  return {
    current,
    async signIn(c: Context, user: DemoUser): Promise<void> {
      await setSignedCookie(c, COOKIE, user.id, secret, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      })
    },
    signOut(c: Context): void {
      deleteCookie(c, COOKIE, { path: '/' })
    },
    /** Rejects requests without a session with 401; sets `user` for the handler. */
    required(): MiddlewareHandler<SessionEnv> {
      return async (c, next) => {
        const user = await current(c)
        if (!user) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first')
        c.set('user', user)
        await next()
      }
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>
