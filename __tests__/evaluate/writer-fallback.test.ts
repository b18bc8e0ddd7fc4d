// A module whose runtime lays values out otherwise than the writer (sameLayout false on the
// probe, simulated here) gets its documents parsed by its own runtime, with the same results.
import { describe, expect, it, vi } from 'vitest';
import { evaluateEntrypoint, heapPointer, scanJson } from '../../src/evaluate/instance.js';
import { corpusInput, loadedPolicy } from './corpus.js';
import type * as Writer from '../../src/evaluate/writer.js';

vi.mock('../../src/evaluate/writer.js', async (original) => ({ ...(await original<typeof Writer>()), sameLayout: () => false }));

describe('a runtime the writer does not match', () => {
  it('is given the runtime\'s parse', () => {
    const json = scanJson(corpusInput().input, true);
    const refused = loadedPolicy(json, true);
    const parsed = loadedPolicy(json, false);
    // The runtime's parse takes much more memory than the writer's values: the writer was not used.
    expect(heapPointer(refused) ?? 0).toBeGreaterThan(0.95 * (heapPointer(parsed) ?? 0));
    for (const name of ['eks/entry/rule_psr__seccomp', 'eks/entry/rule_net__ingress_isolation']) {
      expect(JSON.stringify(evaluateEntrypoint(refused, name))).toBe(JSON.stringify(evaluateEntrypoint(parsed, name)));
    }
  }, 120_000);
});
