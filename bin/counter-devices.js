#!/usr/bin/env node
// The `counter-devices` bin: runs native/cli/main.ts through tsx (no build step for Node code).
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('../native/cli/main.ts', import.meta.url).href);
