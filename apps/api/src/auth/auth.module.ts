import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { TenancyModule } from '@app/database';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AllConfig } from '../config/index.js';
import { AccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { LoginFailureLimiter } from './login-failure-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [
    TenancyModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => {
        const auth = config.get('auth', { infer: true });
        return {
          throttlers: [
            {
              name: 'default',
              limit: auth.throttleLimit,
              ttl: auth.throttleTtlMs,
            },
          ],
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordHasher,
    SessionsService,
    LoginFailureLimiter,
    AccessTokens,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [PasswordHasher, SessionsService],
})
export class AuthModule {}
