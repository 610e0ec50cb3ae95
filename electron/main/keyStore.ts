// The counter's keyring at rest on an Electron counter: encrypted with the OS secret store
// (safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) in a 0600 file
// in userData, decrypted only in memory and handed to the core process. Where no secret store
// is available, null is returned and the core keeps a 0600 key file in its data directory.
import fs from 'node:fs';
import path from 'node:path';
import { Keyring, writePrivateFile } from '../../native/crypto/keyring';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(s: string): Buffer;
  decryptString(b: Buffer): string;
}

export const KEYRING_FILE = 'keyring.sealed';

export function loadSealedKeyring(userData: string, safe: SafeStorageLike): string | null {
  if (!safe.isEncryptionAvailable()) return null;
  const file = path.join(userData, KEYRING_FILE);
  if (fs.existsSync(file)) {
    const json = safe.decryptString(fs.readFileSync(file));
    Keyring.parse(json); // fail here, not in the core, on a damaged file
    return json;
  }
  const json = JSON.stringify(Keyring.generate().toJSON());
  saveSealedKeyring(userData, safe, json);
  return json;
}

export function saveSealedKeyring(userData: string, safe: SafeStorageLike, json: string): void {
  Keyring.parse(json); // never store something that would not load
  writePrivateFile(path.join(userData, KEYRING_FILE), safe.encryptString(json));
}
