// The ACME PDU plugin in use: a fake PDU on loopback stands in for the device. Collects its
// outlets once, checks two outlets, prints what was found and exits with the Nagios exit code.
//
//   npx tsx --conditions=@warden/source examples/vendor-plugin/index.ts [--outlet-off 3]
import { parseArgs } from 'node:util';
import { createWarden, secret } from '@warden/core';
import { startFakePdu } from './fake-pdu.js';
import { acmePdu } from './src/index.js';

const { values } = parseArgs({ options: { 'outlet-off': { type: 'string' } } });

// The device. A real one would be at its address with its own token; this one takes the token
// from the environment too (or sets a demo one), so that `secret.env` below finds it.
process.env.ACME_PDU_TOKEN ??= 'demo-token';
const pdu = await startFakePdu(await secret.env('ACME_PDU_TOKEN').reveal());
const off = pdu.outlets.find((o) => String(o.id) === values['outlet-off']);
if (off) off.state = 'off';

try {
  await using warden = createWarden({ plugins: [acmePdu({ timeout: '3s' })] });
  warden.assets.add({
    id: 'pdu-1',
    kind: 'pdu',
    address: '127.0.0.1',
    // The token is a secret: read from the environment when used, printed as [redacted].
    'acme-pdu': { token: secret.env('ACME_PDU_TOKEN'), port: pdu.port, tls: false },
  });
  warden.collect({ collector: 'acme-pdu.outlets', assets: 'kind=pdu', every: '30s' });
  warden.check({ id: 'web-1-psu-a', assets: 'kind=pdu', probe: 'acme-pdu.outlet', params: { outlet: 'web-1 PSU A' } });
  warden.check({ id: 'db-1-psu-a', assets: 'kind=pdu', probe: 'acme-pdu.outlet', params: { outlet: 3, warn: '>300', crit: '>500' } });

  const report = await warden.runOnce();
  for (const r of report.results) console.log(`${r.status.toUpperCase().padEnd(8)} ${r.check} on ${r.asset}: ${r.summary}`);
  const voltage = warden.metrics.latest('hw.voltage', { asset: 'pdu-1', direction: 'input' });
  // The collector's series; the probe's own readings are kept apart under a `check` label.
  const outlets = warden.metrics.query('hw.power', { asset: 'pdu-1' }).filter((s) => s.labels.check === undefined);
  const power = outlets.reduce((sum, s) => sum + (s.latest?.value ?? 0), 0);
  console.log(`inlet ${voltage?.value ?? '?'} V, ${outlets.length} outlets draw ${power.toFixed(1)} W in all`);
  console.log(report.summary);
  process.exitCode = report.exitCode;
} finally {
  await pdu.close();
}
