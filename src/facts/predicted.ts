/**
 * Fact values a module predicts for after its change (Module.predict; docs/architecture.md §3.3,
 * predicted facts). A field the change does not set exactly (a file's mtime) is left unknown:
 * reading it throws `Unpredicted`, and the batch then ends before the task that read it.
 */
export class Unpredicted extends Error {
  constructor(field: string) {
    super(`${field} is not known until the change has run`);
  }
}

/**
 * `value` (a prediction itself, maybe: its unknown fields stay unknown) with `set` applied and
 * `fields` that throw when read.
 */
export function withUnknown<T extends object>(value: T, fields: string[], set: Partial<T> = {}): T {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(value)) as T;
  for (const [k, v] of Object.entries(set)) Object.defineProperty(out, k, { enumerable: true, writable: true, configurable: true, value: v });
  for (const f of fields)
    Object.defineProperty(out, f, {
      enumerable: true,
      configurable: true,
      get() {
        throw new Unpredicted(f);
      },
    });
  return out;
}
