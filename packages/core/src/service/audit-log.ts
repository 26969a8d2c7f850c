import { z } from 'zod'
import { type AuditChainVerdict, type AuditHead, readHead, verifyChain } from '../audit/verify-chain.js'
import type { ServiceContext } from '../context/context.js'
import { requireActor } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import { CredentialsError, validationFailed } from '../errors.js'
import type { AuditEvent } from '../model/audit-records.js'
import { canReadAudit } from '../roles/roles.js'
import { parseInput } from '../validate.js'

export const AuditLogOptions = z
  .strictObject({
    /** `nextCursor` of the previous page. */
    cursor: z.string().regex(/^\d+$/, { error: 'expected a cursor returned by auditLog' }).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional()
export type AuditLogOptions = z.input<typeof AuditLogOptions>

export interface AuditPage {
  /** Newest first. */
  readonly events: ReadonlyArray<AuditEvent>
  readonly nextCursor: string | null
}

/**
 * The account's audit log, newest first, for managers and audit roles.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function auditLog(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput?: unknown,
): Promise<AuditPage> {
  const actor = requireActor(actorInput)
  if (!canReadAudit(actor, ctx.roles)) {
    throw new CredentialsError(
      'FORBIDDEN',
      'Reading the audit log requires a credentials manager or audit role',
    )
  }
  const options = parseInput(AuditLogOptions, optionsInput, ['options']) ?? {}
  const limit = options.limit ?? 100
  const events = await autocommit(ctx, (tx) =>
    tx.audit.list(actor.accountId, {
      order: 'desc',
      ...(options.cursor === undefined ? {} : { beforeSeq: Number(options.cursor) }),
      limit: limit + 1,
    }),
  )
  const page = events.slice(0, limit)
  return { events: page, nextCursor: events.length > limit ? String(page[page.length - 1]!.seq) : null }
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lowercase hex characters' })
const AccountId = z.string().min(1).max(128)

/** An anchor as `auditHead` exports it (`at` may come back as an ISO string from JSON). */
const AnchorSchema = z.strictObject({
  accountId: AccountId.optional(),
  seq: z.number().int().min(1),
  hash: Hex64,
  mac: Hex64.nullable().optional(),
  keyId: z.string().min(1).max(128).nullable().optional(),
  at: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
})

export const VerifyOptions = z
  .strictObject({
    /** A head exported earlier (`auditHead`, or at least `{ seq, hash }`): also detects removal of the newest events. */
    anchor: AnchorSchema.optional(),
  })
  .optional()
export type VerifyOptions = z.input<typeof VerifyOptions>

/**
 * Checks the account's audit chain: links, hashes and, from the account's first chain key on, the
 * HMAC of every event under a key only the KeyPort can unwrap. The verdict names the first event
 * that does not fit (`brokenAt`, `eventId`, `reason`). For operators (no actor): expose it to
 * users through your own authorisation.
 * @throws CredentialsError VALIDATION_FAILED | STORAGE_FAILED
 */
export async function verifyAuditChain(
  ctx: ServiceContext,
  accountIdInput: unknown,
  optionsInput?: unknown,
): Promise<AuditChainVerdict> {
  const accountId = parseInput(AccountId, accountIdInput, ['accountId'])
  const { anchor } = parseInput(VerifyOptions, optionsInput, ['options']) ?? {}
  if (anchor?.accountId !== undefined && anchor.accountId !== accountId) {
    throw validationFailed([
      { path: ['options', 'anchor', 'accountId'], message: 'expected an anchor of this account' },
    ])
  }
  return autocommit(ctx, (tx) => verifyChain(tx.audit, ctx.keys, accountId, anchor ? { anchor } : {}))
}

/**
 * The account's newest audit event as an anchor to keep outside the database (`{ accountId, seq,
 * hash, mac, keyId, at }`), or null for an account with no events. Its own hash and MAC are
 * checked first, so a forged newest event is never exported; the events before it are not (run
 * `verifyAuditChain` with the previous anchor first). Pass an actor who may read the audit log,
 * or an account id (operators).
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | CRYPTO_FAILED (the head does not verify)
 */
export async function auditHead(ctx: ServiceContext, actorOrAccountId: unknown): Promise<AuditHead | null> {
  let accountId: string
  if (typeof actorOrAccountId === 'string') {
    accountId = parseInput(AccountId, actorOrAccountId, ['accountId'])
  } else {
    const actor = requireActor(actorOrAccountId)
    if (!canReadAudit(actor, ctx.roles)) {
      throw new CredentialsError(
        'FORBIDDEN',
        'Reading the audit log requires a credentials manager or audit role',
      )
    }
    accountId = actor.accountId
  }
  const { head, problem } = await autocommit(ctx, (tx) => readHead(tx.audit, ctx.keys, accountId))
  if (problem !== null) {
    throw new CredentialsError(
      'CRYPTO_FAILED',
      `The newest audit event does not verify (${problem}); run verifyAuditChain before exporting an anchor`,
    )
  }
  return head
}
