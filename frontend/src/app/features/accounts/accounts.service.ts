import { Injectable } from '@angular/core';
import type {
  Account,
  AccountListQuery,
  CreateAccountBody,
  UpdateAccountBody,
} from '../../core/api/api';
import { RecordApi } from '../../shared/record-api';

/** /api/accounts, typed from the generated OpenAPI types (see RecordApi). */
@Injectable({ providedIn: 'root' })
export class AccountsService extends RecordApi<
  Account,
  AccountListQuery,
  CreateAccountBody,
  UpdateAccountBody
> {
  constructor() {
    super('/api/accounts', 'account');
  }
}
