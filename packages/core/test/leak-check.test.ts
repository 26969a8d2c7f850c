import { describe, expect, it } from 'vitest'
import { CredentialsError } from '../src/errors.js'
import { secret } from '../src/model/secret.js'
import { expectNoLeakedOutput, expectNoSecret, recordOutput, secretValue } from './leak-check.js'

// The leak check guards every suite; this file proves it can fail.
describe('leak check', () => {
  it('catches a secret in an error message, a nested view or a stored dump, and passes wrapped ones', () => {
    const value = secretValue('probe')
    recordOutput({ data: { password: secret(value) } })
    expect(() => expectNoLeakedOutput()).not.toThrow()
    expect(() => expectNoSecret(`row: ${Buffer.from(value).toString('utf8')}`)).toThrow()
    recordOutput(new CredentialsError('VALIDATION_FAILED', `bad ${value}`))
    expect(() => expectNoLeakedOutput()).toThrow(/leaked/)
  })
})
