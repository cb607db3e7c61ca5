import { describe, expect, it } from 'vitest';
import { runFleet } from '../fleet.js';

describe('examples/fleet-checks', () => {
  it('tells the morning as an operator would see it', async () => {
    const { timeline, report } = await runFleet();
    const opened = timeline.filter((l) => l.includes('OPENED')).map((l) => l.replace(/\s+\(.*$/, ''));
    expect(opened).toEqual([
      '08:10  OPENED    web-2/http', // after 3 failed attempts, 10 s apart
      '08:10  OPENED    web-pool/pool', // 1 of 3 web servers down: warning
      '09:00  OPENED    sw-1/ping', // the switch alone: nothing behind it alerts
      '11:00  OPENED    db-1/backup', // the dead-man's switch; the reboot in maintenance paged nobody
    ]);
    expect(timeline).toContain('09:15  switch down: 1 open incident(s), 8 checks unreachable');
    expect(timeline.some((l) => l.endsWith('RESOLVED  sw-1/ping'))).toBe(true);
    const row = (asset: string, check: string) => report.rows.find((r) => r.asset === asset && r.check === check);
    expect(row('db-1', 'ping')).toMatchObject({ availability: 100, incidents: 0 }); // the reboot was in maintenance
    expect(row('sw-1', 'ping')?.incidents).toBe(1);
    expect(row('web-1', 'http')?.time.unreachable).toBeGreaterThan(0); // the outage counts on the switch
  });
});
