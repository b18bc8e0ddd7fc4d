// A scan of 100,000 documents failed with "Maximum call stack size exceeded": its half a
// million findings were appended with push(...items), one argument per finding.
import { describe, expect, it } from 'vitest';
import { append } from '../src/append.js';

describe('append', () => {
  it('appends arrays far longer than a call can take as arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [0].push(...many)).toThrow(RangeError);
    const target = [-1];
    expect(append(target, many)).toBe(target);
    expect(target.length).toBe(1_000_001);
    expect(target[0]).toBe(-1);
    expect(target[1_000_000]).toBe(999_999);
  });
});
