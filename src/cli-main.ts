// The command line as dist/cli.js runs it (isolate.ts): the arguments, the exit code.
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2));
