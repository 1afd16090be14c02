#!/usr/bin/env node
// The `yibao` command. Runs the compiled program in dist/ (built by `npm ci`
// through the prepare script, or by `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv);
