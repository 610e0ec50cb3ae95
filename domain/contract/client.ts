// Generates the typed API object from the contract map. The Electron preload and the
// browser-mode bridge both call this with their own transport, so neither lists methods by hand.
import type { AnyMethods, ApiOf } from './define';

export type Transport = (method: string, input: unknown) => Promise<unknown>;

export function generateApi<M extends AnyMethods>(methods: M, transport: Transport): ApiOf<M> {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) api[name] = (input: unknown) => transport(name, input ?? {});
  return api as ApiOf<M>;
}
