import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import {
  DEMO_PASSWORD,
  DEMO_USERNAME,
  type TenantDataSource,
} from '@app/database';
import { DemoLoginUnavailable } from '@app/common';
import type { DataSource } from 'typeorm';
import { strictMock } from '../../../../test/support/strict-mock.js';
import type { AllConfig } from '../config/index.js';
import type { AccessTokens } from './access-tokens.js';
import { AuthService, DEMO_LOGIN_CACHE_MS } from './auth.service.js';
import type { LoginFailureLimiter } from './login-failure-limiter.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionsService } from './sessions.service.js';

function setup() {
  const primary = strictMock<DataSource>('primary');
  const config = strictMock<ConfigService<AllConfig, true>>('config');
  const passwords = strictMock<PasswordHasher>('passwords');
  const sut = new AuthService(
    primary as unknown as DataSource,
    strictMock<TenantDataSource>('db') as unknown as TenantDataSource,
    strictMock<AccessTokens>('tokens') as unknown as AccessTokens,
    config as unknown as ConfigService<AllConfig, true>,
    passwords as unknown as PasswordHasher,
    strictMock<SessionsService>('sessions') as unknown as SessionsService,
    strictMock<LoginFailureLimiter>(
      'loginFailures',
    ) as unknown as LoginFailureLimiter,
  );
  return { sut, mocks: { primary, config, passwords } };
}

const DEMO_USER = {
  id: '1',
  organization_id: '1',
  username: DEMO_USERNAME,
  role: 'admin',
  password_hash: '$2b$10$stored',
};

describe('AuthService.demoLogin (the sign-in page’s hint)', () => {
  it(`checks the demo user's password once, answers from memory for ${DEMO_LOGIN_CACHE_MS} ms, then checks again`, async () => {
    const { sut, mocks } = setup();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      mocks.config.get.mockReturnValue(true);
      mocks.primary.query.mockResolvedValueOnce([DEMO_USER] as never);
      mocks.passwords.check.mockResolvedValueOnce({
        matches: true,
        needsRehash: true,
      });
      const demo = { username: DEMO_USERNAME, password: DEMO_PASSWORD };
      await expect(sut.demoLogin()).resolves.toEqual(demo);
      expect(mocks.primary.query.mock.calls[0][1]).toEqual([DEMO_USERNAME]);
      expect(mocks.passwords.check).toHaveBeenCalledWith(
        DEMO_PASSWORD,
        DEMO_USER.password_hash,
      );

      now.mockReturnValue(1_000_000 + DEMO_LOGIN_CACHE_MS - 1);
      await expect(sut.demoLogin()).resolves.toEqual(demo);
      expect(mocks.primary.query).toHaveBeenCalledTimes(1);
      expect(mocks.passwords.check).toHaveBeenCalledTimes(1);

      // The password was changed elsewhere: the next check after the minute finds out.
      now.mockReturnValue(1_000_000 + DEMO_LOGIN_CACHE_MS);
      mocks.primary.query.mockResolvedValueOnce([DEMO_USER] as never);
      mocks.passwords.check.mockResolvedValueOnce({
        matches: false,
        needsRehash: true,
      });
      await expect(sut.demoLogin()).rejects.toBeInstanceOf(
        DemoLoginUnavailable,
      );
      await expect(sut.demoLogin()).rejects.toBeInstanceOf(
        DemoLoginUnavailable,
      );
      expect(mocks.primary.query).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('answers 404 without touching the database when SEED_DATA is off', async () => {
    const { sut, mocks } = setup();
    mocks.config.get.mockReturnValue(false);
    await expect(sut.demoLogin()).rejects.toBeInstanceOf(DemoLoginUnavailable);
    expect(mocks.config.get.mock.calls).toEqual([
      ['database.seed', { infer: true }],
    ]);
  });

  it('answers 404 when there is no demo user, without verifying a password', async () => {
    const { sut, mocks } = setup();
    mocks.config.get.mockReturnValue(true);
    mocks.primary.query.mockResolvedValueOnce([] as never);
    await expect(sut.demoLogin()).rejects.toBeInstanceOf(DemoLoginUnavailable);
  });

  it('does not keep a failed check: the next request checks again', async () => {
    const { sut, mocks } = setup();
    mocks.config.get.mockReturnValue(true);
    mocks.primary.query.mockRejectedValueOnce(new Error('connection lost'));
    await expect(sut.demoLogin()).rejects.toThrow('connection lost');
    mocks.primary.query.mockResolvedValueOnce([DEMO_USER] as never);
    mocks.passwords.check.mockResolvedValueOnce({
      matches: true,
      needsRehash: true,
    });
    await expect(sut.demoLogin()).resolves.toEqual({
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    });
  });
});
