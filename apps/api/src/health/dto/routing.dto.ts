import { ApiProperty } from '@nestjs/swagger';
import { ROUTE_REASONS } from '@app/database';

export class FollowerStatusDto {
  @ApiProperty({
    example: '1',
    description:
      '1-based position in ANALYTICS_DB_URL (the `replica` label of /metrics, X-Served-By-Replica)',
  })
  replica: string;

  @ApiProperty({
    enum: ['up', 'lagging', 'down'],
    description:
      'lagging: more than REPLICA_MAX_LAG_MS behind; lagging and down serve no reads',
  })
  status: string;

  @ApiProperty({
    example: 3,
    description:
      'Time since the leader first passed the replay position (0: everything replayed)',
  })
  lag_ms: number;

  @ApiProperty({
    example: 0,
    description: 'WAL bytes flushed on the leader and not replayed here',
  })
  lag_bytes: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0/3A1F2B8',
    description: 'Last replay position read (null before the first answer)',
  })
  replay_lsn: string | null;
}

export class RouteCountDto {
  @ApiProperty({ enum: ['follower', 'leader'] })
  target: string;

  @ApiProperty({ enum: ROUTE_REASONS })
  reason: string;

  @ApiProperty({ example: 1200 })
  count: number;
}

export class RoutingStatusDto {
  @ApiProperty({
    enum: ['follower', 'replication', 'using primary'],
    description:
      'DB_ROUTING with followers (follower: their own pools; replication: TypeORM slaves), or no follower',
  })
  mode: string;

  @ApiProperty({
    enum: ['redis', 'memory', 'off'],
    description:
      "Where organizations' write positions live: Redis (every process), this process's memory, or off (CAUSAL_READS=false)",
  })
  positions: string;

  @ApiProperty({ type: [FollowerStatusDto] })
  followers: FollowerStatusDto[];

  @ApiProperty({
    type: [RouteCountDto],
    description:
      'Analytics reads answered by this api process since it started, by target and X-Routing-Reason',
  })
  routes: RouteCountDto[];
}
