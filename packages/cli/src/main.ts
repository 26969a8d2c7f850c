import { runCli } from './run-cli.js'

/**
 * The `credkit` process: runs the command line with the process's streams and environment. The
 * first Ctrl-C (or SIGTERM) asks long commands to stop after the current batch; a second one exits
 * at once with 130.
 */
export async function main(argv: ReadonlyArray<string> = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130)
    controller.abort(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // A reader that stopped reading (`credkit status | head`) is no failure: stop quietly, like cat.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
  }
  const code = await runCli(argv, { interrupt: controller.signal })
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  process.exitCode = code
  // Everything is closed by now; a handle a regions module left open must not keep cron waiting.
  setTimeout(() => process.exit(code), 2000).unref()
}
