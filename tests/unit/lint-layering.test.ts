// The layering lint rule (eslint-rules/layering.js) holds: real ESLint, with the repository's
// own config, on temporary files placed in each layer with an import that layer must not make.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const made: string[] = [];
afterAll(() => {
  for (const f of made) fs.rmSync(f, { force: true });
});

/** Writes `source` to a temp file at `rel` (inside the repo, so the config applies) and lints it. */
async function lint(rel: string, source: string): Promise<string[]> {
  const file = path.join(root, rel);
  made.push(file);
  fs.writeFileSync(file, source);
  try {
    const [r] = await eslint.lintFiles([file]);
    return r!.messages.filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const tmp = (dir: string) => `${dir}/zz-layering-probe-${process.pid}.ts`;

describe('layering lint', () => {
  it('domain imports nothing outside domain/, not even two levels up, and no Node built-ins', async () => {
    expect(await lint(tmp('domain/queue'), "import { openStore } from '../../server/db/connection';\nexport const x = openStore;\n")).toEqual([
      expect.stringContaining('domain/ must not import server/'),
    ]);
    expect(await lint(tmp('domain/queue'), "import { x } from '../../native/printer/render';\nexport const y = x;\n")).toEqual([
      expect.stringContaining('must not import native/'),
    ]);
    expect(await lint(tmp('domain'), "import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nexport const y = [fs, Database];\n")).toHaveLength(2);
    expect(await lint(tmp('domain/queue'), "import { z } from 'zod';\nimport { x } from '../api/hall';\nexport const y = [z, x];\n")).toEqual([]);
  });

  it('the renderer never imports server/, native/ or electron/core', async () => {
    const msgs = await lint(
      tmp('renderer/src/components'),
      [
        "import { a } from '../../../server/app';",
        "import { b } from '../../../native/simulators';",
        "import type { C } from '../../../electron/core/counterCore';",
        'export const x = [a, b] as unknown as C;',
      ].join('\n'),
    );
    expect(msgs.map((m) => /must not import (\S+)\//.exec(m)?.[1])).toEqual(['server', 'native', 'electron/core']);
  });

  it('the server never imports electron/ or renderer/; the counter core not the server (except its embedded hall)', async () => {
    expect(await lint(tmp('server/routes'), "import { a } from '../../electron/core/db';\nexport const x = a;\n")).toEqual([
      expect.stringContaining('server/ must not import electron/core/'),
    ]);
    expect(await lint(tmp('server'), "export { b } from '../renderer/src/bridge/hallBridge';\n")).toEqual([
      expect.stringContaining('must not import renderer/'),
    ]);
    expect(await lint(tmp('electron/core'), "import { startHallServer } from '../../server/app';\nexport const x = startHallServer;\n")).toEqual([
      expect.stringContaining('electron/core/ must not import server/'),
    ]);
    expect(
      await lint(tmp('electron/core/session'), "import { hashPasswordSync } from '../../../platform/passwords';\nexport const x = hashPasswordSync;\n"),
    ).toEqual([]);
  });
});
