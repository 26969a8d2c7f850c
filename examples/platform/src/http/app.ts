import type { Credentials } from '@credkit/core'
import { Hono } from 'hono'
import type { SettingsStore } from '../settings-store.js'
import { appRoutes } from './app-routes.js'
import { credentialsRoutes } from './credentials-routes.js'
import { errorResponse, HttpError } from './errors.js'
import { formRoutes } from './form-routes.js'
import { hostRoutes } from './host-routes.js'
import { lifecycleRoutes } from './lifecycle-routes.js'
import { createSessions, type SessionEnv } from './session.js'
import { sessionRoutes } from './session-routes.js'
import { serveStatic } from './static-files.js'

/** The platform's HTTP app: the JSON API under `/api` and the page. */
export function createHttpApp(credentials: Credentials, settings: SettingsStore) {
  const sessions = createSessions()
  const app = new Hono()
  app.onError(errorResponse)

  app.route('/api', sessionRoutes(credentials, sessions))
  const signedIn = new Hono<SessionEnv>()
  signedIn.use('*', sessions.required())
  signedIn.route('/', credentialsRoutes(credentials))
  signedIn.route('/', lifecycleRoutes(credentials))
  signedIn.route('/', formRoutes(credentials))
  signedIn.route('/', appRoutes(credentials, settings))
  signedIn.route('/', hostRoutes(credentials, settings))
  app.route('/api', signedIn)
  app.all('/api/*', () => {
    throw new HttpError(404, 'NOT_FOUND', 'No such endpoint')
  })
  app.get('*', serveStatic)
  return app
}
