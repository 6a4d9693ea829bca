import { beforeAll, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const sut = new PasswordHasher();
  beforeAll(() => sut.onModuleInit());

  it('hashes with Argon2id at the configured parameters, and reads every byte of the password', async () => {
    const prefix = 'x'.repeat(72);
    const stored = await sut.hash(`${prefix}-right`);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(sut.check(`${prefix}-right`, stored)).resolves.toEqual({
      matches: true,
      needsRehash: false,
    });
    await expect(sut.check(`${prefix}-wrong`, stored)).resolves.toMatchObject({
      matches: false,
    });
  });

  it('verifies a bcrypt hash and asks for it to be replaced', async () => {
    const stored = await bcrypt.hash('legacy-password', 4);
    await expect(sut.check('legacy-password', stored)).resolves.toEqual({
      matches: true,
      needsRehash: true,
    });
    await expect(sut.check('legacy-password-x', stored)).resolves.toMatchObject(
      { matches: false },
    );
  });

  it('asks for Argon2 hashes of other parameters to be replaced', async () => {
    const weaker =
      '$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$2Kq1v9Wd1cJKyGfdyB0Ht0qLcLe4wXJmOQ8ss6J1wYY';
    await expect(sut.check('anything', weaker)).resolves.toMatchObject({
      matches: false,
      needsRehash: true,
    });
  });

  it('matches nothing without a user (dummy hash), nor against a hash it cannot read', async () => {
    await expect(
      sut.check('not-a-real-password', undefined),
    ).resolves.toMatchObject({ matches: false });
    await expect(sut.check('whatever', 'garbage')).resolves.toMatchObject({
      matches: false,
    });
  });
});
