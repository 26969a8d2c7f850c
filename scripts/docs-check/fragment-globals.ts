/**
 * Names a `ts fragment` block may use without declaring them, as if the surrounding program had
 * set them up. Written as a .d.ts beside the fragments only (programs never see it). A block or a
 * prelude that declares one of these names shadows it.
 */
export const FRAGMENT_GLOBALS = `import type { Actor, Credentials, KeyPort, RegionPort, StoragePort } from '@credkit/core'
import type pg from 'pg'

declare global {
  /** What createCredentials(...) returned. */
  const credentials: Credentials
  /** Actors as your auth layer resolved them: an admin, a member, anyone. */
  const admin: Actor
  const member: Actor
  const actor: Actor
  const storage: StoragePort
  const regions: RegionPort
  const keys: KeyPort
  const pool: pg.Pool
  /** What a catch block caught. */
  const error: unknown
  /** A credential id and an account id. */
  const id: string
  const accountId: string
}
export {}
`
