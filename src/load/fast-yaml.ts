// A fast reading of the YAML most manifests are written in, with js-yaml's results.
//
// js-yaml (yaml.ts) is the parser of record, and the slowest stage of a large scan: it tries
// every node as a mapping key first, snapshots its state per node, resolves every scalar through
// the schema's types one by one and reports each node to a listener. Manifests use a small part
// of YAML: block mappings and sequences, flow collections (JSON among them), plain and quoted
// scalars (folded across lines), literal and folded block scalars, comments and `---`. This reads
// that part in one pass, and for everything else (anchors, aliases, tags, directives, explicit
// keys, merge keys, duplicate keys, tabs in indentation, a CR without its LF, control
// characters, surrogates, any error) it gives up on the whole text, which
// js-yaml then parses as before. No library reads YAML this way with positions, hence by hand.
//
// What it gives is what yaml.ts's listener gives for the same text: the same values (the same
// go-yaml v2 scalars, `yaml-schema.ts`), the same strings shared through the scan's table of
// scalars, and a frame per node at the offsets js-yaml reports: a key where its token starts, a
// sequence item where its content starts, a value where the text after its `:` starts, and a
// scalar's end where js-yaml stops reading it (the end of a plain scalar's text, the `#` of a
// comment after it, the line after a block scalar). A test compares both parsers' values and
// every path's location on every YAML file of the corpus and on generated texts.
import { resolvePlainScalar, MERGE_KEY } from './yaml-schema.js';
import { NodeKind } from './source-map.js';

const { null: EMPTY, scalar: SCALAR, mapping: MAPPING, sequence: SEQUENCE } = NodeKind;

/** What the parser writes its nodes into: yaml.ts's frame table and table of scalars. */
export interface NodeSink {
  open(offset: number): number;
  /** A node ends; a scalar's `key` is the number of its String() (-1: none), and such a node may close after later nodes opened. */
  close(node: number, offset: number, kind: NodeKind, key: number): void;
  /** The scan's one copy of a string, and its number. */
  share(value: string): number;
  shared(key: number): string;
}

/**
 * The plain scalars read so far, by their text: each one's value (go-yaml v2's reading of it),
 * its String() as a key, and its number in the scan's table of scalars. A scalar is looked up by
 * a hash made while it is read, and compared in place in the text, so a scalar seen before costs
 * neither a new string nor a hash of one, and a key is a property name V8 already holds. One per
 * table of scalars (yaml.ts), since the numbers are that table's.
 */
/** Slots a lookup tries before it gives up on the table (PlainScalars.get). */
const MAX_PROBES = 32;

export class PlainScalars {
  // An open-addressing table (hand-written: a Map keyed by the hash was a third slower here).
  private hashes = new Int32Array(1 << 12);
  private entries: (PlainScalar | undefined)[] = new Array<PlainScalar | undefined>(1 << 12);
  private count = 0;

  constructor(private readonly sink: Pick<NodeSink, 'share' | 'shared'>) {}

  /** The scalar `t.slice(start, end)`, whose hash (`step` over its characters) is `hash`. */
  get(t: string, start: number, end: number, hash: number): PlainScalar {
    const length = end - start;
    const mask = this.hashes.length - 1;
    let i = hash & mask;
    let probes = 0;
    for (let entry = this.entries[i]; entry !== undefined; entry = this.entries[i]) {
      if (this.hashes[i] === hash && entry.text.length === length && t.startsWith(entry.text, start)) return entry;
      i = (i + 1) & mask;
      // The hash is no secret: a text of scalars made to collide ("Aa" and "BB" hash alike)
      // would make each lookup walk all of them. Past a few probes a scalar is not kept.
      if (++probes === MAX_PROBES) return this.make(t.slice(start, end));
    }
    const entry = this.make(t.slice(start, end));
    this.hashes[i] = hash;
    this.entries[i] = entry;
    if (++this.count * 2 > this.hashes.length) this.grow();
    return entry;
  }

  private grow(): void {
    const { hashes, entries } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.entries = new Array<PlainScalar | undefined>(hashes.length * 2);
    const mask = this.hashes.length - 1;
    for (let j = 0; j < hashes.length; j++) {
      const entry = entries[j];
      if (entry === undefined) continue;
      const hash = hashes[j] as number;
      let i = hash & mask;
      while (this.entries[i] !== undefined) i = (i + 1) & mask;
      this.hashes[i] = hash;
      this.entries[i] = entry;
    }
  }

  /** A scalar's reading without keeping it. */
  make(text: string): PlainScalar {
    const value = resolvePlainScalar(text);
    if (typeof value === 'string') {
      const key = this.sink.share(value);
      const shared = this.sink.shared(key);
      return { text, value: shared, name: shared, key };
    }
    const name = String(value);
    return { text, value, name, key: this.sink.share(name) };
  }
}

interface PlainScalar {
  text: string;
  value: unknown;
  /** String(value): the property name it makes as a key. */
  name: string;
  key: number;
}

/** The hash PlainScalars keys on, one character at a time (as plain() makes it). */
const step = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;

export interface FastDocuments {
  values: unknown[];
  roots: number[];
}

/** Thrown (once, as a value) to give the text to js-yaml. */
const GIVE_UP = Symbol('give up');

// Characters js-yaml refuses or treats apart (controls, CR, NEL, surrogates, U+FFFE/FFFF, the
// Unicode line separators): a text with any of them goes to js-yaml.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF\u2028\u2029]/;

const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;
const PIPE = 0x7c;
const GT = 0x3e;
const QMARK = 0x3f;
const DOT = 0x2e;

const isWsOrEol = (c: number) => c === SPACE || c === LF || c === TAB;
const isFlowIndicator = (c: number) => c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;

/** Characters that cannot start a plain scalar (js-yaml's readPlainScalar). */
function cannotStartPlain(c: number): boolean {
  switch (c) {
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case PIPE:
    case GT:
    case QUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case HASH:
      return true;
    default:
      return isWsOrEol(c) || isFlowIndicator(c) || c === 0;
  }
}

// js-yaml's simple escapes of double-quoted scalars.
const ESCAPES: Record<number, string> = {
  0x30: '\x00', 0x61: '\x07', 0x62: '\x08', 0x74: '\x09', [TAB]: '\x09', 0x6e: '\x0A', 0x76: '\x0B',
  0x66: '\x0C', 0x72: '\x0D', 0x65: '\x1B', [SPACE]: ' ', [DQUOTE]: '"', 0x2f: '/', [BACKSLASH]: '\\',
  0x4e: '\x85', 0x5f: '\xA0', 0x4c: '\u2028', 0x50: '\u2029',
};

/** What a line break and the blanks around it fold into in a scalar: a space, or one line break less than there are. */
const fold = (breaks: number) => (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1));

/** How a plain scalar's reading stopped. */
const enum Stop { Colon, Comment, Eol, Flow }


class Reader {
  /** The text with js-yaml's terminator: a line break added if missing, then NUL. */
  private readonly t: string;
  /** Length without the NUL. */
  private readonly length: number;
  private pos = 0;
  private lineStart = 0;
  private lineIndent = 0;
  private depth = 0;
  /** The last key keyAhead read: where it starts, what it read and where that left off. */
  private aheadAt = -1;
  private aheadEnd = 0;
  private aheadScalar: PlainScalar | undefined;
  /** What plain() read last: where its text starts and ends (trailing blanks left out), and its hash. */
  private plainStart = 0;
  private plainEnd = 0;
  private plainHash = 0;
  /** The text of the last plain scalar when it spans lines (folded as js-yaml folds it). */
  private plainFolded: string | undefined;
  /** What the last escape() read stands for. */
  private escaped = '';
  /** The indentation the plain scalars of the flow collection being read compare a next line with. */
  private flowIndent = 0;
  /** Where the blanks after the last plain scalar that ended its line start and end, and the indentation at their end. */
  private jumpFrom = -1;
  private jumpTo = 0;
  private jumpIndent = 0;

  constructor(text: string, private readonly sink: NodeSink, private readonly scalars: PlainScalars, private readonly maxDepth: number) {
    this.t = text + '\0';
    this.length = text.length;
  }

  private at(p: number): number {
    return this.t.charCodeAt(p);
  }

  /** js-yaml's skipSeparationSpace: blanks, comments, line breaks; whether (how many, or at least one) it passed. */
  private skip(): number {
    const t = this.t;
    let breaks = 0;
    if (this.pos === this.jumpFrom) {
      // Right after a plain scalar that ended its line: plain() read the blanks up to the next
      // line's content (trailing blanks, line breaks, lines of spaces, that line's indentation).
      this.pos = this.jumpTo;
      this.lineStart = this.jumpTo - this.jumpIndent;
      this.lineIndent = this.jumpIndent;
      breaks = 1;
    }
    let ch = t.charCodeAt(this.pos);
    while (ch !== 0) {
      while (ch === SPACE) ch = t.charCodeAt(++this.pos);
      if (ch === TAB) throw GIVE_UP;
      if (ch === HASH) {
        do ch = t.charCodeAt(++this.pos);
        while (ch !== LF && ch !== 0);
      }
      if (ch !== LF) break;
      this.pos++;
      this.lineStart = this.pos;
      breaks++;
      let indent = 0;
      ch = t.charCodeAt(this.pos);
      while (ch === SPACE) {
        indent++;
        ch = t.charCodeAt(++this.pos);
      }
      this.lineIndent = indent;
    }
    return breaks;
  }

  private enter(): void {
    if (++this.depth + 4 >= this.maxDepth) throw GIVE_UP;
  }

  /** A document separator (`---` or `...` then a blank, a line break or the end) at p. */
  private separatorAt(p: number): boolean {
    const c = this.at(p);
    if ((c !== DASH && c !== DOT) || this.at(p + 1) !== c || this.at(p + 2) !== c) return false;
    const after = this.at(p + 3);
    return after === 0 || isWsOrEol(after);
  }

  documents(): FastDocuments {
    const values: unknown[] = [];
    const roots: number[] = [];
    while (this.at(this.pos) === SPACE) {
      this.lineIndent++;
      this.pos++;
    }
    while (this.pos < this.length - 1) {
      this.skip();
      if (this.lineIndent === 0 && this.at(this.pos) === 0x25) throw GIVE_UP; // a directive
      if (this.lineIndent === 0 && this.at(this.pos) === DASH && this.at(this.pos + 1) === DASH && this.at(this.pos + 2) === DASH) {
        // js-yaml takes `---` without looking at what follows; `---x` is for it to read.
        if (!this.separatorAt(this.pos)) throw GIVE_UP;
        this.pos += 3;
        // Content on the marker's own line (`--- |`, `--- !tag`) is for js-yaml.
        if (this.skip() === 0 && this.at(this.pos) !== 0) throw GIVE_UP;
      }
      const root = this.sink.open(this.pos);
      const ch = this.at(this.pos);
      if (ch === 0 || (this.pos === this.lineStart && this.separatorAt(this.pos))) {
        this.sink.close(root, this.pos, EMPTY, -1);
        values.push(null);
      } else {
        const col = this.pos - this.lineStart;
        this.depth = 0;
        let value: unknown;
        let kind: NodeKind;
        if (ch === DASH && isWsOrEol(this.at(this.pos + 1))) {
          value = this.sequence(col);
          kind = SEQUENCE;
        } else if (ch === LBRACKET || ch === LBRACE) {
          // A flow document (JSON): js-yaml reads it as a key, and then finds no `:` after it.
          value = this.flow(this.lineIndent);
          kind = ch === LBRACKET ? SEQUENCE : MAPPING;
          if (!this.restOfLineEmpty()) throw GIVE_UP;
        } else {
          if (!this.keyAhead(col)) throw GIVE_UP; // a scalar document
          value = this.mapping(col, this.lineIndent);
          kind = MAPPING;
        }
        this.sink.close(root, this.pos, kind, -1);
        values.push(value);
      }
      roots.push(root);
      this.skip();
      if (this.pos === this.lineStart && this.separatorAt(this.pos)) {
        if (this.at(this.pos) === DOT) throw GIVE_UP;
        continue;
      }
      if (this.pos < this.length - 1) throw GIVE_UP;
    }
    return { values, roots };
  }

  /**
   * Whether a block mapping's key starts at pos: a plain or quoted scalar on this line followed
   * by `:` and a blank or line break. Reads without moving.
   */
  private keyAhead(indent: number): boolean {
    const start = this.pos;
    const { lineStart, lineIndent } = this;
    try {
      const c = this.at(start);
      if (c === QUOTE || c === DQUOTE) {
        this.quoted(c === DQUOTE);
        while (this.at(this.pos) === SPACE) this.pos++;
        const colon = this.at(this.pos) === COLON && isWsOrEol(this.at(this.pos + 1));
        // A key of several lines: js-yaml's error.
        if (colon && this.lineStart !== lineStart) throw GIVE_UP;
        return colon;
      }
      if (!this.plainMayStart(c, false)) return false;
      if (this.plain(indent, false) !== Stop.Colon) return false;
      // The mapping that follows reads its first key from here.
      this.aheadAt = start;
      this.aheadScalar = this.plainScalar();
      this.aheadEnd = this.pos;
      return true;
    } finally {
      // A scalar of several lines moved the line too.
      this.pos = start;
      this.lineStart = lineStart;
      this.lineIndent = lineIndent;
    }
  }

  private plainMayStart(c: number, inFlow: boolean): boolean {
    if (cannotStartPlain(c)) return false;
    if (c === QMARK || c === DASH) {
      const next = this.at(this.pos + 1);
      if (isWsOrEol(next) || next === 0 || (inFlow && isFlowIndicator(next))) return false;
    }
    return true;
  }

  /**
   * A plain scalar (js-yaml's readPlainScalar): its text up to a `: `, a ` #`, in a flow a flow
   * indicator, or the end of a line whose next line (with anything on it) is indented less than
   * `indent`; a line indented that much or more continues it, folded. How it stopped.
   */
  private plain(indent: number, inFlow: boolean): Stop {
    const t = this.t;
    const start = this.pos;
    let from = start; // where the current line's text starts
    let end = start;
    let p = start;
    let stop: Stop;
    let h = 0;
    let hashAtEnd = 0;
    let folded: string | undefined; // the lines before the current one, folded
    for (;;) {
      for (;;) {
        const ch = t.charCodeAt(p);
        if (ch === COLON) {
          const next = t.charCodeAt(p + 1);
          if (isWsOrEol(next) || (inFlow && isFlowIndicator(next))) {
            stop = Stop.Colon;
            break;
          }
        } else if (ch === HASH) {
          if (isWsOrEol(t.charCodeAt(p - 1))) {
            stop = Stop.Comment;
            break;
          }
        } else if (ch === LF || ch === 0) {
          stop = Stop.Eol;
          break;
        } else if (inFlow && isFlowIndicator(ch)) {
          stop = Stop.Flow;
          break;
        }
        h = step(h, ch);
        if (ch !== SPACE && ch !== TAB) {
          end = p + 1;
          hashAtEnd = h;
        }
        p++;
      }
      if (stop !== Stop.Eol) {
        // A mapping's `key:` after a line break: js-yaml's error (a multi-line implicit key, or
        // a bad indentation where it ends a value).
        if (stop === Stop.Colon && folded !== undefined) throw GIVE_UP;
        this.pos = p;
        break;
      }
      // The next line with anything on it, comments included (js-yaml skips no comment here).
      let q = p;
      let next = 0;
      let breaks = 0;
      while (t.charCodeAt(q) === LF) {
        q++;
        breaks++;
        let n = 0;
        while (t.charCodeAt(q) === SPACE) {
          n++;
          q++;
        }
        next = n;
      }
      const first = t.charCodeAt(q);
      if (first === TAB) throw GIVE_UP;
      if (inFlow) {
        if (next < indent) {
          this.pos = end;
          break;
        }
        // js-yaml reads on into that line, and stops at its first character when that ends the
        // entry (`,`, `]`, `}`): the scalar ends there. Text there would continue it: js-yaml's.
        if (first !== COMMA && first !== RBRACKET && first !== RBRACE) throw GIVE_UP;
        this.lineStart = q - next;
        this.lineIndent = next;
        this.pos = q;
        stop = Stop.Flow;
        break;
      }
      if (next < indent) {
        this.pos = end;
        // What skip() will find from here, now known: the blanks up to the next line's content.
        this.jumpFrom = end;
        this.jumpTo = q;
        this.jumpIndent = next;
        break;
      }
      // The scalar goes on on that line (js-yaml folds one line break into a space, and keeps
      // the others). A line that starts with a comment or a `key:` there is js-yaml's.
      if (indent <= 0 || first === HASH || first === 0 || (first === COLON && isWsOrEol(t.charCodeAt(q + 1)))) throw GIVE_UP;
      folded = (folded ?? '') + t.slice(from, end) + fold(breaks);
      this.lineStart = q - next;
      this.lineIndent = next;
      from = end = p = q;
    }
    this.plainStart = start;
    this.plainEnd = end;
    this.plainHash = hashAtEnd;
    this.plainFolded = folded === undefined ? undefined : folded + t.slice(from, end);
    return stop;
  }

  /** The scalar plain() read last. */
  private plainScalar(): PlainScalar {
    // A scalar of several lines is no slice of the text, and seldom repeats: not kept.
    const folded = this.plainFolded;
    const scalar = folded === undefined ? this.scalars.get(this.t, this.plainStart, this.plainEnd, this.plainHash) : this.scalars.make(folded);
    if (scalar.value === MERGE_KEY) throw GIVE_UP;
    return scalar;
  }

  /**
   * Past the line break at p, and any blank lines after it, to the next line's first character
   * (js-yaml's skipSeparationSpace without comments, inside a quoted scalar): the line breaks
   * passed. A tab there, the end of the text or a document marker is js-yaml's.
   */
  private quotedBreak(p: number): number {
    const t = this.t;
    let q = p;
    let breaks = 0;
    let indent = 0;
    while (t.charCodeAt(q) === LF) {
      q++;
      breaks++;
      indent = 0;
      while (t.charCodeAt(q) === SPACE) {
        q++;
        indent++;
      }
    }
    const c = t.charCodeAt(q);
    if (c === TAB || c === 0 || (indent === 0 && this.separatorAt(q))) throw GIVE_UP;
    this.lineStart = q - indent;
    this.lineIndent = indent;
    this.pos = q;
    return breaks;
  }

  /**
   * A quoted scalar (js-yaml's readSingleQuotedScalar and readDoubleQuotedScalar): in single
   * quotes `''` is a quote, in double quotes `\` escapes; a line break and the blanks around it
   * fold (fold()), an escaped one joins the lines with nothing between them.
   */
  private quoted(double: boolean): string {
    const t = this.t;
    const close = double ? DQUOTE : QUOTE;
    let p = this.pos + 1;
    let out = '';
    let from = p;
    let end = p; // after the last character that is not a blank
    for (;;) {
      const ch = t.charCodeAt(p);
      if (ch === close) {
        out += t.slice(from, p);
        if (!double && t.charCodeAt(p + 1) === QUOTE) {
          out += "'";
          p += 2;
          from = end = p;
          continue;
        }
        this.pos = p + 1;
        return out;
      }
      if (double && ch === BACKSLASH) {
        out += t.slice(from, p);
        p = this.escape(p);
        out += this.escaped;
        from = end = p;
        continue;
      }
      if (ch === LF) {
        out += t.slice(from, end) + fold(this.quotedBreak(p));
        p = from = end = this.pos;
        continue;
      }
      if (ch === 0) throw GIVE_UP;
      p++;
      if (ch !== SPACE && ch !== TAB) end = p;
    }
  }

  /** The escape at p (a backslash) of a double-quoted scalar: what it stands for in `escaped`, and where the text goes on. */
  private escape(p: number): number {
    const t = this.t;
    const e = t.charCodeAt(p + 1);
    if (e === LF) {
      this.quotedBreak(p + 1);
      this.escaped = '';
      return this.pos;
    }
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      this.escaped = simple;
      return p + 2;
    }
    const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
    if (digits === 0) throw GIVE_UP;
    const hex = t.slice(p + 2, p + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw GIVE_UP;
    const code = parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw GIVE_UP;
    this.escaped = String.fromCodePoint(code);
    return p + 2 + digits;
  }

  private quotedValue(double: boolean): { value: string; key: number } {
    const value = this.quoted(double);
    const key = this.sink.share(value);
    return { value: this.sink.shared(key), key };
  }

  /** The rest of the line after a quoted scalar or a flow collection: blanks, then a comment or its end. */
  private restOfLineEmpty(): boolean {
    let p = this.pos;
    while (this.at(p) === SPACE) p++;
    const c = this.at(p);
    return c === LF || c === 0 || (c === HASH && p > this.pos);
  }

  /** A block mapping whose keys are at column `indent` (js-yaml's readBlockMapping). */
  private mapping(indent: number, flowIndent: number): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    for (;;) {
      const keyLine = this.lineStart;
      const c = this.at(this.pos);
      if (this.pos === this.lineStart && this.separatorAt(this.pos)) {
        if (c === DOT) throw GIVE_UP;
        break;
      }
      const keyNode = this.sink.open(this.pos);
      let name: string;
      let keyNumber = -1;
      if (c === QUOTE || c === DQUOTE) {
        name = this.quoted(c === DQUOTE);
        if (this.lineStart !== keyLine) throw GIVE_UP; // a key of several lines
      } else {
        if (!this.plainMayStart(c, false)) throw GIVE_UP;
        let scalar: PlainScalar;
        if (this.aheadAt === this.pos && this.aheadScalar !== undefined) {
          scalar = this.aheadScalar;
          this.pos = this.aheadEnd;
        } else {
          if (this.plain(flowIndent, false) !== Stop.Colon) throw GIVE_UP;
          scalar = this.plainScalar();
        }
        name = scalar.name;
        keyNumber = scalar.key;
      }
      const keyEnd = this.pos;
      while (this.at(this.pos) === SPACE) this.pos++;
      if (this.at(this.pos) !== COLON || !isWsOrEol(this.at(this.pos + 1))) throw GIVE_UP;
      // No value read is undefined, so only a name the object inherits needs the second test.
      if (name === '__proto__' || name === MERGE_KEY || (out[name] !== undefined && Object.prototype.hasOwnProperty.call(out, name))) throw GIVE_UP;
      this.pos++;
      out[name] = this.mappingValue(indent);
      // A quoted key is numbered once the object holds it: the property made the name's hash, which the table reuses.
      this.sink.close(keyNode, keyEnd, SCALAR, keyNumber >= 0 ? keyNumber : this.sink.share(name));
      if (this.entryEnds(keyLine, indent)) break;
    }
    this.depth--;
    return out;
  }

  /**
   * After an entry of a block collection at column `indent` that started on the line at `line`:
   * past blanks, comments and line breaks to what follows. Anything on the entry's own line or
   * indented deeper is js-yaml's error. Whether the collection ends here (a line indented less,
   * or the end of the text).
   */
  private entryEnds(line: number, indent: number): boolean {
    this.skip();
    const ch = this.at(this.pos);
    if ((this.lineStart === line || this.lineIndent > indent) && ch !== 0) throw GIVE_UP;
    return this.lineIndent < indent || ch === 0;
  }

  /** The value after a block mapping's `key:` (composeNode in the block-out context). */
  private mappingValue(parentIndent: number): unknown {
    const node = this.sink.open(this.pos);
    if (this.skip() > 0 || this.at(this.pos) === 0) {
      const ch = this.at(this.pos);
      const sequenceHere = ch === DASH && isWsOrEol(this.at(this.pos + 1));
      if (ch !== 0 && sequenceHere && this.lineIndent >= parentIndent) {
        const value = this.sequence(this.pos - this.lineStart);
        this.sink.close(node, this.pos, SEQUENCE, -1);
        return value;
      }
      if (ch !== 0 && this.lineIndent > parentIndent && !(this.pos === this.lineStart && this.separatorAt(this.pos))) {
        // A scalar or flow node on its own line: js-yaml reads it as a key that has no `:`.
        if (!this.keyAhead(parentIndent + 1)) return this.inlineValue(node, parentIndent + 1);
        const value = this.mapping(this.pos - this.lineStart, parentIndent + 1);
        this.sink.close(node, this.pos, MAPPING, -1);
        return value;
      }
      this.sink.close(node, this.pos, EMPTY, -1);
      return null;
    }
    return this.inlineValue(node, parentIndent + 1);
  }

  /** A scalar or a flow collection: a value, or an item that is no mapping. */
  private inlineValue(node: number, flowIndent: number): unknown {
    const c = this.at(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flow(flowIndent);
      this.sink.close(node, this.pos, c === LBRACKET ? SEQUENCE : MAPPING, -1);
      if (!this.restOfLineEmpty()) throw GIVE_UP;
      return value;
    }
    if (c === PIPE || c === GT) {
      const value = this.blockScalar(flowIndent);
      const key = this.sink.share(value);
      this.sink.close(node, this.pos, SCALAR, key);
      return this.sink.shared(key);
    }
    if (c === QUOTE || c === DQUOTE) {
      const { value, key } = this.quotedValue(c === DQUOTE);
      this.sink.close(node, this.pos, SCALAR, key);
      if (!this.restOfLineEmpty()) throw GIVE_UP;
      return value;
    }
    if (!this.plainMayStart(c, false)) throw GIVE_UP;
    if (this.plain(flowIndent, false) === Stop.Colon) throw GIVE_UP; // `a: b: c`
    const scalar = this.plainScalar();
    this.sink.close(node, this.pos, SCALAR, scalar.key);
    return scalar.value;
  }

  /** A block sequence whose dashes are at column `indent` (js-yaml's readBlockSequence). */
  private sequence(indent: number): unknown[] {
    this.enter();
    const out: unknown[] = [];
    while (this.at(this.pos) === DASH && isWsOrEol(this.at(this.pos + 1))) {
      this.pos++;
      if (this.skip() > 0 && this.lineIndent <= indent) throw GIVE_UP; // an empty item
      const itemLine = this.lineStart;
      out.push(this.item(indent));
      if (this.entryEnds(itemLine, indent)) break;
    }
    this.depth--;
    return out;
  }

  /** A sequence item (composeNode in the block-in context, compact collections allowed). */
  private item(seqIndent: number): unknown {
    const node = this.sink.open(this.pos);
    const c = this.at(this.pos);
    if (c === 0) throw GIVE_UP;
    const col = this.pos - this.lineStart;
    if (c === DASH && isWsOrEol(this.at(this.pos + 1))) {
      const value = this.sequence(col);
      this.sink.close(node, this.pos, SEQUENCE, -1);
      return value;
    }
    if (this.keyAhead(seqIndent + 1)) {
      const value = this.mapping(col, seqIndent + 1);
      this.sink.close(node, this.pos, MAPPING, -1);
      return value;
    }
    return this.inlineValue(node, seqIndent + 1);
  }

  /** A flow collection (js-yaml's readFlowCollection); `nodeIndent` is its parent's indentation plus one. */
  private flow(nodeIndent: number): unknown {
    this.enter();
    // A plain scalar's line break in any collection of this flow compares the next line with it.
    this.flowIndent = nodeIndent;
    const mapping = this.at(this.pos) === LBRACE;
    const terminator = mapping ? RBRACE : RBRACKET;
    const out: unknown[] | Record<string, unknown> = mapping ? {} : [];
    this.pos++;
    let readNext = true;
    for (;;) {
      this.flowBlanks();
      const ch = this.at(this.pos);
      if (ch === terminator) {
        this.pos++;
        this.depth--;
        return out;
      }
      if (!readNext || ch === COMMA || ch === QMARK) throw GIVE_UP;
      const keyLine = this.lineStart;
      const keyNode = this.sink.open(this.pos);
      const entry = this.flowNode(keyNode);
      this.flowBlanks();
      if (this.at(this.pos) === COLON) {
        if (!mapping) throw GIVE_UP; // a single-pair mapping in a sequence
        // A `:` on a later line than its key's start is no pair for js-yaml: its error.
        if (this.lineStart !== keyLine) throw GIVE_UP;
        const name = typeof entry === 'string' ? entry : String(entry);
        if (entry !== null && typeof entry === 'object') throw GIVE_UP;
        if (name === '__proto__' || name === MERGE_KEY || Object.prototype.hasOwnProperty.call(out, name)) throw GIVE_UP;
        this.pos++;
        this.flowBlanks();
        const valueNode = this.sink.open(this.pos);
        const c = this.at(this.pos);
        (out as Record<string, unknown>)[name] = c === COMMA || c === RBRACE ? this.emptyNode(valueNode) : this.flowNode(valueNode);
      } else if (mapping) {
        throw GIVE_UP; // a key without a value
      } else {
        (out as unknown[]).push(entry);
      }
      this.flowBlanks();
      if (this.at(this.pos) === COMMA) {
        readNext = true;
        this.pos++;
      } else {
        readNext = false;
      }
    }
  }

  private emptyNode(node: number): null {
    this.sink.close(node, this.pos, EMPTY, -1);
    return null;
  }

  /** Blanks, line breaks and comments inside a flow collection; its end there is js-yaml's error. */
  private flowBlanks(): void {
    this.skip();
    if (this.at(this.pos) === 0) throw GIVE_UP;
  }

  /** An entry of a flow collection (composeNode in the flow-in context). */
  private flowNode(node: number): unknown {
    const c = this.at(this.pos);
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flow(this.flowIndent);
      this.sink.close(node, this.pos, c === LBRACKET ? SEQUENCE : MAPPING, -1);
      return value;
    }
    if (c === QUOTE || c === DQUOTE) {
      const { value, key } = this.quotedValue(c === DQUOTE);
      this.sink.close(node, this.pos, SCALAR, key);
      return value;
    }
    if (!this.plainMayStart(c, true)) throw GIVE_UP;
    this.plain(this.flowIndent, true);
    const scalar = this.plainScalar();
    this.sink.close(node, this.pos, SCALAR, scalar.key);
    return scalar.value;
  }

  /** A literal or folded block scalar (js-yaml's readBlockScalar, which this follows step by step). */
  private blockScalar(nodeIndent: number): string {
    const t = this.t;
    const folding = t.charCodeAt(this.pos) === GT;
    let chomping = 0; // 0 clip, 1 keep, -1 strip
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let ch: number;
    for (;;) {
      ch = t.charCodeAt(++this.pos);
      if (ch === 0x2b || ch === DASH) {
        if (chomping !== 0) throw GIVE_UP;
        chomping = ch === 0x2b ? 1 : -1;
      } else if (ch >= 0x31 && ch <= 0x39) {
        if (detectedIndent) throw GIVE_UP;
        textIndent = nodeIndent + (ch - 0x30) - 1;
        detectedIndent = true;
      } else {
        break;
      }
    }
    if (ch === SPACE || ch === TAB) {
      do ch = t.charCodeAt(++this.pos);
      while (ch === SPACE || ch === TAB);
      if (ch === HASH) {
        do ch = t.charCodeAt(++this.pos);
        while (ch !== LF && ch !== 0);
      }
    }
    if (ch !== LF) throw GIVE_UP;
    let result = '';
    let didReadContent = false;
    let emptyLines = 0;
    let atMoreIndented = false;
    while (ch !== 0) {
      this.pos++; // the line break
      this.lineStart = this.pos;
      let lineIndent = 0;
      ch = t.charCodeAt(this.pos);
      while ((!detectedIndent || lineIndent < textIndent) && ch === SPACE) {
        lineIndent++;
        ch = t.charCodeAt(++this.pos);
      }
      this.lineIndent = lineIndent;
      if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
      if (ch === LF) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) throw GIVE_UP;
      if (lineIndent < textIndent || ch === 0) {
        if (chomping === 1) result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        else if (chomping === 0 && didReadContent) result += '\n';
        break;
      }
      if (folding) {
        if (ch === SPACE || ch === TAB) {
          atMoreIndented = true;
          result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else {
          result += '\n'.repeat(emptyLines);
        }
      } else {
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const from = this.pos;
      const eol = t.indexOf('\n', from);
      this.pos = eol === -1 ? this.length : eol;
      ch = t.charCodeAt(this.pos);
      result += t.slice(from, this.pos);
    }
    return result;
  }
}

/**
 * The documents of a text as js-yaml reads them with the Kubernetes schema, or undefined when the
 * text uses what this reader leaves to js-yaml. Nodes written to the sink before giving up are
 * the caller's to discard.
 */
export function readFast(text: string, sink: NodeSink, scalars: PlainScalars, maxDepth = 100): FastDocuments | undefined {
  if (text.length === 0) return { values: [], roots: [] };
  let lf = text;
  let to = sink;
  if (text.includes('\r')) {
    // CRLF line breaks read as LF (js-yaml reads the pair as one line break everywhere), the
    // offsets put back where the text has them; a CR alone is js-yaml's.
    lf = text.replace(/\r\n/g, '\n');
    if (lf.includes('\r')) return undefined;
    to = crlfSink(sink, text);
  }
  if (lf.charCodeAt(0) === 0xfeff || UNUSUAL.test(lf)) return undefined;
  const input = lf.charCodeAt(lf.length - 1) === LF ? lf : lf + '\n';
  try {
    return new Reader(input, to, scalars, maxDepth).documents();
  } catch (err) {
    // A stack overflow (nesting past what the depth limit allows) is js-yaml's to report.
    if (err === GIVE_UP || err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * A sink taking offsets into `lf` (`text` with its CRLFs made LFs) to the text's own: one more
 * for each LF before that was a CRLF.
 */
function crlfSink(sink: NodeSink, text: string): NodeSink {
  const breaks: number[] = []; // where in `lf` the LFs that were CRLFs are
  for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) breaks.push(i - breaks.length);
  const original = (offset: number): number => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + lo;
  };
  return {
    open: (offset) => sink.open(original(offset)),
    close: (node, offset, kind, key) => sink.close(node, original(offset), kind, key),
    share: (value) => sink.share(value),
    shared: (key) => sink.shared(key),
  };
}
