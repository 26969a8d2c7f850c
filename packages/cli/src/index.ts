// The programmatic surface of @credkit/cli: run the `credkit` command line from your own program
// (with your cluster configuration as `regions`), or start it as the process does.

export { CliError } from './cli-error.js'
export { EXIT, type ExitCode } from './exit-codes.js'
export type { CliIo, OutputStream } from './io.js'
export { main } from './main.js'
export type { RegionsFactory, RegionsSource } from './regions.js'
export { type RunCliOptions, runCli } from './run-cli.js'
