import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ReadRouter } from '@app/database';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { RoutingStatusDto } from './dto/routing.dto.js';

/** The routing state behind the portal's System page: each follower's lag and where reads went. */
@ApiTags('system')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/system')
export class RoutingController {
  constructor(private readonly router: ReadRouter) {}

  @Get('routing')
  @ApiOperation({
    summary:
      "Each follower's status and lag, and this process's analytics reads by server and reason",
  })
  @ApiOkResponse({ type: RoutingStatusDto })
  routing(): RoutingStatusDto {
    /* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; literals with their fields are ones */
    return {
      mode: this.router.mode,
      positions: this.router.positionsMode,
      followers: this.router.reports(),
      routes: this.router.routeCounts(),
    };
    /* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */
  }
}
