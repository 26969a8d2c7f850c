import { randomBytes } from 'node:crypto'
import type { TokenUser } from './api-server.js'

const token = () => randomBytes(24).toString('hex')

/** The users of the test API server's token file. */
export function testUsers() {
  return {
    /** Cluster admin: creates namespaces, binds roles, edits objects by hand. */
    admin: { token: token(), user: 'credkit-admin', groups: ['system:masters'] },
    /** No group, no right until a test binds the documented Role to it. */
    limited: { token: token(), user: 'credkit-limited', groups: [] },
  } satisfies Record<string, TokenUser>
}
