// `npm start`: the example platform with the Credentials tab on http://127.0.0.1:3000.
// PORT, HOST, CREDKIT_DATA_DIR, DATABASE_URL and CREDKIT_MASTER_KEYS change its defaults.
import { isCredentialsError } from '@credkit/core'
import { startPlatform } from './platform.js'

const say = (line: string) => process.stdout.write(`${line}\n`)

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 3000
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write('PORT must be a whole number from 0 to 65535\n')
    process.exit(2)
  }
  return port
}

const env = process.env
let platform: Awaited<ReturnType<typeof startPlatform>>
try {
  platform = await startPlatform({
    dataDir: env['CREDKIT_DATA_DIR'] || '.data/platform',
    host: env['HOST'] || '127.0.0.1',
    port: portFrom(env['PORT']),
    databaseUrl: env['DATABASE_URL'] || undefined,
    masterKeys: env['CREDKIT_MASTER_KEYS'] || undefined,
    log: say,
  })
} catch (error) {
  // A credkit error is safe to print; anything else may be a driver error: print its message only.
  const detail = isCredentialsError(error) ? `${error.code}: ${error.message}` : String(error)
  process.stderr.write(`platform failed to start: ${detail}\n`)
  process.exit(1)
}

say(`\nCredentials tab: ${platform.url}  (sign in as any demo user; Ctrl-C stops)`)

let signals = 0
const shutdown = (signal: string) => {
  if (++signals > 1) {
    process.stderr.write('stopping now, without waiting\n')
    process.exit(130)
  }
  say(`\n${signal}: stopping`)
  platform.stop().then(
    () => {
      say('stopped')
      process.exitCode = 0
    },
    (error: unknown) => {
      process.stderr.write(`stop failed: ${String(error)}\n`)
      process.exitCode = 1
    },
  )
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
