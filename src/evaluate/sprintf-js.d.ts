// sprintf-js (the SDK's own sprintf, builtins.ts) ships no types.
declare module 'sprintf-js' {
  const sprintfJs: { vsprintf(format: unknown, args: unknown): string };
  export default sprintfJs;
}
