import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { OutputError } from '../../src/errors.js';
import { writeReport } from '../../src/report/output.js';
import { secretScrubber } from '../../src/report/secrets.js';
import { tempDir } from '../helpers.js';

const SECRET = 'Sup3r-Secret-Value-0123456789';

/** A report far larger than one batch, with the secret in every finding and in a key. */
function bigReport() {
  return {
    summary: { findings: 20_000 },
    findings: Array.from({ length: 20_000 }, (_, i) => ({
      ruleId: `EKS-DATA-${i % 7}`,
      message: `value ${SECRET} found in env var number ${i}, and the same as JSON "${JSON.stringify(SECRET).slice(1, -1)}"`,
      location: { file: `deploy/app-${i}.yaml`, line: i + 1 },
    })),
    coverage: { [`ns-${SECRET}`]: { pods: ['a', 'b'] } },
  };
}

describe('writeReport', () => {
  it('throws OutputError naming the destination when it fails, and the renderer\'s own errors as they are', () => {
    const scrub = secretScrubber([]);
    const file = path.join(tempDir({}), 'missing', 'r.json');
    expect(() => writeReport({ text: 'x' }, { file, scrub })).toThrow(new OutputError(`cannot write the report to ${file} (ENOENT: no such file or directory)`));
    const full = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(() => writeReport({ json: bigReport() }, { out: full, scrub })).toThrow(OutputError);
    const broken = new Error('renderer broke');
    expect(() => writeReport({ pieces: () => { throw broken; } }, { out: () => undefined, scrub })).toThrow(broken);
  });

  it('writes a JSON body as JSON.stringify(value, null, 2) and a line break, in batches, every batch scrubbed', () => {
    const value = bigReport();
    const scrub = secretScrubber([SECRET]);
    const batches: string[] = [];
    writeReport({ json: value }, { out: (t) => batches.push(t), scrub });
    expect(batches.length).toBeGreaterThan(2);
    const text = batches.join('');
    expect(text).not.toContain(SECRET);
    expect(text).toBe(scrub(`${JSON.stringify(value, null, 2)}\n`));
    expect(JSON.parse(text).findings).toHaveLength(20_000);
  });

  it('writes the same text to a file, and a text body as it is (scrubbed)', () => {
    const dir = tempDir({});
    const file = path.join(dir, 'out', 'report.json');
    fs.mkdirSync(path.dirname(file));
    const scrub = secretScrubber([SECRET]);
    const value = bigReport();
    writeReport({ json: value }, { file, scrub });
    expect(fs.readFileSync(file, 'utf8')).toBe(scrub(`${JSON.stringify(value, null, 2)}\n`));
    writeReport({ text: `é ${SECRET} \u{1F600}\n` }, { file, scrub });
    expect(fs.readFileSync(file, 'utf8')).toBe(`é ${scrub(SECRET)} \u{1F600}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a body in pieces in batches of whole pieces, every batch scrubbed: the text a whole-text scrub gives', () => {
    const scrub = secretScrubber([SECRET]);
    // One piece per finding, two lines each, with the secret and a private key block inside one piece.
    const pieces = Array.from({ length: 20_000 }, (_, i) =>
      `deploy/app-${i}.yaml\n  ${i}:1 high EKS-DATA-001 value ${SECRET} and -----BEGIN PRIVATE KEY-----\nMIIEv${i}\n-----END PRIVATE KEY----- é\n`);
    const batches: string[] = [];
    writeReport({ pieces: (sink) => pieces.forEach(sink) }, { out: (t) => batches.push(t), scrub });
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) expect(b.endsWith('é\n')).toBe(true);
    const text = batches.join('');
    expect(text).toBe(scrub(pieces.join('')));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('MIIEv');
    expect(text.match(/é\n/g)).toHaveLength(20_000);
  });
});
