import { describe, expectTypeOf, it } from 'vitest';
import type { ChangeSpec } from '../../src/index.js';

describe('ChangeSpec', () => {
  it('takes a registered action with its params', () => {
    expectTypeOf<{
      id: 'patch';
      action: 'exec.local';
      params: { command: ['/usr/bin/apt-get', 'upgrade', '-y'] };
      assets: 'role=web';
      window: { cron: '0 2 * * 0'; duration: '2h' };
    }>().toMatchTypeOf<ChangeSpec>();
  });

  it('rejects a typo in the action name and params of the wrong shape at compile time', () => {
    expectTypeOf<{
      id: 'patch';
      action: 'exec.locl';
      params: { command: ['x'] };
      assets: '*';
      window: 'w';
    }>().not.toMatchTypeOf<ChangeSpec>();
    expectTypeOf<{
      id: 'patch';
      action: 'exec.local';
      params: { command: 'apt-get upgrade' };
      assets: '*';
      window: 'w';
    }>().not.toMatchTypeOf<ChangeSpec>();
  });
});
