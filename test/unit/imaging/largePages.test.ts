/** The large-page tunable the decoding processes start with, and glibc accepting it. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withLargePages } from '../../../electron/services/imaging/largePages';

/** The x86-64 glibc dynamic loader, which lists the tunables a process would start with. */
const LOADER = '/lib64/ld-linux-x86-64.so.2';

describe.skipIf(process.platform !== 'linux')('withLargePages', () => {
  it('adds glibc.malloc.hugetlb=1, keeps other tunables, and leaves a chosen setting alone', () => {
    expect(withLargePages({}).GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1');
    expect(withLargePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    const chosen = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' };
    expect(withLargePages(chosen)).toBe(chosen);
    const off = { BEDSIDE_LARGE_PAGES: '0' };
    expect(withLargePages(off)).toBe(off);
  });

  it.skipIf(!fs.existsSync(LOADER))('is accepted by glibc in a process started with it (ld.so --list-tunables)', () => {
    const listed = (env: NodeJS.ProcessEnv): string => execFileSync(LOADER, ['--list-tunables'], { env, encoding: 'utf8' }).split('\n').find((l) => l.startsWith('glibc.malloc.hugetlb:')) ?? '';
    expect(listed({})).toMatch(/^glibc\.malloc\.hugetlb: 0x0\b/);
    expect(listed(withLargePages({}))).toMatch(/^glibc\.malloc\.hugetlb: 0x1\b/);
  });
});
