import { z } from 'zod'
import { validationFailed } from '../errors.js'
import { CredentialType } from '../model/credential-type.js'
import type { CredentialPosition } from '../model/list-order.js'
import { positionOf } from '../model/list-order.js'

/** A cursor as callers pass it back: opaque, bounded. */
export const ListCursor = z.string({ error: 'expected a string' }).max(1024, {
  error: 'must be at most 1024 characters',
})

const Position = z.tuple([CredentialType, z.string().max(512), z.string().max(128)])

/** The opaque cursor of the page that ends with `record`: its position in list order. */
export function encodeCursor(record: { type: CredentialType; name: string; id: string }): string {
  const { type, nameKey, id } = positionOf(record)
  return Buffer.from(JSON.stringify([type, nameKey, id])).toString('base64url')
}

/** A cursor before every row of `type` (names are never empty). */
export function startCursor(type: CredentialType): string {
  return encodeCursor({ type, name: '', id: '' })
}

/**
 * The position a cursor stands for.
 * @throws CredentialsError VALIDATION_FAILED (field `options.cursor`) for a cursor credkit did not make
 */
export function decodeCursor(cursor: string): CredentialPosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  const position = Position.safeParse(parsed)
  if (!position.success) {
    throw validationFailed([
      { path: ['options', 'cursor'], message: 'expected the nextCursor of a previous page' },
    ])
  }
  const [type, nameKey, id] = position.data
  return { type, nameKey, id }
}
