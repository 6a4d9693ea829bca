import { Account } from './account.entity.js';
import {
  AnalyticsDaily,
  AnalyticsDistribution,
  CustomerAccountCount,
} from './analytics-rollup.entity.js';
import { Customer } from './customer.entity.js';
import { DailySnapshot } from './daily-snapshot.entity.js';
import { Organization } from './organization.entity.js';
import { LoginFailure, RefreshToken, Session } from './session.entity.js';
import { User } from './user.entity.js';

export {
  Account,
  ACCOUNT_STATUSES,
  type AccountStatus,
} from './account.entity.js';
export {
  AnalyticsDaily,
  AnalyticsDistribution,
  CustomerAccountCount,
} from './analytics-rollup.entity.js';
export { Customer } from './customer.entity.js';
export { DailySnapshot } from './daily-snapshot.entity.js';
export { Organization } from './organization.entity.js';
export { LoginFailure, RefreshToken, Session } from './session.entity.js';
export { User, type UserRole } from './user.entity.js';

export const ENTITIES = [
  Organization,
  User,
  Customer,
  Account,
  DailySnapshot,
  AnalyticsDaily,
  AnalyticsDistribution,
  CustomerAccountCount,
  Session,
  RefreshToken,
  LoginFailure,
];
