#!/usr/bin/env node
// The argo-token command: runs cli/main.ts through the project's TypeScript hook (no build step,
// so the command is never older than its source).

process.env.ARGO_TOKEN_BIN = '1';
require('../tools/register.js');
// Errors are one line; stacks (pointing at the .ts lines) are printed only with ARGO_TOKEN_DEBUG=1,
// so source maps (parsing those of every dependency costs about 0.3 s a run) are only read then.
if (process.env.ARGO_TOKEN_DEBUG !== '1') process.setSourceMapsEnabled(false);
require('../cli/main.ts');
