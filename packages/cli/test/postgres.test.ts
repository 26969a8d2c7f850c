import { describe, expect, test } from 'vitest'
import { finished, REGIONS_MODULE, runCli, startCli, stderrMatches } from './cli.js'
import { copyDatabase, seededDatabase, urlOf } from './databases.js'
import {
  ACCOUNT_A,
  ACCOUNT_A_CREDENTIALS,
  ACCOUNT_B,
  BULK,
  K1,
  K2,
  ROTATABLE,
  SEEDED_SECRETS,
} from './seed.js'

// Every command as a child process against a throwaway PostgreSQL server (see vitest.config.ts).
// Each test works on its own copy of the seeded database, so they run in parallel.

const DATA_KEYS = BULK + ACCOUNT_A_CREDENTIALS

describe.concurrent('credkit on PostgreSQL', () => {
  test('migrate applies every migration once, then finds nothing to do', async () => {
    const url = urlOf(await copyDatabase('template0'))
    const first = await runCli(['migrate'], { DATABASE_URL: url })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^Applied 1 init$/m)
    expect(first.stdout).toMatch(/^Schema at version \d+ \(PostgreSQL \(DATABASE_URL\)\)$/m)
    const again = await runCli(['migrate', '--json'], { DATABASE_URL: url })
    expect(again.code, again.stderr).toBe(0)
    const json = JSON.parse(again.stdout)
    expect(json.applied).toEqual([])
    expect(json.version).toBeGreaterThanOrEqual(2)
  })

  test('status: one row per credential and region, and the jobs due', async () => {
    const { url } = await seededDatabase()
    const [text, json] = await Promise.all([
      runCli(['status', '--account', ACCOUNT_A], { DATABASE_URL: url }),
      runCli(['status', '--json'], { DATABASE_URL: url }),
    ])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(
      /^ACCOUNT\s+CREDENTIAL\s+TYPE\s+REGION\s+STATE\s+VERSION\s+LAST SYNCED\s+LAST ERROR$/m,
    )
    expect(text.stdout).toMatch(/^acct-a\s+hub\s+container-registry\s+eu-1\s+not-synced\s+-\/1\s+-\s+-$/m)
    expect(text.stdout).toContain(`Jobs: ${ACCOUNT_A_CREDENTIALS * 2} due, 0 failing`)
    expect(text.stdout).not.toContain(ACCOUNT_B)

    expect(json.code, json.stderr).toBe(0)
    const status = JSON.parse(json.stdout)
    expect(status.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([ACCOUNT_A, ACCOUNT_B])
    expect(status.accounts[0].regions).toEqual(['eu-1', 'us-1'])
    expect(status.accounts[1].credentials).toHaveLength(BULK)
    expect(status.jobs.due).toBe(ACCOUNT_A_CREDENTIALS * 2)
    for (const secret of SEEDED_SECRETS) expect(json.stdout + text.stdout).not.toContain(secret)
  })

  test('expiring: exit 1 with the certificates in the window, 0 when none', async () => {
    const { url } = await seededDatabase()
    const [found, none, json] = await Promise.all([
      runCli(['expiring', '--within', '30d'], { DATABASE_URL: url }),
      runCli(['expiring', '--within', '1w', '--account', ACCOUNT_A], { DATABASE_URL: url }),
      runCli(['expiring', '--within', '52w', '--json'], { DATABASE_URL: url }),
    ])
    expect(found.code, found.stderr).toBe(1)
    expect(found.stdout).toMatch(/^acct-a\s+web\s+tls-certificate\s+web\.example\.com\s+-\s+\S+Z\s+(9|10)$/m)
    expect(found.stdout).not.toMatch(/\bapi\b/)
    expect(found.stdout).toContain('1 certificate expires within 30 days')
    expect(none.code, none.stderr).toBe(0)
    expect(none.stdout).toContain('No certificate expires within 7 days')
    expect(json.code).toBe(1)
    const parsed = JSON.parse(json.stdout)
    expect(parsed.withinDays).toBe(364)
    expect(parsed.certificates.map((c: { name: string }) => c.name)).toEqual(['web', 'api'])
  })

  test('verify-audit: ok with the head, which works as an anchor; exit 2 naming an altered event', async () => {
    const { url, pool } = await seededDatabase()
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K1 }
    const ok = await runCli(['verify-audit', '--account', ACCOUNT_A], env)
    expect(ok.code, ok.stderr).toBe(0)
    const head = /^acct-a: ok, (\d+) events, head (\d+):([0-9a-f]{64}):([0-9a-f]{64})$/m.exec(ok.stdout)
    expect(head?.[2]).toBe(head?.[1])
    expect(Number(head?.[1])).toBeGreaterThanOrEqual(ACCOUNT_A_CREDENTIALS)
    const [anchored, wrongAnchor, noKeys] = await Promise.all([
      runCli(
        ['verify-audit', '--account', ACCOUNT_A, '--anchor', `${head![2]}:${head![3]}:${head![4]}`],
        env,
      ),
      runCli(['verify-audit', '--account', ACCOUNT_A, '--anchor', `${head![2]}:${'0'.repeat(64)}`], env),
      runCli(['verify-audit'], { DATABASE_URL: url }),
    ])
    expect(anchored.code, anchored.stderr).toBe(0)
    expect(wrongAnchor.code).toBe(2)
    expect(wrongAnchor.stdout).toContain(`acct-a: BROKEN at event ${head![2]}`)
    expect(noKeys.code).toBe(5)
    expect(noKeys.stderr.trim()).toMatch(/^credkit: CONFIG: CREDKIT_MASTER_KEYS is not set/)

    // The table is append-only through a trigger; an attacker with superuser rights turns it off.
    await pool.query('ALTER TABLE credkit_audit_events DISABLE TRIGGER USER')
    await pool.query(`UPDATE credkit_audit_events SET message = 'edited' WHERE account_id = $1 AND seq = 2`, [
      ACCOUNT_A,
    ])
    const [broken, json] = await Promise.all([
      runCli(['verify-audit'], env),
      runCli(['verify-audit', '--json'], env),
    ])
    expect(broken.code).toBe(2)
    expect(broken.stdout).toMatch(/^acct-a: BROKEN at event 2 \(event \S+\): altered: \S.*$/m)
    expect(broken.stdout).toMatch(new RegExp(`^acct-b: ok, ${BULK} events, head ${BULK}:`, 'm'))
    expect(json.code).toBe(2)
    const verdicts = JSON.parse(json.stdout)
    expect(verdicts.ok).toBe(false)
    expect(verdicts.accounts[0]).toMatchObject({
      accountId: ACCOUNT_A,
      ok: false,
      brokenAt: 2,
      reason: 'altered',
    })
  })

  test('sync runs the due jobs once; a down region fails (exit 3) and shows in status', async () => {
    const { url } = await seededDatabase()
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K1, TEST_DOWN_REGIONS: 'us-1' }
    const eu = await runCli(['sync', '--regions-module', REGIONS_MODULE, '--region', 'eu-1', '--json'], env)
    expect(eu.code, eu.stderr).toBe(0)
    expect(JSON.parse(eu.stdout)).toMatchObject({
      processed: ACCOUNT_A_CREDENTIALS,
      synced: ACCOUNT_A_CREDENTIALS,
    })

    const rest = await runCli(['sync', '--regions-module', REGIONS_MODULE], env)
    expect(rest.code, rest.stderr).toBe(3)
    // A quick first retry may come due within the same run: at least one failure per job.
    const counts = /^Ran (\d+) jobs: 0 synced, 0 removed, (\d+) failed$/m.exec(rest.stdout)
    expect(Number(counts?.[2])).toBeGreaterThanOrEqual(ACCOUNT_A_CREDENTIALS)
    expect(counts?.[2]).toBe(counts?.[1])

    const status = await runCli(['status', '--account', ACCOUNT_A], { DATABASE_URL: url })
    expect(status.stdout).toMatch(/^acct-a\s+hub\s+container-registry\s+eu-1\s+synced\s+1\/1\s+\S+Z\s+-$/m)
    expect(status.stdout).toMatch(
      /^acct-a\s+hub\s+container-registry\s+us-1\s+error\s+-\/1\s+-\s+\S+Z 503 ServiceUnavailable: region us-1 is unavailable$/m,
    )
    expect(status.stdout).toMatch(new RegExp(`^Jobs: \\d+ due, ${ACCOUNT_A_CREDENTIALS} failing$`, 'm'))
    for (const secret of SEEDED_SECRETS)
      expect(status.stdout + rest.stdout + rest.stderr).not.toContain(secret)
  })

  test('sync --account runs only that account', async () => {
    const { url } = await seededDatabase()
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K1 }
    const other = await runCli(['sync', '--regions-module', REGIONS_MODULE, '--account', ACCOUNT_B], env)
    expect(other.code, other.stderr).toBe(0)
    expect(other.stdout).toContain('Ran 0 jobs')
  })

  test('rotate-keys re-wraps every row with progress lines on a pipe; a second run finds nothing', async () => {
    const { url } = await seededDatabase()
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: `${K2},${K1}` }
    const run = await runCli(['rotate-keys', '--batch-size', '50'], env)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim()).toBe(`Rotated ${DATA_KEYS} data keys and 2 audit chain keys to key k2`)
    const lines = run.stderr.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(2)
    const progressLine = new RegExp(
      `^rotate-keys: \\d+/${ROTATABLE} rows \\(\\d+%\\), [\\d.]+ rows/s, ETA \\S+$`,
    )
    for (const line of lines) expect(line).toMatch(progressLine)
    expect(lines.at(-1)).toContain(`rotate-keys: ${ROTATABLE}/${ROTATABLE} rows (100%)`)
    expect(run.stderr).not.toContain('\u001b[')

    const again = await runCli(['rotate-keys', '--json'], env)
    expect(again.code, again.stderr).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({
      primaryKeyId: 'k2',
      total: 0,
      rotated: 0,
      interrupted: false,
    })
    // The chain keys now open with K2 alone.
    const audit = await runCli(['verify-audit'], { DATABASE_URL: url, CREDKIT_MASTER_KEYS: K2 })
    expect(audit.code, audit.stdout + audit.stderr).toBe(0)
  })

  test('rotate-keys stops after the batch in progress on SIGINT; the next run resumes', async () => {
    const { url, pool } = await seededDatabase()
    const env = { DATABASE_URL: url, CREDKIT_MASTER_KEYS: `${K2},${K1}` }
    const child = startCli(['rotate-keys', '--batch-size', '1', '--json'], env)
    const result = finished(child)
    await stderrMatches(child, new RegExp(`rotate-keys: 1/${ROTATABLE} rows`))
    child.kill('SIGINT')
    const interrupted = await result
    expect(interrupted.code, interrupted.stderr).toBe(130)
    expect(interrupted.stderr).toMatch(
      new RegExp(
        `^credkit: INTERRUPTED: stopped by Ctrl-C after \\d+ of ${ROTATABLE} rows; run credkit rotate-keys again to resume$`,
        'm',
      ),
    )
    const first = JSON.parse(interrupted.stdout)
    expect(first.interrupted).toBe(true)
    expect(first.rotated).toBeGreaterThanOrEqual(1)
    expect(first.rotated).toBeLessThan(DATA_KEYS)
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM credkit_credentials WHERE key_id = 'k2'`,
    )
    expect(rows[0].n).toBe(first.rotated)

    const resumed = await runCli(['rotate-keys', '--json'], env)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      total: ROTATABLE - first.rotated,
      rotated: DATA_KEYS - first.rotated,
      chainKeys: { rotated: 2, failed: [] },
    })
    const after = await pool.query(`SELECT count(*)::int AS n FROM credkit_credentials WHERE key_id <> 'k2'`)
    expect(after.rows[0].n).toBe(0)
  })
})
