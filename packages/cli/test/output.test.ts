import { describe, expect, it } from 'vitest';
import { lineLogger } from '../src/output/logger.js';
import { progressBar } from '../src/output/progress.js';
import { formatTable } from '../src/output/table.js';

const sink = (isTTY = false) => {
  const stream = {
    text: '',
    isTTY,
    write(s: string) {
      stream.text += s;
    },
  };
  return stream;
};

describe('output helpers', () => {
  it('formatTable pads columns and cuts only the last one to the width', () => {
    const table = formatTable(
      ['STATUS', 'CHECK', 'SUMMARY'],
      [
        ['OK', 'disk', 'all filesystems below 80 %'],
        ['CRITICAL', 'web', 'connection refused by 127.0.0.1:8080 after 3 attempts'],
      ],
      { width: 40 },
    );
    expect(table).toBe(
      ['STATUS    CHECK  SUMMARY', 'OK        disk   all filesystems below …', 'CRITICAL  web    connection refused by …', ''].join('\n'),
    );
  });

  it('lineLogger writes warnings and errors as one line with their bindings, and drops debug and info', () => {
    const out = sink();
    const logger = lineLogger(out);
    logger.debug('noise');
    logger.info({ a: 1 }, 'noise');
    logger.child?.({ plugin: 'snmp' }).warn({ asset: 'sw-1', err: new Error('timeout') }, 'collect failed');
    logger.error('store write failed');
    expect(out.text).toBe('warn plugin=snmp asset=sw-1: collect failed (timeout)\nerror: store write failed\n');
  });

  it('progressBar draws in place on a terminal, at most every 100 ms but always the last step, and nothing on a pipe', () => {
    let now = 0;
    const tty = sink(true);
    const bar = progressBar(tty, 'sweep', () => now);
    bar.update(1, 4);
    now = 50;
    bar.update(2, 4); // throttled
    now = 60;
    bar.update(4, 4, 'found 2'); // the end is always drawn
    bar.done();
    expect(tty.text).toBe('\r\x1b[2Ksweep [######------------------] 1/4\r\x1b[2Ksweep [########################] 4/4 found 2\r\x1b[2K');
    const pipe = sink(false);
    const quiet = progressBar(pipe, 'sweep');
    quiet.update(1, 4);
    quiet.done();
    expect(pipe.text).toBe('');
  });
});
