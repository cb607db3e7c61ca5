// Watch an HTTP service and (optionally) an AWS account with @warden/plugin-cloud; one pass,
// then exit with the Nagios code of the run (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//
//   npx tsx --conditions=@warden/source examples/cloud/index.ts
//   HEALTH_URL=https://api.example.com/health npx tsx --conditions=@warden/source examples/cloud/index.ts
//   AWS_REGION=eu-west-1 npx tsx --conditions=@warden/source examples/cloud/index.ts   # + EC2 inventory and status
//
// Without HEALTH_URL it starts a small health endpoint on 127.0.0.1 and checks that, so the
// example runs anywhere. AWS credentials come from the standard chain (environment, profile,
// web identity, ECS, IMDSv2); nothing is sent to AWS unless AWS_REGION is set.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWarden } from '@warden/core';
import { cloud } from '@warden/plugin-cloud';

// Read through a lookup: these are the example's inputs, not build inputs turbo should track.
const env = (name: string): string | undefined => process.env[name];
let url = env('HEALTH_URL');
let local: ReturnType<typeof createServer> | undefined;
if (!url) {
  local = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', version: '1.4.2' })),
  );
  await new Promise<void>((resolve) => local?.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/health`;
}
const region = env('AWS_REGION');

await using warden = createWarden({ plugins: [cloud(region ? { aws: { regions: [region] } } : {})] });

warden.assets.add({ id: 'api', kind: 'service', address: new URL(url).host });
// Status class, a JSON field, response time; for https, certificate expiry as check_http -C 14,7.
warden.check({
  id: 'api-health',
  assets: { ids: ['api'] },
  probe: 'cloud.http',
  every: '1m',
  params: {
    url,
    expect: { status: '2xx', json: { path: '$.status', equals: 'ok' } },
    warn: '>1',
    crit: '>5',
    ...(url.startsWith('https:') ? { certExpiry: { warn: '14d', crit: '7d' } } : {}),
  },
});

if (region) {
  // EC2 instances become assets (tags → labels, type/AZ/state → facts); each gets a status check.
  for await (const proposal of warden.discover('cloud.inventory', {
    regions: [region],
    filters: { 'instance-state-name': ['running', 'stopped'] },
  })) {
    warden.assets.upsert(proposal);
  }
  warden.check({ id: 'ec2-status', assets: 'kind=cloud-instance', probe: 'cloud.instanceStatus', every: '5m' });
}

const report = await warden.runOnce();
for (const result of report.results)
  console.log(`${result.status.toUpperCase().padEnd(8)} ${result.check} ${result.asset}: ${result.summary}`);
process.exitCode = report.exitCode;
local?.close();
