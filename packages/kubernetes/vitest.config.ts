import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineProject({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: {
    conditions: ['@credkit/source'],
    alias: [{ find: /^@credkit\/core$/, replacement: source('../core/src/index.ts') }],
  },
  test: {
    name: 'kubernetes',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts etcd + kube-apiserver from KUBEBUILDER_ASSETS once per run (or uses KUBECONFIG +
    // CREDKIT_TEST_NAMESPACE); every test works in a namespace of its own.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
})
