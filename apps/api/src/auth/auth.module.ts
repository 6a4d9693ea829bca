import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AllConfig } from '../config/index.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { LoginFailureLimiter } from './login-failure-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => {
        const auth = config.get('auth', { infer: true });
        return {
          // A KeyObject, not the string: given a string, jsonwebtoken tries (and fails) to parse
          // it as a public key on every verify, which cost a quarter of a request's CPU.
          secret: createSecretKey(Buffer.from(auth.jwtSecret, 'utf8')),
          signOptions: { algorithm: 'HS256', expiresIn: auth.jwtExpiresIn },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => {
        const auth = config.get('auth', { infer: true });
        return { throttlers: [{ name: 'default', limit: auth.throttleLimit, ttl: auth.throttleTtlMs }] };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, PasswordHasher, SessionsService, LoginFailureLimiter, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [PasswordHasher, SessionsService],
})
export class AuthModule {}
