// Guarded remediation, end to end: a rule that restarts a failing service, first as a dry run
// (the plan is audited, nothing is done), then for real — through exec.local, which runs an
// argument vector with no shell. The "service" is a file and the restart is a recording stand-in
// (fake-systemctl.mjs), so the example never touches the machine. At the end it prints the audit
// trail, which is what `warden.audit.query()` keeps for every decision.
//
//   npx tsx --conditions=@warden/source examples/remediation/index.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AuditRecord, createWarden, type RemediationRuleSpec, type WardenEventName } from '@warden/core';

const dir = mkdtempSync(join(tmpdir(), 'warden-remediation-'));
const stateFile = join(dir, 'web.state'); // 'up' or 'down': the pretend service
const logFile = join(dir, 'systemctl.log'); // what the stand-in was asked to do
const shim = fileURLToPath(new URL('./fake-systemctl.mjs', import.meta.url));
writeFileSync(stateFile, 'down');
writeFileSync(logFile, '');

const restarts = () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length;

// Automatic rules act only with the global switch on; a dry-run rule only plans.
await using warden = createWarden({ remediation: { enabled: true } });
warden.assets.add({ id: 'web-1', kind: 'host' });
warden.check({
  id: 'web',
  assets: { ids: ['web-1'] },
  every: '1s',
  attempts: 1,
  run: () =>
    readFileSync(stateFile, 'utf8') === 'up' ? { status: 'ok', summary: 'web is up' } : { status: 'critical', summary: 'web is down' },
});

const rule = (dryRun: boolean): RemediationRuleSpec => ({
  id: 'restart-web',
  on: { check: 'web', status: ['critical'] },
  action: 'exec.local',
  params: { command: [process.execPath, shim, stateFile, logFile, 'restart', 'web'], timeout: '30s' },
  policy: { dryRun, maxAttempts: 2, cooldown: '10m', verify: { after: '2s' } },
});

/** Resolves at the next event of that name (or rejects after 20 s: the example must not hang). */
function next(event: WardenEventName): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 20s`)), 20_000);
    warden.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// 1. Dry run: the rule plans the restart and audits it, and does nothing.
let handle = warden.remediate(rule(true));
const planned = next('remediation:planned');
await warden.start();
await planned;
console.log(`dry run: planned, ${restarts()} restarts done, web is ${readFileSync(stateFile, 'utf8')}`);

// 2. Enabled: the same rule, acting. Rules act on a change into the failing status, so the
// service comes back for a moment and then fails again.
handle.remove();
handle = warden.remediate(rule(false));
const up = next('check:state');
writeFileSync(stateFile, 'up');
await up;
const verified = next('remediation:verified');
writeFileSync(stateFile, 'down');
await verified;
console.log(`enabled: ${restarts()} restart done, web is ${readFileSync(stateFile, 'utf8')}`);
handle.remove();

// 3. The audit trail: every decision, oldest first.
const t0 = (await warden.audit.query())[0]?.at ?? 0;
const line = (r: AuditRecord): string => {
  const detail = [r.ok === undefined ? '' : r.ok ? 'ok' : 'failed', r.reason ?? '', r.output?.trim() ?? ''].filter(Boolean).join(' — ');
  return `+${((r.at - t0) / 1000).toFixed(1).padStart(4)}s  ${r.kind.padEnd(8)} ${r.rule} ${r.action} on ${r.asset}${detail ? `: ${detail}` : ''}`;
};
console.log('audit trail:');
for (const record of await warden.audit.query({ rule: 'restart-web' })) console.log(line(record));

await warden.stop();
rmSync(dir, { recursive: true, force: true });
