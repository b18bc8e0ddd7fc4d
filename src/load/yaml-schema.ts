// The YAML schema Kubernetes itself applies.
//
// kubectl and the API server turn YAML into JSON with sigs.k8s.io/yaml, which decodes plain
// scalars with go-yaml v2 (YAML 1.1 rules) into untyped values. So `yes`, `on`, `y` are
// booleans, `0755` is an octal integer, `1_000` is 1000, and timestamps stay strings.
// js-yaml's YAML 1.1 types differ in the details (sexagesimal numbers, timestamps), so the
// resolvers below follow go-yaml v2's `resolve()` instead. Written by hand because no
// JavaScript library reproduces go-yaml's rules.
import yaml from 'js-yaml';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOAT: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};
// go-yaml v2 `yamlStyleFloat`.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// Go's strconv.ParseInt/ParseUint with base 0 (after go-yaml strips every `_`).
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

function parseGoInt(text: string): number | undefined {
  const plain = text.replace(/_/g, '');
  if (!GO_INT.test(plain)) return undefined;
  const negative = plain.startsWith('-');
  const body = plain.replace(/^[-+]/, '');
  let value: number;
  if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) value = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) value = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) value = parseInt(body.slice(1), 8);
  else value = parseInt(body, 10);
  return negative ? -value : value;
}

function resolveNumber(text: string): number | undefined {
  const c = text.charAt(0);
  if (!(c === '+' || c === '-' || c === '.' || (c >= '0' && c <= '9'))) return undefined;
  if (text in SPECIAL_FLOAT) return SPECIAL_FLOAT[text];
  const asInt = parseGoInt(text);
  if (asInt !== undefined) return asInt;
  const plain = text.replace(/_/g, '');
  if (YAML_STYLE_FLOAT.test(plain)) return parseFloat(plain);
  return undefined;
}

// The parser asks every implicit type about every plain scalar, keys included. A boolean or a
// null is no longer than the longest of the words above and starts like one of them: most
// scalars (keys, names) are ruled out without hashing them for the sets.
const WORDS = [...TRUE, ...FALSE, ...NULL];
const MAX_WORD = Math.max(...WORDS.map((w) => w.length));
const WORD_FIRST = new Set(WORDS.filter((w) => w !== '').map((w) => w.charCodeAt(0)));
const mayBeWord = (data: string) => data.length === 0 || (data.length <= MAX_WORD && WORD_FIRST.has(data.charCodeAt(0)));

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || (mayBeWord(data) && NULL.has(data)),
  construct: () => null,
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && mayBeWord(data) && (TRUE.has(data) || FALSE.has(data)),
  construct: (data: string) => TRUE.has(data),
});

const numberType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && resolveNumber(data) !== undefined,
  construct: (data: string) => resolveNumber(data),
});

// Explicit `!!int` tags; implicit integers resolve through numberType.
const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && parseGoInt(data) !== undefined,
  construct: (data: string) => parseGoInt(data),
});

// `<<` merge keys (YAML 1.1), which go-yaml v2 applies.
const mergeType = new yaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<' || data === null,
});

/** Kubernetes' YAML: go-yaml v2 scalars, merge keys, no timestamps (they stay strings). */
export const KUBERNETES_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, numberType, mergeType],
  explicit: [intType],
});

/** What a plain `<<` resolves to: a merge key, which only js-yaml applies (fast-yaml.ts). */
export const MERGE_KEY = '<<';

/**
 * A plain scalar's value as the schema above resolves it, its implicit types tried in the same
 * order (null, boolean, number, merge); for the reader of plain manifests (fast-yaml.ts).
 */
export function resolvePlainScalar(text: string): unknown {
  if (mayBeWord(text)) {
    if (NULL.has(text)) return null;
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
  }
  const number = resolveNumber(text);
  return number !== undefined ? number : text;
}
