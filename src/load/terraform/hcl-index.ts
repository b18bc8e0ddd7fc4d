// A position index of Terraform (.tf, HCL native syntax) files: where each block starts, and
// where each attribute and nested block inside it is. It is not an HCL parser: it reads only
// the structure (blocks, labels, attribute names) and skips expressions as balanced token runs.
//
// Why hand-written: findings need line numbers, and none of the HCL libraries on npm give
// them. `@cdktf/hcl2json` and `hcl2-parser` (Go compiled to Wasm/JS) return plain JSON without
// positions; `@tree-sitter-grammars/tree-sitter-hcl` and `codemirror-lang-hcl` have positions
// but bring a native addon or an editor framework, and a Wasm grammar cannot be inlined into
// the single-file dist/ bundle as simply. The structure needed here is small (platform.md §7
// suggests exactly this block indexer), and the lexer below handles what can hide braces:
// strings with `${ }` / `%{ }` templates (nested), heredocs, and the three comment styles.

export interface Span {
  /** 0-based offsets into the file text. */
  start: number;
  end: number;
}

export interface HclAttribute extends Span {
  name: string;
  /** For an object value (`tags = { Name = "x" }`, `data = { mapUsers = ... }`): its top-level keys. */
  keys?: Map<string, Span>;
}

export interface HclBlock extends Span {
  type: string;
  labels: string[];
  body: HclBody;
}

export interface HclBody {
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

type TokenKind = 'ident' | 'string' | 'heredoc' | 'lbrace' | 'rbrace' | 'open' | 'close' | 'equals' | 'newline' | 'other';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Identifier name, or a string literal's text (templates left as written). */
  text: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;

/** Skips a quoted string starting at `i` (the opening quote); returns the index after it. */
function skipString(src: string, i: number): number {
  let j = i + 1;
  while (j < src.length) {
    const ch = src[j];
    if (ch === '\\') j += 2;
    else if (ch === '"') return j + 1;
    else if (ch === '\n') return j; // unterminated: stop at the end of the line
    else if ((ch === '$' || ch === '%') && src[j + 1] === '{' && src[j - 1] !== ch) j = skipTemplate(src, j + 2);
    else j++;
  }
  return j;
}

/** Skips a template interpolation body up to its closing brace (strings inside may nest). */
function skipTemplate(src: string, i: number): number {
  let depth = 1;
  let j = i;
  while (j < src.length && depth > 0) {
    const ch = src[j];
    if (ch === '"') j = skipString(src, j);
    else {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      j++;
    }
  }
  return j;
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i] as string;
    if (ch === '\n') {
      out.push({ kind: 'newline', start: i, end: i + 1, text: '' });
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\uFEFF') i++;
    else if (ch === '#' || (ch === '/' && src[i + 1] === '/')) {
      while (i < n && src[i] !== '\n') i++;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '"') {
      const end = skipString(src, i);
      out.push({ kind: 'string', start: i, end, text: src.slice(i + 1, Math.max(i + 1, end - 1)) });
      i = end;
    } else if (ch === '<' && src[i + 1] === '<' && /^<<-?[A-Za-z_][A-Za-z0-9_-]*[ \t]*\r?\n/.test(src.slice(i, i + 80))) {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(src.slice(i, i + 80)) as RegExpExecArray;
      const marker = m[1] as string;
      const re = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'm');
      const bodyStart = i + m[0].length;
      const rest = src.slice(bodyStart);
      const found = re.exec(rest);
      const end = found ? bodyStart + found.index + found[0].length : n;
      out.push({ kind: 'heredoc', start: i, end, text: '' });
      i = end;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(src[j] as string)) j++;
      out.push({ kind: 'ident', start: i, end: j, text: src.slice(i, j) });
      i = j;
    } else if (ch === '{') {
      out.push({ kind: 'lbrace', start: i, end: i + 1, text: ch });
      i++;
    } else if (ch === '}') {
      out.push({ kind: 'rbrace', start: i, end: i + 1, text: ch });
      i++;
    } else if (ch === '(' || ch === '[') {
      out.push({ kind: 'open', start: i, end: i + 1, text: ch });
      i++;
    } else if (ch === ')' || ch === ']') {
      out.push({ kind: 'close', start: i, end: i + 1, text: ch });
      i++;
    } else if (ch === '=' && src[i + 1] !== '=' && src[i + 1] !== '>' && !'=!<>'.includes(src[i - 1] ?? '')) {
      out.push({ kind: 'equals', start: i, end: i + 1, text: ch });
      i++;
    } else {
      out.push({ kind: 'other', start: i, end: i + 1, text: ch });
      i++;
    }
  }
  return out;
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[], private readonly length: number) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** Skips an expression: up to a newline or a closing brace at depth 0. Returns its end offset. */
  private skipExpression(): number {
    let depth = 0;
    let end = this.peek()?.start ?? this.length;
    for (;;) {
      const t = this.peek();
      if (!t) return end;
      if (depth === 0 && (t.kind === 'newline' || t.kind === 'rbrace')) return end;
      if (t.kind === 'open' || t.kind === 'lbrace') depth++;
      else if (t.kind === 'close' || t.kind === 'rbrace') depth = Math.max(0, depth - 1);
      end = t.end;
      this.pos++;
    }
  }

  /** The top-level keys of an object constructor starting at the current `{` (not consumed). */
  private objectKeys(): Map<string, Span> {
    const keys = new Map<string, Span>();
    let depth = 0;
    let expectKey = false;
    for (let k = this.pos; k < this.tokens.length; k++) {
      const t = this.tokens[k] as Token;
      if (t.kind === 'lbrace' || t.kind === 'open') {
        depth++;
        if (depth === 1) expectKey = true;
        continue;
      }
      if (t.kind === 'rbrace' || t.kind === 'close') {
        depth--;
        if (depth <= 0) break;
        continue;
      }
      if (depth !== 1) continue;
      if (t.kind === 'newline' || (t.kind === 'other' && t.text === ',')) {
        expectKey = true;
        continue;
      }
      if (expectKey && (t.kind === 'ident' || t.kind === 'string')) {
        const after = this.tokens[k + 1];
        if (after && (after.kind === 'equals' || (after.kind === 'other' && after.text === ':')) && !keys.has(t.text)) {
          keys.set(t.text, { start: t.start, end: t.end });
        }
      }
      expectKey = false;
    }
    return keys;
  }

  body(depth: number): HclBody {
    const body: HclBody = { attributes: new Map(), blocks: [] };
    for (;;) {
      const t = this.peek();
      if (!t) return body;
      if (t.kind === 'newline') {
        this.pos++;
        continue;
      }
      if (t.kind === 'rbrace') {
        if (depth > 0) return body;
        this.pos++; // a stray brace at the top level: skip it
        continue;
      }
      if (t.kind !== 'ident') {
        this.skipLine();
        continue;
      }
      const next = this.peek(1);
      if (next?.kind === 'equals') {
        this.pos += 2;
        const keys = this.peek()?.kind === 'lbrace' ? this.objectKeys() : undefined;
        const end = this.skipExpression();
        if (!body.attributes.has(t.text)) body.attributes.set(t.text, { name: t.text, start: t.start, end, ...(keys ? { keys } : {}) });
        continue;
      }
      // A block: type, labels (strings or identifiers), then `{`.
      let k = 1;
      const labels: string[] = [];
      while (this.peek(k)?.kind === 'string' || this.peek(k)?.kind === 'ident') {
        labels.push((this.peek(k) as Token).text);
        k++;
      }
      if (this.peek(k)?.kind !== 'lbrace') {
        this.skipLine();
        continue;
      }
      this.pos += k + 1;
      const inner = depth > 64 ? { attributes: new Map(), blocks: [] } : this.body(depth + 1);
      const close = this.peek();
      let end = this.length;
      if (close?.kind === 'rbrace') {
        end = close.end;
        this.pos++;
      }
      body.blocks.push({ type: t.text, labels, start: t.start, end, body: inner });
    }
  }

  private skipLine(): void {
    const t = this.peek();
    if (t?.kind === 'lbrace' || t?.kind === 'open') {
      this.skipExpression();
      return;
    }
    this.pos++;
    while (this.peek() && this.peek()?.kind !== 'newline' && this.peek()?.kind !== 'rbrace') this.skipExpression();
  }
}

/** The top-level body of a .tf file. Never throws: unreadable parts are skipped. */
export function indexHcl(src: string): HclBody {
  return new Parser(tokenize(src), src.length).body(0);
}

export interface ResolvedSpan {
  span: Span;
  /** How many path steps were found. */
  depth: number;
}

/**
 * Resolves an attribute path (as in the plan's values: block names, block indexes, attribute
 * names) inside a block to the nearest span that exists: the attribute, the nested block, or
 * the block itself. `dynamic "x"` blocks stand in for the blocks they generate.
 */
export function resolveInBlock(block: HclBlock, path: ReadonlyArray<string | number>): ResolvedSpan {
  let body = block.body;
  let span: Span = block;
  let depth = 0;
  let i = 0;
  while (i < path.length) {
    const step = path[i];
    if (typeof step !== 'string') break;
    const attr = body.attributes.get(step);
    if (attr) {
      span = attr;
      depth = i + 1;
      // An object value's top-level keys are indexed; deeper parts of an expression are not.
      const key = path[i + 1];
      const inner = typeof key === 'string' ? attr.keys?.get(key) : undefined;
      if (inner) {
        span = inner;
        depth = i + 2;
      }
      break;
    }
    const named = body.blocks.filter((b) => b.type === step);
    const dynamic = body.blocks.filter((b) => b.type === 'dynamic' && b.labels[0] === step);
    const next = path[i + 1];
    let chosen: HclBlock | undefined;
    let consumed = 1;
    if (typeof next === 'number') {
      chosen = named[next] ?? (named.length === 0 ? dynamic[0] : undefined);
      consumed = 2;
    } else chosen = named[0] ?? dynamic[0];
    if (!chosen) break;
    if (chosen.type === 'dynamic') {
      const content = chosen.body.blocks.find((b) => b.type === 'content');
      span = chosen;
      depth = i + consumed;
      if (!content) break;
      body = content.body;
    } else {
      span = chosen;
      depth = i + consumed;
      body = chosen.body;
    }
    i += consumed;
  }
  return { span, depth };
}
