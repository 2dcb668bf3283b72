// Compile-time assertion helpers shared by the type tests.

/** `true` when A and B are the same type (not merely mutually assignable). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when T is `true`. */
export type Assert<T extends true> = T;

/** Compiles only when `value` has exactly type T. */
export function expectType<T>(value: T): T {
  return value;
}

/** Compiles only when From is assignable to To. */
export type Assignable<From, To> = [From] extends [To] ? true : false;
