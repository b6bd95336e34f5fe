#!/usr/bin/env node
// The `wservices` command (npx wservices …): runs src/cli.ts through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
