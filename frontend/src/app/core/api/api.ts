// Names for the API's types, all taken from openapi.gen.ts, which `npm run generate:api` writes
// from ../../../../openapi.json (the API's /swagger-json, kept in sync by the API's test suite).
import type { components, operations } from './openapi.gen';

type Schemas = components['schemas'];
/** The query parameters of a list operation, e.g. ListQuery<'AccountsController_list'>. */
type ListQuery<Operation extends keyof operations> = NonNullable<
  operations[Operation]['parameters']['query']
>;

export type User = Schemas['UserDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type TokenPair = Schemas['TokenPairDto'];
export type RefreshRequest = Schemas['RefreshDto'];
export type RegisterRequest = Schemas['RegisterDto'];
export type RegisterResponse = Schemas['RegisterResponseDto'];
export type ErrorResponse = Schemas['ErrorResponseDto'];
export type MessageResponse = Schemas['MessageResponseDto'];
export type DemoLogin = Schemas['DemoLoginDto'];

export type Customer = Schemas['CustomerDto'];
export type CustomerBody = Schemas['CreateCustomerDto'];
export type CustomerListQuery = ListQuery<'CustomersController_list'>;
export type CustomerSort = NonNullable<CustomerListQuery['sort']>;
export type SortOrder = NonNullable<CustomerListQuery['order']>;

export type Account = Schemas['AccountDto'];
export type AccountStatus = Account['status'];
export type CreateAccountBody = Schemas['CreateAccountDto'];
export type UpdateAccountBody = Schemas['UpdateAccountDto'];
export type AccountListQuery = ListQuery<'AccountsController_list'>;

export type OrganizationAnalytics = Schemas['AnalyticsDto'];
export type CustomerAnalytics = Schemas['CustomerAnalyticsDto'];
export type DistributionBucket = Schemas['DistributionBucketDto'];
export type GrowthDay = Schemas['GrowthDayDto'];

export type Health =
  operations['HealthController_check']['responses'][200]['content']['application/json'];
export type RoutingStatus = Schemas['RoutingStatusDto'];
export type FollowerStatus = Schemas['FollowerStatusDto'];
export type RouteCount = Schemas['RouteCountDto'];
/** X-Routing-Reason: why the follower or the leader answered an analytics read. */
export type RouteReason = RouteCount['reason'];

export type Job = Schemas['JobDto'];
/** What a completed aggregation job computed (Job['result'] once set). */
export type AggregateResult = Schemas['AggregateResultDto'];
export type JobState = Job['state'];
export type StartAggregationRequest = Schemas['EnqueueAggregateDto'];
export type StartAggregationResponse = Schemas['EnqueuedJobDto'];
