import { describe, expect, it } from 'vitest';
import { chooseProvider, describeProviders, providerPreference } from '../../../electron/services/inference/providers';
import { probeProviders } from '../../../electron/services/inference/providerProbe';

describe('execution provider choice', () => {
  it('prefers the platform GPU provider, then the CPU', () => {
    expect(providerPreference('linux')).toEqual(['cuda', 'cpu']);
    expect(providerPreference('win32')).toEqual(['dml', 'cpu']);
    expect(providerPreference('darwin')).toEqual(['coreml', 'cpu']);
  });

  it('CUDA is available only when its libraries were installed', () => {
    const listing = [{ name: 'cpu', bundled: true }, { name: 'cuda', bundled: false }];
    const without = describeProviders('linux', listing, false);
    expect(without.find((p) => p.name === 'cuda')).toMatchObject({ available: false, note: expect.stringContaining('ONNXRUNTIME_NODE_INSTALL_CUDA=cuda12') });
    expect(chooseProvider(without, false)).toBe('cpu');
    const withCuda = describeProviders('linux', listing, true);
    expect(chooseProvider(withCuda, false)).toBe('cuda');
    expect(chooseProvider(withCuda, true)).toBe('cpu');
  });

  it('probes this machine without loading native code and always offers the CPU', () => {
    const providers = probeProviders();
    expect(providers.at(-1)).toEqual({ name: 'cpu', available: true });
  });
});
