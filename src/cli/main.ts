#!/usr/bin/env node
/**
 * afo's entry point: argv -> command. The only place that calls process.exit; every command
 * returns its exit code, and every error goes through reportError (user mistakes print a clear
 * message, never a stack trace). Node's compile cache is switched on first where the runtime has
 * it (Node 22.1+; a no-op on Node 20), so later runs skip compiling afo and its libraries
 * (bench/README.md, start-up figures); the program itself is loaded after that.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCli } = await import('./program.js');
process.exit(await runCli(process.argv));
