import { defineConfig } from 'vitest/config';

// The system suite: real daemons (snmpd, snmpsim, sshd, Monitoring Plugins, promtool) started
// on loopback by scripts/system/run.sh. Runs files one at a time so peers are not contended.
export default defineConfig({
  test: {
    include: ['packages/*/test/system/**/*.test.ts', 'examples/**/*.system.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
  ssr: { resolve: { conditions: ['@warden/source', 'import', 'node', 'default'] } },
});
