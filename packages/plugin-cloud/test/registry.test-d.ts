import type { ActionName, CheckSpec, CollectSpec, DiscovererName, NotifierName, ProbeName, WardenEvents } from '@warden/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CloudAssetConfig, CloudScheduledEventPayload } from '../src/index.js';

describe('cloud typed registries', () => {
  it('know the cloud names and their params', () => {
    expectTypeOf<'cloud.http'>().toMatchTypeOf<ProbeName>();
    expectTypeOf<'cloud.tls'>().toMatchTypeOf<ProbeName>();
    expectTypeOf<'cloud.instanceStatus'>().toMatchTypeOf<ProbeName>();
    expectTypeOf<'cloud.rebootInstance'>().toMatchTypeOf<ActionName>();
    expectTypeOf<'cloud.inventory'>().toMatchTypeOf<DiscovererName>();
    expectTypeOf<'cloud.pagerduty'>().toMatchTypeOf<NotifierName>();
    expectTypeOf<{
      id: 'x';
      assets: '*';
      probe: 'cloud.http';
      params: { url: 'https://x/'; expect: { status: '2xx' } };
    }>().toMatchTypeOf<CheckSpec>();
    expectTypeOf<{ collector: 'cloud.metrics'; assets: '*' }>().toMatchTypeOf<CollectSpec>();
    expectTypeOf<{ provider: 'aws'; id: 'i-1'; region: 'eu-west-1' }>().toMatchTypeOf<CloudAssetConfig>();
    expectTypeOf<WardenEvents['cloud:scheduled-event']>().toEqualTypeOf<CloudScheduledEventPayload>();
  });

  it('reject typos and wrong params at compile time', () => {
    expectTypeOf<'cloud.htp'>().not.toMatchTypeOf<ProbeName>();
    expectTypeOf<{ id: 'x'; assets: '*'; probe: 'cloud.http'; params: { uri: 'https://x/' } }>().not.toMatchTypeOf<CheckSpec>();
    expectTypeOf<{
      id: 'x';
      assets: '*';
      probe: 'cloud.http';
      params: { url: 'https://x/'; redirects: 'many' };
    }>().not.toMatchTypeOf<CheckSpec>();
  });
});
