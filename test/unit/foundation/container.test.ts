import { describe, expect, it } from 'vitest';
import { ServiceContainer, type Service } from '../../../electron/services/container';

function recorder(log: string[], name: string, failBoot = false): Service {
  return {
    boot: () => {
      if (failBoot) throw new Error(`${name} failed`);
      log.push(`boot ${name}`);
    },
    shutdown: () => {
      log.push(`stop ${name}`);
    },
  };
}

describe('ServiceContainer', () => {
  it('boots in dependency order and shuts down in reverse', async () => {
    const log: string[] = [];
    const c = new ServiceContainer()
      .register('cds', ['records', 'inference'], () => recorder(log, 'cds'))
      .register('records', ['data'], () => recorder(log, 'records'))
      .register('inference', ['data'], () => recorder(log, 'inference'))
      .register('data', [], () => recorder(log, 'data'));
    await c.boot();
    await c.shutdown();
    expect(log).toEqual(['boot data', 'boot records', 'boot inference', 'boot cds', 'stop cds', 'stop inference', 'stop records', 'stop data']);
  });

  it('stops what already booted when a later service fails to boot', async () => {
    const log: string[] = [];
    const c = new ServiceContainer().register('a', [], () => recorder(log, 'a')).register('b', ['a'], () => recorder(log, 'b', true));
    await expect(c.boot()).rejects.toThrow('b failed');
    expect(log).toEqual(['boot a', 'stop a']);
  });

  it('refuses cycles and undeclared dependencies', () => {
    const c = new ServiceContainer().register('a', ['b'], () => recorder([], 'a')).register('b', ['a'], () => recorder([], 'b'));
    expect(() => c.order()).toThrow(/cycle: a → b → a/);
    const d = new ServiceContainer().register('a', ['missing'], () => recorder([], 'a'));
    expect(() => d.order()).toThrow(/needs "missing"/);
  });

  it('shutdown twice stops each service once', async () => {
    const log: string[] = [];
    const c = new ServiceContainer().register('a', [], () => recorder(log, 'a'));
    await c.boot();
    await Promise.all([c.shutdown(), c.shutdown()]);
    expect(log.filter((l) => l === 'stop a')).toHaveLength(1);
  });
});
