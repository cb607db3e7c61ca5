/**
 * Child process of the audit SIGKILL test: appends remediation audit records to the store, one
 * `appendAudit` call per `batchSize` records, forever, and prints each record's sequence number
 * on stdout only after the call that wrote it resolved (stdout to a pipe is synchronous on
 * Linux, so a number the parent reads was acknowledged).
 *
 * Usage: node --conditions=@warden/source --import tsx audit-writer.ts <path> <full|normal> <batchSize>
 */
import type { AuditRecord } from '@warden/core';
import { createSqliteStore } from '../../src/sqlite-store.js';

const [path, synchronous, size] = process.argv.slice(2);
if (path === undefined || (synchronous !== 'full' && synchronous !== 'normal'))
  throw new Error('usage: audit-writer <path> <full|normal> <batchSize>');
const batchSize = Number(size);
const store = createSqliteStore({ path, synchronous });
const T0 = Date.UTC(2024, 0, 1);
const KINDS = ['planned', 'started', 'finished', 'verified'] as const;

for (let seq = 0; ; ) {
  const records: AuditRecord[] = [];
  for (let i = 0; i < batchSize; i++, seq++) {
    records.push({
      id: `seq-${seq}`,
      at: T0 + seq,
      kind: KINDS[seq % 4] as AuditRecord['kind'],
      rule: 'restart-nginx',
      action: 'exec.local',
      asset: `web-${seq % 10}`,
      run: `run-${Math.floor(seq / 4)}`,
      params: { command: ['/usr/bin/systemctl', 'restart', 'nginx'] },
    });
  }
  await store.appendAudit(records);
  process.stdout.write(records.map((r) => `${r.id.slice(4)}\n`).join(''));
}
