// The counter's configuration file (userData/counter.json), written by the installer or a
// technician: hall server URL, window number, device ports. Env vars override for testing.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CounterFileConfig {
  hallUrl?: string;
  windowNo?: number;
  idCardPort?: string;
  printer?: string;
  printerWidthMm?: 58 | 80;
  keyBoxPort?: string;
  ledPort?: string;
  enrollCode?: string;
  /** The city's 电子证照 library (免提交, docs/licences.md). */
  licenceService?: string;
}

export function readCounterConfig(userData: string, env: NodeJS.ProcessEnv = process.env): CounterFileConfig {
  const file = join(userData, 'counter.json');
  const fromFile: CounterFileConfig = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CounterFileConfig) : {};
  return {
    ...fromFile,
    ...(env.HALL_URL ? { hallUrl: env.HALL_URL } : {}),
    ...(env.WINDOW_NO ? { windowNo: Number(env.WINDOW_NO) } : {}),
  };
}
