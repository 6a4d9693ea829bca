import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  ErrorResponseDto,
  MessageResponseDto,
} from '../common/error-response.dto.js';
import type { AuthUser } from './auth-user.js';
import {
  ApiBearer,
  CurrentUser,
  Public,
  Throttled,
} from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import {
  ChangePasswordDto,
  DemoLoginDto,
  LoginDto,
  LoginResponseDto,
  RefreshDto,
  RegisterDto,
  RegisterResponseDto,
  TokenPairDto,
  UserDto,
} from './dto/auth.dto.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Throttled()
  @Post('register')
  @ApiOperation({
    summary: 'Create an organization and its first (admin) user',
  })
  @ApiCreatedResponse({ type: RegisterResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Username already exists',
  })
  async register(@Body() dto: RegisterDto): Promise<RegisterResponseDto> {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return {
      message: 'User registered successfully',
      user: await this.auth.register(dto),
    };
  }

  @Public()
  @Get('demo-login')
  @ApiOperation({
    summary: 'The demo sign-in, when this server has the demo data',
    description:
      'Only while SEED_DATA=true and the demo user still has the demo password (checked at most once a minute per process); the sign-in page shows it as a hint.',
  })
  @ApiOkResponse({ type: DemoLoginDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No demo data, or the demo password was changed',
  })
  demoLogin(): Promise<DemoLoginDto> {
    return this.auth.demoLogin();
  }

  @Public()
  @Throttled(
    'Too many attempts from this address, or too many failed sign-ins for this username from any address; see Retry-After',
  )
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Exchange username and password for an access token and a refresh token (a new session)',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Invalid credentials',
  })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Public()
  @Throttled()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Exchange a refresh token for a new access token and refresh token',
    description:
      'The refresh token is spent. Presenting a spent one again revokes its whole session (token theft).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description:
      'Unknown, spent or expired refresh token, or a revoked session',
  })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token);
  }

  @Throttled()
  @Post('logout')
  @HttpCode(204)
  @ApiBearer()
  @ApiOperation({
    summary:
      "Revoke the caller's session: its access and refresh tokens stop working",
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Throttled('Rate limited, or too many wrong passwords; see Retry-After')
  @Put('password')
  @ApiBearer()
  @ApiOperation({
    summary:
      "Change the caller's password; every other session of the user is revoked",
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Invalid new password, or current_password is wrong',
  })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<MessageResponseDto> {
    await this.auth.changePassword(user, dto);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return { message: 'Password changed; your other sessions were signed out' };
  }

  @Get('me')
  @ApiBearer()
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user.id, user.organizationId);
  }
}
