/**
 * Version precedence, for the updater's "is newer" check and the model pack registry, against
 * the worked example of Semantic Versioning 2.0.0, section 11 (https://semver.org/#spec-item-11):
 * 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0.
 */
import { describe, expect, it } from 'vitest';
import { compareReleaseVersions } from '../../../electron/services/updates/updateManifest';
import { compareVersions } from '../../../electron/services/models/manifest';

const SPEC_ORDER = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];

describe.each([
  ['updates (compareReleaseVersions)', compareReleaseVersions],
  ['model packs (compareVersions)', compareVersions],
])('%s', (_label, compare) => {
  it('orders the semver.org section 11 example, from any starting order', () => {
    const shuffled = [...SPEC_ORDER].reverse();
    expect(shuffled.sort(compare)).toEqual(SPEC_ORDER);
    for (let i = 1; i < SPEC_ORDER.length; i++) expect(compare(SPEC_ORDER[i]!, SPEC_ORDER[i - 1]!)).toBeGreaterThan(0);
  });

  it('compares numeric pre-release parts as numbers: 1.0.0-beta.10 is newer than 1.0.0-beta.2', () => {
    expect(compare('1.0.0-beta.10', '1.0.0-beta.2')).toBeGreaterThan(0);
    expect(compare('1.0.0-rc.2', '1.0.0-rc.10')).toBeLessThan(0);
    expect(compare('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compare('1.2.3', '1.2.3')).toBe(0);
  });
});

it('ignores build metadata and refuses what is not a version', () => {
  expect(compareReleaseVersions('1.0.0+build.5', '1.0.0+build.9')).toBe(0);
  expect(() => compareReleaseVersions('1.0', '1.0.0')).toThrow(/not a release version/);
});
