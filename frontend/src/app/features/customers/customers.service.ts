import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  Account,
  Customer,
  CustomerBody,
  CustomerListQuery,
  MessageResponse,
} from '../../core/api/api';
import { nextCursor } from '../../shared/link-header';

export interface Page<T> {
  items: T[];
  /** Cursor of the next page (from the Link header), null on the last page. */
  next: string | null;
}

function params(query: Record<string, string | number | undefined | null>): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '')
      result = result.set(key, String(value));
  return result;
}

/** /api/customers, typed from the generated OpenAPI types. */
@Injectable({ providedIn: 'root' })
export class CustomersService {
  private readonly http = inject(HttpClient);

  async list(query: CustomerListQuery): Promise<Page<Customer>> {
    const response = await firstValueFrom(
      this.http.get<Customer[]>('/api/customers', {
        params: params({ ...query }),
        observe: 'response',
      }),
    );
    return { items: response.body ?? [], next: nextCursor(response.headers.get('Link')) };
  }

  get(id: number): Promise<Customer> {
    return firstValueFrom(this.http.get<Customer>(`/api/customers/${id}`));
  }

  create(body: CustomerBody): Promise<Customer> {
    return firstValueFrom(this.http.post<Customer>('/api/customers', body));
  }

  update(id: number, body: CustomerBody): Promise<Customer> {
    return firstValueFrom(this.http.put<Customer>(`/api/customers/${id}`, body));
  }

  delete(id: number): Promise<MessageResponse> {
    return firstValueFrom(this.http.delete<MessageResponse>(`/api/customers/${id}`));
  }

  async accounts(id: number, cursor?: string | null, limit = 50): Promise<Page<Account>> {
    const response = await firstValueFrom(
      this.http.get<Account[]>(`/api/customers/${id}/accounts`, {
        params: params({ limit, cursor }),
        observe: 'response',
      }),
    );
    return { items: response.body ?? [], next: nextCursor(response.headers.get('Link')) };
  }
}
