// The fast reader (src/load/fast-yaml.ts) against js-yaml, the parser of record: on every text
// it reads, the same documents, problems and starts, and for every path into every document the
// same location (offset, end and depth). On the corpus, on texts written to sit at the edges of
// what it reads, and on generated texts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';
import { parseYaml } from '../../src/load/yaml.js';
import { resolvePath } from '../../src/load/source-map.js';
import { readFast, PlainScalars, type NodeSink } from '../../src/load/fast-yaml.js';
import { CORPUS, ROOT, manifestFiles } from '../helpers.js';

/** Whether the fast reader reads the text (rather than leaving it to js-yaml). */
function readsFast(text: string): boolean {
  const strings: string[] = [];
  const sink: NodeSink = { open: () => 0, close: () => undefined, share: (v) => strings.push(v) - 1, shared: (k) => strings[k] as string };
  return readFast(text, sink, new PlainScalars(sink)) !== undefined;
}

function* paths(value: unknown, prefix: (string | number)[] = []): Generator<(string | number)[]> {
  yield prefix;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* paths(value[i], [...prefix, i]);
  else if (value !== null && typeof value === 'object') for (const k of Object.keys(value)) yield* paths((value as Record<string, unknown>)[k], [...prefix, k]);
}

/** The first path where two values differ, and the two values there (short). */
function firstDifference(a: unknown, b: unknown, at: (string | number)[] = []): string {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join('\0') === kb.join('\0')) {
      for (const k of ka) {
        const x = (a as Record<string, unknown>)[k];
        const y = (b as Record<string, unknown>)[k];
        if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, [...at, k]);
      }
    }
  }
  return `${JSON.stringify(at)}: ${JSON.stringify(a)?.slice(0, 200)} / ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Where the two readers differ on a text (empty when they agree). */
function differences(text: string): string[] {
  const slow = parseYaml(text, { jsYamlOnly: true });
  const fast = parseYaml(text);
  const out: string[] = [];
  if (!isDeepStrictEqual(slow.problems, fast.problems)) out.push(`problems ${JSON.stringify(slow.problems)} / ${JSON.stringify(fast.problems)}`);
  if (slow.documents.length !== fast.documents.length) out.push(`${slow.documents.length} / ${fast.documents.length} documents`);
  slow.documents.forEach((a, i) => {
    const b = fast.documents[i];
    if (!b) return;
    // Key order too: JSON.stringify writes members in the order the objects hold them.
    if (!isDeepStrictEqual(a.value, b.value) || JSON.stringify(a.value) !== JSON.stringify(b.value)) out.push(`document ${i}: values ${firstDifference(a.value, b.value)}`);
    if (a.start !== b.start || a.index !== b.index || a.aliases !== b.aliases) out.push(`document ${i}: start ${a.start} / ${b.start}`);
    if (Boolean(a.root) !== Boolean(b.root)) out.push(`document ${i}: root`);
    if (!a.root || !b.root) return;
    for (const p of paths(a.value)) {
      const x = resolvePath(a.root, p);
      const y = resolvePath(b.root, p);
      if (!isDeepStrictEqual(x, y)) out.push(`document ${i} ${JSON.stringify(p)}: ${JSON.stringify(x)} / ${JSON.stringify(y)}`);
    }
  });
  return out;
}

describe('the fast YAML reader', () => {
  it.skipIf(!fs.existsSync(CORPUS))('reads most of the corpus, and every text it reads as js-yaml does', () => {
    const all = [...manifestFiles(CORPUS), ...manifestFiles(path.join(ROOT, 'examples')), ...manifestFiles(path.join(ROOT, '__tests__/fixtures'))];
    let fast = 0;
    const found: string[] = [];
    for (const file of all) {
      const text = fs.readFileSync(file, 'utf8');
      if (readsFast(text)) fast++;
      for (const d of differences(text)) if (found.length < 20) found.push(`${path.relative(ROOT, file)}: ${d}`);
    }
    expect(found).toEqual([]);
    // 2,925 of the corpus's 3,172 files on 2026-11-28; the rest use what only js-yaml reads.
    expect(fast / all.length).toBeGreaterThan(0.85);
  });

  // Each text: whether the fast reader reads it, and it must agree with js-yaml either way.
  const edges: [string, string, boolean][] = [
    ['empty', '', true],
    ['only a comment', '# nothing\n', true],
    ['empty documents', '---\n---\n', true],
    ['a separator at the end', 'a: 1\n---\n', true],
    ['a separator with a comment', '--- # first\na: 1\n--- # second\nb: 2\n', true],
    ['no final line break', 'a: 1\nb: two', true],
    ['no final line break after blanks', 'a: 1\nb: two   ', true],
    ['leading blanks', '\n\n   \na: 1\n', true],
    ['an indented document', '  a: 1\n  b:\n    c: 2\n', true],
    ['a comment after a value', 'a: b   # c\nd: "e" # f\ng: [h] # i\n', true],
    ['a hash inside a value', 'a: b#c\nd: e #f\n', true],
    ['a colon inside a value', 'a: b:c\nurl: http://x:80/y\n', true],
    ['trailing blanks after a key', 'a   : 1\n"b"  : 2\n', true],
    ['an empty value, then a deeper comment', 'a:\n    # note\n  b: 1\n', true],
    ['empty values everywhere', 'a:\nb:\n  c:\nd:\n', true],
    ['a sequence at its key\'s indent', 'a:\n- 1\n- b: 2\n  c: 3\nd: 4\n', true],
    ['nested sequences', '- - a\n  - b\n- - - c\n', true],
    ['an item on the next line', '-\n  a: 1\n-\n  - b\n', true],
    ['an empty item', '- a\n-\n- b\n', false],
    ['go-yaml scalars', 'a: yes\nb: off\nc: 0755\nd: 0x1F\ne: 1_000\nf: .inf\ng: -.nan\nh: ~\ni: null\nj: 2001-12-14\nk: 1e3\nl: +12\nm: 0o17\nn: 0b101\no: 12:30\np: 1.\n', true],
    ['go-yaml scalars as keys', 'yes: 1\n8080: 2\n0x10: 3\n~: 4\n.nan: 5\n', true],
    ['quoted scalars', `a: 'it''s'\nb: "tab\\tnew\\nline \\"q\\" \\\\ \\x41 \\u00e9 \\U0001F600 \\/"\nc: ''\nd: ""\n`, true],
    ['YAML-only escapes', 'a: "\\e\\N\\_\\L\\P\\0\\a\\b\\v\\f\\r\\ "\n', true],
    ['a surrogate escape', 'a: "\\ud83d\\ude00"\n', false],
    ['a lone surrogate escape', 'a: "\\ud800"\n', false],
    ['literal block scalars', 'a: |\n  one\n   two\n\n  three\nb: |-\n  x\n\n\nc: |+\n  y\n\n\nd: |2\n    z\n  w\ne: |\n\n  after a blank\nf: |\ng: 1\n', true],
    ['folded block scalars', 'a: >\n  one\n  two\n\n  three\n    more\n  back\nb: >-\n  x\n  y\nc: >+\n  z\n\n', true],
    ['block scalars in sequences, with comments', '- | # c\n  text\n- >2-\n   folded\n- |\n  last\n', true],
    ['a block scalar ending the text', 'a: |\n  x\n  y', true],
    ['a block scalar at the top level', 'a: |\n x\nb: 1\n', true],
    ['flow collections', 'a: []\nb: {}\nc: [1, two, "three", \'four\', yes]\nd: {e: 1, "f": g, h: [i, {j: k}]}\nl: [m, ]\nn: {o: }\np: [ q , r ]\n', true],
    ['JSON-like flow', '{"a": [1, 2, {"b": null}], "c": "d"}\n', true],
    ['a JSON document', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { x: 'y' } }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], securityContext: { privileged: true, runAsUser: 0 } }], volumes: [] } }, null, 2), true],
    ['JSON documents one after another', '{"a": 1}\n---\n[\n  1,\n  true\n]\n', true],
    ['a flow collection across lines', 'a: [b,\n  c]\n', true],
    ['flow collections across lines with comments', 'a: [ # first\n    b, # second\n\n    "c d",\n    {e: f,\n     g: [h]}\n  ]\ni: 1\n', true],
    ['a plain scalar ending a line in a flow, then its comma', 'a: [b\n  , c\n  ]\nd: {e: 1\n  }\n', true],
    ['a plain scalar ending a line in a flow, the next line less indented', '{a: [b\n], c: d\n}\n', true],
    ['a plain scalar going on onto the next line in a flow', 'a: [b\n  c]\n', false],
    ['a colon on the line after a flow key', 'a: {"b"\n  : c}\n', false],
    ['a flow key followed by a colon on its line', '[a]: b\n', false],
    ['a flow collection never closed', 'a: [b,\n  c\n', false],
    ['a single-pair mapping in a flow sequence', 'a: [b: c]\n', false],
    ['keys with spaces and odd characters', 'a b: 1\n-x: 2\n?y: 3\nz.w/v: 4\n"q:r": 5\n', true],
    ['a key named like Object.prototype', 'constructor: 1\ntoString: 2\nhasOwnProperty: 3\n', true],
    ['a __proto__ key', '__proto__: 1\n', false],
    ['a duplicate key', 'a: 1\na: 2\n', false],
    ['a merge key', 'a: &x\n  b: 1\nc:\n  <<: *x\n', false],
    ['a multi-line plain scalar', 'a: one\n  two\nb: 3\n', true],
    ['a multi-line plain scalar with blank lines and trailing blanks', 'a: one  \n\n  two\n   \n\n  three   \nb: 1\n', true],
    ['multi-line plain items', '- one\n  two\n- three\n  four # c\n- five\n', true],
    ['a multi-line plain scalar ending at a comment', 'a: x\n  y # c\nb: 1\n', true],
    ['a multi-line plain scalar at the end of the text', 'a: x\n  y', true],
    ['a multi-line plain scalar with a tab', 'a: x\n  \ty\n', false],
    ['a comment line inside a plain scalar', 'a: x\n    # c\nb: 1\n', false],
    ['a key on a continuation line', 'a: x\n  y: z\n', false],
    ['a multi-line key', 'a\n  b: 1\n', false],
    ['multi-line quoted scalars', `a: "one  \n  two\n\n   three \\\n   four\\t\n  five"\nb: 'it''s  \n  more\n\n\n  lines  '\nc:\n  - 'x\n    y'\n  - "z\n\n    w"\n`, true],
    ['a quoted key of several lines', "'a\n  b': 1\n", false],
    ['a quoted scalar of several lines before a colon in a flow', 'a: {"b\n  c": d}\n', false],
    ['a document marker inside a quoted scalar', "a: 'b\n---\n'\n", false],
    ['a tab inside a quoted scalar\'s line break', "a: 'b\n\tc'\n", false],
    ['a more-indented comment after a value', 'a:\n  b: c\n    # note\n  d: e\n', false],
    ['a tab', 'a:\tb\n', false],
    ['CRLF', 'a: 1\r\nb: 2\r\n', true],
    ['CRLF everywhere', 'a: |\r\n  x\r\n\r\n  y\r\nb: "p\r\n  q" # c\r\nc:\r\n- d\r\n  e\r\n---\r\nf: [g, h]\r\n', true],
    ['CRLF and LF mixed', 'a: 1\r\nb:\n  c: 2\r\n', true],
    ['CRLF without a final line break', 'a: 1\r\nb: x', true],
    ['a CR alone', 'a: 1\rb: 2\n', false],
    ['a CR at the end', 'a: 1\r', false],
    ['a directive', '%YAML 1.1\n---\na: 1\n', false],
    ['a document end marker', 'a: 1\n...\n', false],
    ['an explicit key', '? a\n: b\n', false],
    ['a tag', 'a: !!str 1\n', false],
    ['a scalar document', 'just text\n', false],
    ['a value on the line after its key', 'a:\n  text\n', true],
    ['values of every kind on the line after their keys', 'a:\n  "q"  \nb:\n  [1, 2]\nc:\n  |\n    text\nd:\n  plain  \ne:\n  two\n  lines\nf: 1\n', true],
    ['a flow mapping with a key on the line after its key', 'a:\n  [b]: c\n', false],
    ['a nested mapping on the value line', 'a: b: c\n', false],
    ['a syntax error', 'a: [b\n', false],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', false],
    ['a byte-order mark', '\uFEFFa: 1\n', false],
    ['a control character', 'a: b\u0001\n', false],
    ['nesting of 40 levels', Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}a${i}:`).join('\n') + ' x\n', true],
    ['nesting past the depth limit', Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}a${i}:`).join('\n') + ' x\n', false],
    ['flow nesting past the depth limit', `a: ${'['.repeat(150)}${']'.repeat(150)}\n`, false],
  ];

  it.each(edges)('%s: the same reading', (_, text, fast) => {
    expect(differences(text)).toEqual([]);
    expect(readsFast(text)).toBe(fast);
  });

  it('reads scalars made to collide in its table as js-yaml does, in bounded time', () => {
    // "Aa" and "BB" have the same hash, so every word of 14 such pairs does: 16,384 keys and
    // values of one hash. Without a bound each lookup would walk all those before it.
    const words = Array.from({ length: 1 << 14 }, (_, n) => Array.from({ length: 14 }, (_, b) => ((n >> b) & 1 ? 'Aa' : 'BB')).join(''));
    const text = `data:\n${words.map((w) => `  ${w}: ${w}`).join('\n')}\n`;
    const started = performance.now();
    expect(readsFast(text)).toBe(true);
    // About 0.1 s; unbounded it took 12 s (134 million comparisons), growing with the square.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(differences(text)).toEqual([]);
  });

  it('reads generated manifests as js-yaml does', () => {
    const key = fc.oneof(
      fc.constantFrom('name', 'image', 'a b', 'yes', 'on', '1', '0x1F', 'null', '~', 'x:y', 'x#y', "it's", 'é', '-dash', 'k.8/s', 'ports', '', ' lead', 'trail '),
      fc.string({ maxLength: 6 }),
    );
    const scalar = fc.oneof(
      fc.constantFrom('true', 'yes', 'No', '0755', '1_000', '.5', '1e3', '-.inf', '~', 'null', '', '#x', 'a #b', 'a: b', 'http://x:1/', '- x', '[x]', '{x}', '|', '>', "'", '"', '*a', '&a', '!t', '%x', '@x', '`x', 'tab\there', 'multi\nline\n', 'trail\n\n', ' lead', 'trail '),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    }));
    // A manifest is a mapping; now and then a document is something else.
    const value = fc.oneof({ arbitrary: tree.map, weight: 6 }, { arbitrary: tree.node, weight: 1 });
    const style = fc.record({
      indent: fc.integer({ min: 1, max: 4 }),
      flowLevel: fc.constantFrom(-1, -1, 0, 1, 2, 3),
      lineWidth: fc.constantFrom(20, 80, -1),
      noArrayIndent: fc.boolean(),
      quotingType: fc.constantFrom("'", '"') as fc.Arbitrary<"'" | '"'>,
      forceQuotes: fc.boolean(),
      condenseFlow: fc.boolean(),
    });
    // Decorations a person adds: comments, blank lines, separators, trailing blanks, long lines wrapped, CRLF.
    const decorate = fc.record({ comments: fc.boolean(), blanks: fc.boolean(), separator: fc.boolean(), trailing: fc.boolean(), wrap: fc.boolean(), crlf: fc.boolean(), json: fc.boolean() });
    let fast = 0;
    let crlfFast = 0;
    let jsonFast = 0;
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), style, decorate, (docs, options, d) => {
        // Now and then JSON, which is YAML too.
        const texts = docs.map((doc) => (d.json ? `${JSON.stringify(doc, null, options.indent)}\n` : yaml.dump(doc, { ...options, skipInvalid: true, noRefs: true })));
        let text = (d.separator ? '---\n' : '') + texts.join('---\n');
        if (d.comments) text = text.replace(/\n/g, (m, at: number) => (at % 3 === 0 ? '\n# a comment\n' : m));
        if (d.blanks) text = text.replace(/\n(?=\S)/g, (m, at: number) => (at % 2 === 0 ? '\n\n' : m));
        // Lines broken at their last space, the rest indented deeper: multi-line plain scalars
        // where that was a plain value (and texts both parsers must refuse alike elsewhere).
        if (d.wrap) text = text.replace(/^( *)(\S.*\S) (\S+)$/gm, (m, indent: string, head: string, tail: string, at: number) => (at % 3 === 0 ? `${indent}${head}\n${indent}  ${tail}` : m));
        if (d.trailing) text = text.replace(/([^\s:|>-])\n/g, (m, c: string, at: number) => (at % 2 === 0 ? `${c}  \n` : m));
        if (d.crlf) text = text.replace(/\n/g, '\r\n');
        if (readsFast(text)) {
          fast++;
          if (d.crlf) crlfFast++;
          if (d.json) jsonFast++;
        }
        expect(differences(text)).toEqual([]);
      }),
      { numRuns: 800, seed: 20261128 },
    );
    // The generator is no use if the fast reader gives every text up (500, 280 and 237 of them
    // read fast on 2026-11-28).
    expect(fast).toBeGreaterThan(400);
    expect(crlfFast).toBeGreaterThan(200);
    expect(jsonFast).toBeGreaterThan(150);
  });
});
