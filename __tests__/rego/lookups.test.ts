// The project's Rego lint rule (scripts/rego-lookups.mjs, run by `npm run lint:rego`): a set
// rule is looked up (`s[x]`), never tested with `x in s`, which OPA's Wasm runtime runs by
// iterating the set. With the pinned opa (.tools/bin) parsing real policy files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLookups } from '../../scripts/rego-lookups.mjs';
import { ROOT, tempDir } from '../helpers.js';

const OPA = path.join(ROOT, '.tools/bin/opa');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function policies(files: Record<string, string>): string {
  const dir = tempDir(files, 'epg-lookups-');
  dirs.push(dir);
  return dir;
}

const LIB = `package eks.lib.names

big contains x if {
	some x in input.names
}

comprehended := {x | some x in input.names}

small := {"a", "b"}
`;

describe('rego lookups lint', () => {
  it('flags `x in s` on multi-value rules and set comprehensions, here and through an import, with file and line', async () => {
    const dir = policies({
      'lib/names.rego': LIB,
      'rules/r.rego': `package eks.rules.r

import data.eks.lib.names

local contains x if {
	some x in input.more
}

deny contains "local" if "a" in local

deny contains "imported" if {
	not "a" in names.big
}

deny contains "comprehension" if "a" in names.comprehended
`,
    });
    const problems = await checkLookups(OPA, dir);
    expect(problems).toEqual([
      `${path.join(dir, 'rules/r.rego')}:9: \`x in local\` iterates the whole set in OPA's Wasm runtime; write the lookup \`local[x]\` (\`not local[x]\` for \`not x in local\`)`,
      `${path.join(dir, 'rules/r.rego')}:12: \`x in names.big\` iterates the whole set in OPA's Wasm runtime; write the lookup \`names.big[x]\` (\`not names.big[x]\` for \`not x in names.big\`)`,
      `${path.join(dir, 'rules/r.rego')}:15: \`x in names.comprehended\` iterates the whole set in OPA's Wasm runtime; write the lookup \`names.comprehended[x]\` (\`not names.comprehended[x]\` for \`not x in names.comprehended\`)`,
    ]);
  });

  it('leaves lookups, iteration, literal sets, arrays and test files alone', async () => {
    const dir = policies({
      'lib/names.rego': LIB,
      'rules/r.rego': `package eks.rules.r

import data.eks.lib.names

deny contains "lookup" if names.big["a"]

deny contains "not lookup" if not names.big["z"]

deny contains x if some x in names.big

deny contains "small" if "a" in names.small

deny contains "literal" if "a" in {"a", "b"}

deny contains "array" if "a" in input.list
`,
      'rules/r_test.rego': `package eks.rules.r_test

import data.eks.lib.names

test_in if "a" in names.big with input.names as ["a"]
`,
    });
    expect(await checkLookups(OPA, dir)).toEqual([]);
  });

  it("passes on the project's policies", async () => {
    expect(await checkLookups(OPA, path.join(ROOT, 'rego'))).toEqual([]);
  });
});
