// Errors that end a run, and the exit code each one means.

/** A mistake in how the tool was called or configured: exit 2, with what to do. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something inside the gate failed: exit 2 (fail closed), with what to do. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** The report could not be written where it was asked for (a file, standard output): exit 2, with what to do. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** Normalises anything thrown (the Wasm SDK throws strings and plain objects) to an Error. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  if (thrown && typeof thrown === 'object' && 'message' in thrown) return new Error(String((thrown as { message: unknown }).message));
  return new Error(String(thrown));
}
