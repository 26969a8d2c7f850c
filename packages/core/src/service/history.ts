import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { loadCredential, requireManager } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import type { CredentialVersionEntry } from '../domain/views.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { CredentialVersionRecord } from '../model/credential-versions.js'
import { parseInput } from '../validate.js'
import { DEFAULT_LIMIT, type Page } from './queries.js'

export const HistoryOptions = z
  .strictObject({
    /** `nextCursor` of the previous page. */
    cursor: z.string({ error: 'expected a string' }).regex(/^[1-9][0-9]{0,9}$/, {
      error: 'expected the nextCursor of a previous page',
    }),
    limit: z
      .number({ error: 'expected a number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(1000, { error: 'must be at most 1000' }),
  })
  .partial()
  .nullish()
export type HistoryOptions = z.input<typeof HistoryOptions>

/**
 * A credential's versions, newest first, the current one included, a page at a time (managers):
 * numbers, when, by whom and the names of the fields each change touched, never values. Only the
 * versions within the retention (`history.keep`) are there.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND
 */
export async function credentialHistory(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
  optionsInput?: unknown,
): Promise<Page<CredentialVersionEntry>> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const options = parseInput(HistoryOptions, optionsInput, ['options']) ?? {}
  const limit = options.limit ?? DEFAULT_LIMIT
  const before = options.cursor === undefined ? undefined : Number(options.cursor)
  return autocommit(ctx, async (tx) => {
    const current = await loadCredential(tx, actor.accountId, id)
    const items: CredentialVersionEntry[] = before === undefined ? [currentEntry(current)] : []
    const rows = await tx.versions.list(actor.accountId, id, {
      before: before ?? current.version,
      limit: limit + 1 - items.length,
    })
    items.push(...rows.map(pastEntry))
    const page = items.slice(0, limit)
    const last = page[page.length - 1]
    return { items: page, nextCursor: items.length > limit && last ? String(last.version) : null }
  })
}

function currentEntry(record: CredentialRecord): CredentialVersionEntry {
  return {
    version: record.version,
    at: record.updatedAt,
    by: record.updatedBy,
    fields: [...record.updatedFields],
    current: true,
  }
}

function pastEntry(row: CredentialVersionRecord): CredentialVersionEntry {
  return { version: row.version, at: row.at, by: row.by, fields: [...row.fields], current: false }
}
