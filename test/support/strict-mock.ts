import { jest } from '@jest/globals';

type AnyFn = (...args: never[]) => unknown;
export type StrictMock<T> = {
  [K in keyof T]: T[K] extends AnyFn ? jest.Mock<T[K]> : T[K];
};

/**
 * A mock whose every method fails the test when called without an expectation set
 * (`mock.method.mockResolvedValueOnce(...)`), so an unexpected call cannot pass silently.
 */
export function strictMock<T extends object>(name: string): StrictMock<T> {
  const methods = new Map<PropertyKey, jest.Mock>();
  return new Proxy({} as StrictMock<T>, {
    get(_target, property) {
      if (property === 'then') return undefined; // not a thenable
      if (!methods.has(property)) {
        methods.set(
          property,
          jest.fn(() => {
            throw new Error(`unexpected call: ${name}.${String(property)}()`);
          }),
        );
      }
      return methods.get(property);
    },
  });
}
