import { describe, expect, test } from 'vitest'
import { EXIT } from './exit-codes.js'
import { runCli } from './run-cli.js'

// The programmatic entry: what a program embedding the CLI calls. The commands themselves are
// tested as child processes under test/.

function capture() {
  let text = ''
  const stream = {
    write(chunk: string) {
      text += chunk
    },
  }
  return { stream, text: () => text }
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const stdout = capture()
  const stderr = capture()
  const code = await runCli(argv, { env, stdout: stdout.stream, stderr: stderr.stream })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const COMMANDS = ['migrate', 'rotate-keys', 'status', 'expiring', 'verify-audit', 'sync']

describe('runCli', () => {
  test('--help lists every command, the environment and the exit codes', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(EXIT.OK)
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command}`)
    expect(result.stdout).toContain('CREDKIT_MASTER_KEYS')
    expect(result.stdout).toContain('Exit codes:')
  })

  test.each(COMMANDS)('%s --help shows its flags, the global ones and examples', async (command) => {
    const result = await run([command, '--help'])
    expect(result.code).toBe(EXIT.OK)
    expect(result.stdout).toContain(`Usage: credkit ${command}`)
    expect(result.stdout).toContain('Examples:')
    expect(result.stdout).toContain('--pglite <dir>')
    expect(result.stderr).toBe('')
  })

  test('no command: the help on stderr, USAGE exit code', async () => {
    const result = await run([])
    expect(result.code).toBe(EXIT.USAGE)
    expect(result.stderr).toContain('Usage: credkit')
  })

  test('--version prints the package version', async () => {
    const result = await run(['--version'])
    expect(result.code).toBe(EXIT.OK)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  test('never prints the master keys, even when they are malformed', async () => {
    const keys = `k1:${'c2VjcmV0'.repeat(3)},k2:${'bW9yZQ=='.repeat(2)}`
    const result = await run(['rotate-keys'], {
      CREDKIT_MASTER_KEYS: keys,
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
    })
    expect(result.code).toBe(EXIT.CONFIG)
    expect(result.stderr).toMatch(/^credkit: CONFIG: CREDKIT_MASTER_KEYS is malformed/)
    expect(result.stderr).not.toContain('c2VjcmV0')
    expect(result.stderr).not.toContain('bW9yZQ')
  })
})
