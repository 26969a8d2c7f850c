import { fileURLToPath } from 'node:url'
import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config'

const coreSource = fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url))

/**
 * A workspace test project that runs the TypeScript sources through the `@credkit/source` export
 * condition. Global setups are loaded outside the test environments, where that condition does
 * not apply: `@credkit/core` is aliased to its sources so they can import it too.
 */
export function credkitProject(test: NonNullable<TestProjectInlineConfiguration['test']>) {
  return defineProject({
    ssr: { resolve: { conditions: ['@credkit/source'] } },
    resolve: {
      conditions: ['@credkit/source'],
      alias: [{ find: /^@credkit\/core$/, replacement: coreSource }],
    },
    test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  })
}
