// Building blocks of the typed core contract: a method is a zod input schema plus a phantom
// output type; an event is a phantom payload type. The bridge and the host are generated from
// the contract map, so a method exists in one place only.
import type { z } from 'zod';

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: never set at run time; carries the output type. */
  readonly __output?: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

export interface EventSpec<P> {
  readonly __payload?: P;
}

export function event<P>(): EventSpec<P> {
  return {};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethods = Record<string, MethodSpec<any, unknown>>;
export type AnyEvents = Record<string, EventSpec<unknown>>;

export type InputOf<M extends AnyMethods, K extends keyof M> = z.input<M[K]['input']>;
export type OutputOf<M extends AnyMethods, K extends keyof M> = M[K] extends MethodSpec<z.ZodType, infer O> ? O : never;
export type PayloadOf<E extends AnyEvents, K extends keyof E> = E[K] extends EventSpec<infer P> ? P : never;

export type ApiOf<M extends AnyMethods> = {
  [K in keyof M]: (input: InputOf<M, K>) => Promise<OutputOf<M, K>>;
};

export type EventHandlers<E extends AnyEvents> = {
  [K in keyof E]: (payload: PayloadOf<E, K>) => void;
};
