#!/usr/bin/env node
// The argo-token command: runs cli/main.ts through the project's TypeScript hook (no build step,
// so the command is never older than its source).

process.env.ARGO_TOKEN_BIN = '1';
require('../tools/register.js');
require('../cli/main.ts');
