// Whether a string is Unicode: no half of a UTF-16 surrogate pair on its own. Such a string
// cannot be written as UTF-8, and OPA's runtime refuses its JSON escape.

/** String.prototype.isWellFormed (Node.js 20 and 24 have it; the project's type library, ES2022, does not declare it). */
interface WellFormed {
  isWellFormed(): boolean;
}

export function isWellFormed(s: string): boolean {
  return (s as unknown as WellFormed).isWellFormed();
}
