import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { Tenant, type TenantDataSource } from '@app/database';
import { strictMock } from '../../../../test/support/strict-mock.js';
import type { AllConfig } from '../config/index.js';
import { SESSION_CHECK_TTL_MS, SessionsService } from './sessions.service.js';

function setup() {
  const db = strictMock<TenantDataSource>('db');
  const config = strictMock<ConfigService<AllConfig, true>>('config');
  const sut = new SessionsService(
    db as unknown as TenantDataSource,
    config as unknown as ConfigService<AllConfig, true>,
  );
  return { sut, mocks: { db } };
}

/** A lookup the test answers when it likes. */
function pendingLookup() {
  let answer!: (rows: unknown[]) => void;
  const promise = new Promise<unknown[]>((resolve) => (answer = resolve));
  return { promise, answer };
}

describe('SessionsService.isActive (the guard’s per-request check)', () => {
  it('asks the primary once for concurrent requests of a session, then answers from memory', async () => {
    const { sut, mocks } = setup();
    const lookup = pendingLookup();
    mocks.db.rows.mockReturnValueOnce(lookup.promise);
    // Cache misses: each answer is a promise of the one pending lookup.
    const answers = [
      sut.isActive(1, 10, 5),
      sut.isActive(1, 10, 5),
      sut.isActive(1, 10, 5),
    ] as Promise<boolean>[];
    lookup.answer([{ user_id: 5, active: true }]);
    await expect(Promise.all(answers)).resolves.toEqual([true, true, true]);
    expect(sut.isActive(1, 10, 5)).toBe(true); // synchronous: no query
    expect(mocks.db.rows).toHaveBeenCalledTimes(1);
    const [tenant, , params] = mocks.db.rows.mock.calls[0];
    expect([tenant.organizationId, params]).toEqual([1, [10]]);
  });

  it(`asks again after ${SESSION_CHECK_TTL_MS} ms, and then sees a revocation made elsewhere`, async () => {
    const { sut, mocks } = setup();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      mocks.db.rows.mockResolvedValueOnce([
        { user_id: 5, active: true },
      ] as never);
      await expect(sut.isActive(1, 10, 5)).resolves.toBe(true);
      now.mockReturnValue(1_000_000 + SESSION_CHECK_TTL_MS - 1);
      expect(sut.isActive(1, 10, 5)).toBe(true);
      now.mockReturnValue(1_000_000 + SESSION_CHECK_TTL_MS + 1);
      mocks.db.rows.mockResolvedValueOnce([
        { user_id: 5, active: false },
      ] as never);
      await expect(sut.isActive(1, 10, 5)).resolves.toBe(false);
      // Revoked is final: never asked again.
      now.mockReturnValue(1_000_000 + 10 * SESSION_CHECK_TTL_MS);
      expect(sut.isActive(1, 10, 5)).toBe(false);
      expect(mocks.db.rows).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('a revocation on this process wins over a lookup that was already under way', async () => {
    const { sut, mocks } = setup();
    const lookup = pendingLookup();
    mocks.db.rows.mockReturnValueOnce(lookup.promise);
    const answer = sut.isActive(1, 10, 5);
    sut.forget(Tenant.of(1), [10]);
    lookup.answer([{ user_id: 5, active: true }]);
    await expect(answer).resolves.toBe(false);
    expect(sut.isActive(1, 10, 5)).toBe(false);
  });

  it('refuses a token naming an existing session of another user, and a session that does not exist', async () => {
    const { sut, mocks } = setup();
    mocks.db.rows.mockResolvedValueOnce([
      { user_id: 5, active: true },
    ] as never);
    await expect(sut.isActive(1, 10, 6)).resolves.toBe(false);
    expect(sut.isActive(1, 10, 5)).toBe(true);
    mocks.db.rows.mockResolvedValueOnce([] as never);
    await expect(sut.isActive(1, 11, 5)).resolves.toBe(false);
    // Sessions are per organization: the same id elsewhere is another session.
    mocks.db.rows.mockResolvedValueOnce([] as never);
    await expect(sut.isActive(2, 10, 5)).resolves.toBe(false);
  });
});
