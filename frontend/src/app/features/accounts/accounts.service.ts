import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  Account,
  AccountListQuery,
  CreateAccountBody,
  MessageResponse,
  UpdateAccountBody,
} from '../../core/api/api';
import { nextCursor } from '../../shared/link-header';
import type { Page } from '../customers/customers.service';

/** /api/accounts, typed from the generated OpenAPI types. */
@Injectable({ providedIn: 'root' })
export class AccountsService {
  private readonly http = inject(HttpClient);

  async list(query: AccountListQuery): Promise<Page<Account>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== null && value !== '')
        params = params.set(key, String(value));
    const response = await firstValueFrom(
      this.http.get<Account[]>('/api/accounts', { params, observe: 'response' }),
    );
    return { items: response.body ?? [], next: nextCursor(response.headers.get('Link')) };
  }

  get(id: number): Promise<Account> {
    return firstValueFrom(this.http.get<Account>(`/api/accounts/${id}`));
  }

  create(body: CreateAccountBody): Promise<Account> {
    return firstValueFrom(this.http.post<Account>('/api/accounts', body));
  }

  update(id: number, body: UpdateAccountBody): Promise<Account> {
    return firstValueFrom(this.http.put<Account>(`/api/accounts/${id}`, body));
  }

  delete(id: number): Promise<MessageResponse> {
    return firstValueFrom(this.http.delete<MessageResponse>(`/api/accounts/${id}`));
  }
}
