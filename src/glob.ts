// Globs of the configuration, compiled once. minimatch() compiles its pattern again at every
// call, and the gate matches the configuration's patterns against every file and directory of
// a scan (paths.include, paths.exclude, plan globs) and every finding (rule settings,
// exceptions): with a few path globs and 103 exceptions, 10,000 documents took 13.2 s where
// they take 4.9 s with the patterns compiled once (docs/performance.md).
import { Minimatch } from 'minimatch';

/** Compiled patterns, by whether `*` and `**` match names that start with a dot. */
const compiled = { dot: new Map<string, Minimatch>(), plain: new Map<string, Minimatch>() };

/** `pattern` compiled as minimatch(value, pattern, { dot }) compiles it, once per process. */
export function glob(pattern: string, dot = false): Minimatch {
  const cache = dot ? compiled.dot : compiled.plain;
  let m = cache.get(pattern);
  if (!m) cache.set(pattern, (m = new Minimatch(pattern, { dot })));
  return m;
}

/** Whether `value` matches `pattern`: minimatch(value, pattern, { dot }), the pattern compiled once. */
export function matchesGlob(value: string, pattern: string, dot = false): boolean {
  return glob(pattern, dot).match(value);
}
