/**
 * Large pages for the processes that decode images. A 4-megapixel frame becomes 16 MB of float32
 * modality values; touched for the first time, each 4 KiB page costs a page fault, and on the
 * virtual machines clinics and CI run on one fault costs 10–20 µs: 45–70 ms a frame before any
 * decoding, more than the codec itself (docs/imaging.md, "Speed"). glibc's `hugetlb` tunable
 * (glibc ≥ 2.35) has malloc mark its large mappings for transparent huge pages (madvise mode, the
 * Debian and Ubuntu default), so a frame takes eight 2 MiB faults instead of 4,096.
 *
 * Tunables are read when a process starts, so this is applied to the environment of the Node
 * processes Bedside starts (the browser host under its supervisor, the inference host). Chromium's
 * own processes (the desktop shell's utility process) allocate with PartitionAlloc and ignore it.
 * BEDSIDE_LARGE_PAGES=0 turns it off; on other systems the variable is harmless.
 */
const TUNABLE = 'glibc.malloc.hugetlb=1';

/** `env` with the large-page tunable added to GLIBC_TUNABLES (kept as it is when already set or turned off). */
export function withLargePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (process.platform !== 'linux' || env.BEDSIDE_LARGE_PAGES === '0') return env;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE };
}
