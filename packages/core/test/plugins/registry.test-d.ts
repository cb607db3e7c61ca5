import { describe, expectTypeOf, it } from 'vitest';
import type { CheckSpec, CollectSpec, ProbeName, Warden } from '../../src/index.js';

describe('typed registries', () => {
  it('know the built-in names and their params', () => {
    expectTypeOf<'tcp'>().toMatchTypeOf<ProbeName>();
    expectTypeOf<'nagios'>().toMatchTypeOf<ProbeName>();
    expectTypeOf<{ collector: 'host.local'; assets: '*' }>().toMatchTypeOf<CollectSpec>();
    expectTypeOf<{ id: 'x'; assets: '*'; probe: 'tcp'; params: { port: 22 } }>().toMatchTypeOf<CheckSpec>();
  });

  it('reject a typo in a probe name and wrong params at compile time', () => {
    expectTypeOf<'tpc'>().not.toMatchTypeOf<ProbeName>();
    expectTypeOf<{ id: 'x'; assets: '*'; probe: 'tcp'; params: { port: 'ssh' } }>().not.toMatchTypeOf<CheckSpec>();
    expectTypeOf<{ collector: 'host.locale'; assets: '*' }>().not.toMatchTypeOf<CollectSpec>();
  });

  it('give listeners typed payloads', () => {
    expectTypeOf<Parameters<Warden['on']>>().toMatchTypeOf<[string, (payload: never) => unknown]>();
  });
});
