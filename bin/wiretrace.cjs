#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/ by `npm run build:cli` (run automatically by `npm ci`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'wiretrace.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('wiretrace: the CLI is not built yet. Run `npm ci` (or `npm run build:cli`) in the project first.\n');
  process.exit(2);
}
require(entry).runCli(process.argv.slice(2));
