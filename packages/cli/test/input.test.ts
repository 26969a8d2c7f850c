import { describe, expect, test } from 'vitest'
import { type CliResult, REGIONS_MODULE, runCli, runCliOnTty } from './cli.js'
import { copyDatabase, seededDatabase, urlOf } from './databases.js'
import { ACCOUNT_A_CREDENTIALS, BULK, CHAIN_KEYS, K1, K1_WRONG, K2, ROTATABLE } from './seed.js'
import { snapshot } from './snapshot.js'

// Bad input: one line `credkit: CODE: message` on stderr, nothing on stdout, a non-zero exit code,
// and the database exactly as it was.

function expectOneLine(result: CliResult, code: number, line: RegExp): void {
  expect(result.code, result.stderr).toBe(code)
  expect(result.stdout).toBe('')
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(result.stderr.trimEnd()).toMatch(line)
}

describe.concurrent('bad input', () => {
  test('unknown command, unknown flag, bad values: USAGE (4), nothing written', async () => {
    const { url, pool } = await seededDatabase()
    const before = await snapshot(pool)
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: `${K2},${K1}` }
    const [command, flag, duration, batch, anchor, noAnchorAccount] = await Promise.all([
      runCli(['frobnicate'], env),
      runCli(['rotate-keys', '--bach-size', '5'], env),
      runCli(['expiring', '--within', '30x'], env),
      runCli(['rotate-keys', '--batch-size', '0'], env),
      runCli(['verify-audit', '--account', 'acct-a', '--anchor', 'nope'], env),
      runCli(['verify-audit', '--anchor', `3:${'a'.repeat(64)}`], env),
    ])
    expectOneLine(command, 4, /^credkit: USAGE: unknown command 'frobnicate'/)
    expectOneLine(
      flag,
      4,
      /^credkit: USAGE: unknown option '--bach-size' \(Did you mean --batch-size\?\) \(see credkit rotate-keys --help\)$/,
    )
    expectOneLine(
      duration,
      4,
      /^credkit: USAGE: option '--within <duration>' is invalid: expected a duration like 30d/,
    )
    expect(duration.stderr).not.toContain('30x')
    expectOneLine(
      batch,
      4,
      /^credkit: USAGE: option '--batch-size <n>' is invalid: expected a number from 1 to 10000/,
    )
    expectOneLine(
      anchor,
      4,
      /^credkit: USAGE: option '--anchor <head>' is invalid: expected <seq>:<hash>\[:<mac>\] or the JSON head/,
    )
    expectOneLine(noAnchorAccount, 4, /^credkit: USAGE: --anchor needs --account/)
    expect(await snapshot(pool)).toEqual(before)
  })

  test('no DATABASE_URL, no CREDKIT_MASTER_KEYS, a malformed one, an unmigrated database: CONFIG (5)', async () => {
    const empty = urlOf(await copyDatabase('template0'))
    const longKey = `k1:${'QUJD'.repeat(12)}`
    const [noDatabase, noKeys, malformed, unmigrated, noRegions] = await Promise.all([
      runCli(['status'], {}),
      runCli(['rotate-keys'], { DATABASE_URL: empty }),
      runCli(['rotate-keys'], { DATABASE_URL: empty, CREDKIT_MASTER_KEYS: longKey }),
      runCli(['status'], { DATABASE_URL: empty }),
      runCli(['sync'], { DATABASE_URL: empty, CREDKIT_MASTER_KEYS: K1 }),
    ])
    expectOneLine(noDatabase, 5, /^credkit: CONFIG: DATABASE_URL is not set: .*--pglite <dir>$/)
    expectOneLine(noKeys, 5, /^credkit: CONFIG: CREDKIT_MASTER_KEYS is not set/)
    expectOneLine(malformed, 5, /^credkit: CONFIG: CREDKIT_MASTER_KEYS is malformed \(k1: expected /)
    expect(malformed.stderr).not.toContain('QUJD')
    expectOneLine(
      unmigrated,
      5,
      /^credkit: CONFIG: PostgreSQL \(DATABASE_URL\) has no credkit schema: run credkit migrate first$/,
    )
    expectOneLine(noRegions, 5, /^credkit: CONFIG: No regions configured: pass --regions-module <path>/)
  })

  test('a wrong master key: one line, exit 5, nothing re-wrapped, nothing synced', async () => {
    const { url, pool } = await seededDatabase()
    const before = await snapshot(pool)
    const [missingId, wrongBytes, syncMissing, syncWrong] = await Promise.all([
      runCli(['rotate-keys'], { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K2 }),
      runCli(['rotate-keys'], { DATABASE_URL: url, CREDKIT_MASTER_KEYS: `${K2},${K1_WRONG}` }),
      runCli(['sync', '--regions-module', REGIONS_MODULE], { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K2 }),
      runCli(['sync', '--regions-module', REGIONS_MODULE], {
        DATABASE_URL: url,
        CREDKIT_MASTER_KEYS: K1_WRONG,
      }),
    ])
    const credentials = BULK + ACCOUNT_A_CREDENTIALS
    expectOneLine(
      missingId,
      5,
      new RegExp(
        `^credkit: CONFIG: CREDKIT_MASTER_KEYS does not hold the key "k1" \\(${credentials} credentials, ${CHAIN_KEYS} audit chain keys\\)`,
      ),
    )
    expectOneLine(syncMissing, 5, /^credkit: CONFIG: CREDKIT_MASTER_KEYS does not hold the key "k1"/)
    const wrongKey =
      /^credkit: CONFIG: CREDKIT_MASTER_KEYS: the audit chain key wrapped under key "k1" does not open/
    expectOneLine(wrongBytes, 5, wrongKey)
    expectOneLine(syncWrong, 5, wrongKey)
    for (const result of [missingId, wrongBytes, syncMissing, syncWrong]) {
      for (const key of [K1, K2, K1_WRONG]) expect(result.stdout + result.stderr).not.toContain(key.slice(3))
    }
    expect(await snapshot(pool)).toEqual(before)
  })

  test('an unreachable server: STORAGE_FAILED (6) on one line; --debug adds the stack, never the password', async () => {
    const url = 'postgres://operator:s3cret-Passw0rd@127.0.0.1:1/credkit'
    const [plain, debug] = await Promise.all([
      runCli(['status'], { DATABASE_URL: url }),
      runCli(['status', '--debug'], { DATABASE_URL: url }),
    ])
    expectOneLine(plain, 6, /^credkit: STORAGE_FAILED: .*ECONNREFUSED/)
    expect(debug.code).toBe(6)
    expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.trimEnd())
    expect(debug.stderr).toMatch(/^\s+at /m)
    expect(debug.stderr).toContain('Caused by:')
    expect(plain.stderr + debug.stderr).not.toContain('s3cret-Passw0rd')
  })
})

describe.concurrent('progress', () => {
  test('rotate-keys draws a bar with rows, rate and ETA on a terminal', async () => {
    const { url } = await seededDatabase()
    const tty = await runCliOnTty(['rotate-keys', '--batch-size', '20'], {
      DATABASE_URL: url,
      CREDKIT_MASTER_KEYS: `${K2},${K1}`,
    })
    expect(tty.code, tty.stdout).toBe(0)
    expect(tty.stdout).toMatch(
      new RegExp(
        `rotate-keys \\[[█░]+\\] 100% \\| ${ROTATABLE}/${ROTATABLE} rows \\| [\\d.]+ rows/s \\| ETA \\S+`,
      ),
    )
    // Redrawn in place, not printed line by line as on a pipe.
    expect(tty.stdout).not.toMatch(/^rotate-keys: \d+\//m)
    expect(tty.stdout).toContain(
      `Rotated ${BULK + ACCOUNT_A_CREDENTIALS} data keys and ${CHAIN_KEYS} audit chain keys to key k2`,
    )
  })
})
