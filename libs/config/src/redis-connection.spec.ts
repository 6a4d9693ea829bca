import { describe, expect, it } from '@jest/globals';
import {
  describeRedisUrl,
  producerRedisOptions,
  redisOptions,
  workerRedisOptions,
} from './redis-connection.js';

describe('redisOptions', () => {
  it('uses TLS for rediss:// (Heroku) without verifying the self-signed certificate by default', () => {
    const options = redisOptions(
      'rediss://:p%40ss@ec2-1-2-3-4.compute.example:25070',
      false,
    );
    expect(options).toMatchObject({
      host: 'ec2-1-2-3-4.compute.example',
      port: 25070,
      password: 'p@ss',
      tls: {
        rejectUnauthorized: false,
        servername: 'ec2-1-2-3-4.compute.example',
      },
    });
    expect(redisOptions('rediss://h:1', true).tls).toMatchObject({
      rejectUnauthorized: true,
    });
  });

  it('uses plain TCP for redis://, with the user, database and default port', () => {
    const options = redisOptions('redis://user:pw@127.0.0.1/2', false);
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 6379,
      username: 'user',
      password: 'pw',
      db: 2,
    });
    expect(options.tls).toBeUndefined();
  });

  it('keeps reconnecting, at most every 2 s', () => {
    const retry = redisOptions('redis://h', false).retryStrategy;
    if (!retry) throw new Error('no retryStrategy');
    expect(retry(1)).toBe(200);
    expect(retry(1000)).toBe(2000);
  });

  it('makes producers fail fast and workers block as BullMQ requires', () => {
    expect(producerRedisOptions('redis://h', false)).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    expect(
      workerRedisOptions('redis://h', false).maxRetriesPerRequest,
    ).toBeNull();
  });

  it('never logs the password', () => {
    expect(describeRedisUrl('rediss://:secret@host.example:6380')).toBe(
      'rediss://host.example:6380',
    );
  });
});
