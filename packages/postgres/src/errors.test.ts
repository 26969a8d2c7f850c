import { CredentialsError, isCredentialsError } from '@credkit/core'
import { describe, expect, it } from 'vitest'
import { isConnectionError, translateError } from './errors.js'

/** A driver error shaped like pg's DatabaseError; `detail` carries values, as the server's does. */
const dbError = (code: string, constraint?: string) =>
  Object.assign(new Error('duplicate key value violates unique constraint'), {
    code,
    constraint,
    detail: 'Key (account_id, type, name_key)=(acct, basic-auth, secret-name) already exists.',
  })

describe('translateError', () => {
  it.each([
    ['credkit_credentials_name_key', /type with this name/],
    ['credkit_credentials_default_key', /default registry/],
    ['credkit_credentials_pkey', /credential with this id/],
    ['credkit_audit_events_pkey', /chain head moved/],
    ['credkit_audit_keys_pkey', /this audit chain key/],
    ['credkit_audit_keys_first_seq_key', /chain key from this seq/],
    ['some_other_key', /same key already exists/],
  ])('maps a unique violation of %s to a retryable CONFLICT naming the rule', (constraint, message) => {
    // The core checked the rule before writing: a broken index means a lost race, so run again.
    const cause = dbError('23505', constraint)
    const error = translateError(cause, 'credentials.insert', 'transaction')
    expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
    expect(error).toMatchObject({ retryable: true, cause })
    expect(error.message).toMatch(message)
    expect(JSON.stringify(error)).not.toContain('secret-name')
    expect(error.message).not.toContain('secret-name')
  })

  it.each(['40001', '40P01'])('maps %s (lost race) to a retryable CONFLICT', (code) => {
    expect(translateError(dbError(code), 'sync.claim', 'transaction')).toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    })
  })

  it.each(['direct', 'transaction'] as const)(
    'maps 55P03 (lock_timeout while waiting for a lock, %s) to a retryable CONFLICT',
    (phase) => {
      const cause = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })
      const error = translateError(cause, 'BEGIN', phase)
      expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
      expect(error).toMatchObject({ retryable: true, cause })
    },
  )

  it('calls a lost connection retryable only before COMMIT', () => {
    const lost = new Error('Connection terminated unexpectedly')
    expect(isConnectionError(lost)).toBe(true)
    expect(isConnectionError(dbError('57P01'))).toBe(true)
    expect(translateError(lost, 'audit.append', 'transaction')).toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    })
    const atCommit = translateError(lost, 'COMMIT', 'commit')
    expect(atCommit).toMatchObject({ code: 'STORAGE_FAILED' })
    expect(atCommit.message).toMatch(/outcome is unknown/)
    expect(translateError(lost, 'credentials.get', 'direct')).toMatchObject({ code: 'STORAGE_FAILED' })
  })

  it('wraps anything else without SQL text or values, keeping the driver error as cause', () => {
    const cause = Object.assign(new Error('invalid input syntax for type integer: "hunter2"'), {
      code: '22P02',
    })
    const error = translateError(cause, 'audit.list', 'direct')
    expect(error).toMatchObject({ code: 'STORAGE_FAILED' })
    expect(error).toMatchObject({
      message: 'PostgreSQL rejected audit.list (SQLSTATE 22P02)',
      cause,
    })
  })

  it('passes CredentialsErrors through unchanged', () => {
    const own = new CredentialsError('CONFLICT', 'The audit chain head moved', { retryable: true })
    expect(translateError(own, 'audit.append', 'transaction')).toBe(own)
  })
})
