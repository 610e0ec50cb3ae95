// Layering of the repository as a lint rule: which top-level folder may import which. Each
// layer lists what it may import (relative imports resolved to a folder); domain/ additionally
// takes only the pure packages below. Modelled on VS Code's code-layering rule; our own code.
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Most specific first: a file belongs to the first layer whose folder holds it. */
const LAYERS = ['electron/core', 'electron/main', 'electron/preload', 'domain', 'native', 'server', 'renderer', 'storage', 'platform'];

/** What each layer may import. Layers not listed here (scripts, bench, tests, bin) may import anything. */
const ALLOWED = {
  domain: ['domain'],
  renderer: ['renderer', 'domain'],
  server: ['server', 'domain', 'native', 'storage', 'platform'],
  'electron/core': ['electron/core', 'domain', 'native', 'storage', 'platform'],
  native: ['native', 'domain', 'storage', 'platform'],
  storage: ['storage'],
  platform: ['platform', 'domain'],
};

/** The one file of the counter core allowed to start the hall server in-process (the demo's embedded hall). */
const EXCEPTIONS = { 'electron/core/embeddedHall.ts': ['server'] };

/** domain/ is pure: no I/O packages, no Node built-ins. */
const DOMAIN_PACKAGES = ['zod', 'uuid', 'pinyin-pro', 'chinese-days'];

const layerOf = (abs) => {
  const rel = path.relative(ROOT, abs).split(path.sep).join('/');
  if (rel.startsWith('..')) return null;
  return LAYERS.find((l) => rel === l || rel.startsWith(`${l}/`)) ?? rel.split('/')[0];
};

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layering of domain/, renderer/, server/, electron/core/, native/, storage/ and platform/' },
    messages: {
      layer: '{{from}}/ must not import {{to}}/ ({{spec}}). {{from}}/ may import: {{allowed}}.',
      domainPackage: 'domain/ is pure and must not import "{{spec}}" (allowed packages: {{allowed}}).',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const allowed = from && ALLOWED[from] ? [...ALLOWED[from], ...(EXCEPTIONS[rel] ?? [])] : null;
    if (!allowed) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const to = layerOf(path.resolve(path.dirname(file), spec));
        if (to && !allowed.includes(to)) context.report({ node, messageId: 'layer', data: { from, to, spec, allowed: allowed.join(', ') } });
        return;
      }
      if (from !== 'domain') return;
      const isBuiltin = spec.startsWith('node:') || builtinModules.includes(packageName(spec));
      if (isBuiltin || !DOMAIN_PACKAGES.includes(packageName(spec))) {
        context.report({ node, messageId: 'domainPackage', data: { spec, allowed: DOMAIN_PACKAGES.join(', ') } });
      }
    }

    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
      TSImportType: (n) => {
        const lit = n.argument?.literal ?? n.argument;
        if (lit?.type === 'Literal') check(n, lit.value);
      },
    };
  },
};
