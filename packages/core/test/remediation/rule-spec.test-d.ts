import { describe, expectTypeOf, it } from 'vitest';
import type { RemediationRuleSpec, RemediationStep } from '../../src/index.js';

describe('RemediationRuleSpec', () => {
  it('takes registered actions with their params, as steps or as one action', () => {
    expectTypeOf<{ action: 'exec.local'; params: { command: ['/bin/systemctl', 'restart', 'nginx'] } }>().toMatchTypeOf<RemediationStep>();
    expectTypeOf<{
      id: 'restart';
      on: { check: 'http'; status: ['critical'] };
      action: 'exec.local';
      params: { command: ['/bin/true'] };
    }>().toMatchTypeOf<RemediationRuleSpec>();
  });

  it('rejects a typo in a step action and params of the wrong shape at compile time', () => {
    expectTypeOf<{ action: 'exec.locl'; params: { command: ['x'] } }>().not.toMatchTypeOf<RemediationStep>();
    expectTypeOf<{ action: 'exec.local'; params: { command: 'systemctl restart nginx' } }>().not.toMatchTypeOf<RemediationStep>();
    expectTypeOf<{
      id: 'restart';
      on: { check: 'http'; status: ['critical'] };
      steps: [{ action: 'exec.locl' }];
    }>().not.toMatchTypeOf<RemediationRuleSpec>();
  });
});
