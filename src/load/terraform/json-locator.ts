// Lines inside a plan JSON file, for findings whose .tf sources are not in the repository.
// The values come from JSON.parse (fast); positions come from jsonc-parser's syntax tree, built
// only when the first finding of the file asks for one. Measured on a 2.6 MB plan: JSON.parse
// 6 ms, jsonc-parser parseTree 190 ms, the YAML loader with positions (yaml.ts) 220 ms, so the
// tree is built lazily and once per file.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { LineIndex } from '../source-map.js';
import type { Location } from '../../model.js';
import type { JsonPath } from './plan.js';

export class JsonLocator {
  private tree: Node | undefined;
  private lines: LineIndex | undefined;

  constructor(private readonly file: string, private readonly text: string) {}

  /** The nearest existing node of `path`: its key's position for an object member. */
  locate(path: JsonPath): Location {
    this.tree ??= parseTree(this.text) ?? { type: 'null', offset: 0, length: 0 };
    this.lines ??= new LineIndex(this.text);
    let node: Node | undefined;
    let n = path.length;
    for (; n >= 0; n--) {
      node = findNodeAtLocation(this.tree, path.slice(0, n));
      if (node) break;
    }
    let offset = node?.offset ?? 0;
    // For an object member, point at its key (the line that names the field).
    if (node?.parent?.type === 'property' && node.parent.children?.[1] === node) offset = node.parent.offset;
    const start = this.lines.position(offset);
    return { file: this.file, line: start.line, column: start.column, endLine: start.line };
  }
}
