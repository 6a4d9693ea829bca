import { describe, expect, it } from '@jest/globals';
import { DEMO_HISTORY_DAYS, demoData } from './seed.js';

/** Each account's status today, and the customers and accounts still there, after the events. */
function today() {
  const { customers, events } = demoData();
  const accounts = new Map(
    customers.flatMap((customer) =>
      customer.accounts.map((account) => [
        `${customer.email}/${account.name}`,
        account.status as string,
      ]),
    ),
  );
  const left = new Set<string>();
  for (const event of events) {
    if (event.kind === 'delete-customer') left.add(event.email);
    else if (event.kind === 'delete-account')
      accounts.delete(`${event.email}/${event.account}`);
    else accounts.set(`${event.email}/${event.account}`, event.status);
  }
  for (const key of accounts.keys())
    if (left.has(key.split('/')[0])) accounts.delete(key);
  return { customers: customers.length - left.size, accounts };
}

describe('demoData (the demo seed’s story)', () => {
  const { customers, events } = demoData();
  const created = new Map(
    customers.flatMap((customer) => [
      [customer.email, customer.daysAgo],
      ...customer.accounts.map(
        (account) =>
          [`${customer.email}/${account.name}`, account.daysAgo] as const,
      ),
    ]),
  );

  it('is the same every time', () => {
    expect(demoData()).toEqual({ customers, events });
  });

  it('spreads 40-60 customers and 100-150 accounts over the last 90 days, more of them lately', () => {
    const accounts = customers.flatMap((customer) => customer.accounts);
    expect(customers.length).toBeGreaterThanOrEqual(40);
    expect(customers.length).toBeLessThanOrEqual(60);
    expect(accounts.length).toBeGreaterThanOrEqual(100);
    expect(accounts.length).toBeLessThanOrEqual(150);
    for (const row of [...customers, ...accounts]) {
      expect(row.daysAgo).toBeGreaterThanOrEqual(1);
      expect(row.daysAgo).toBeLessThan(DEMO_HISTORY_DAYS);
    }
    const inLast = (days: number) =>
      customers.filter((customer) => customer.daysAgo < days).length;
    // A growing curve: the last month brings more customers than the month before it, and that one
    // more than the first.
    expect(inLast(30)).toBeGreaterThan(inLast(60) - inLast(30));
    expect(inLast(60) - inLast(30)).toBeGreaterThan(
      customers.length - inLast(60),
    );
    expect(new Set(customers.map((customer) => customer.email)).size).toBe(
      customers.length,
    );
    for (const customer of customers) {
      const names = customer.accounts.map((account) => account.name);
      expect(new Set(names).size).toBe(names.length);
      // No account before its customer.
      for (const account of customer.accounts)
        expect(account.daysAgo * -1440 + account.minute).toBeGreaterThanOrEqual(
          customer.daysAgo * -1440 + customer.minute,
        );
    }
  });

  it('changes statuses and deletes rows on past days, each after what it changes was created', () => {
    const kinds = events.map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'status').length).toBeGreaterThan(5);
    expect(kinds.filter((kind) => kind === 'delete-account').length).toBe(
      new Set(
        events
          .filter((event) => event.kind === 'delete-account')
          .map((event) => `${event.email}/${event.account}`),
      ).size,
    );
    expect(kinds).toContain('delete-account');
    expect(kinds.filter((kind) => kind === 'delete-customer')).toHaveLength(3);
    for (const event of events) {
      const key =
        event.kind === 'delete-customer'
          ? event.email
          : `${event.email}/${event.account}`;
      expect({ event, after: created.get(key) }).toEqual({
        event,
        after: expect.any(Number),
      });
      expect(event.daysAgo).toBeGreaterThanOrEqual(1);
      expect(event.daysAgo).toBeLessThan(created.get(key) ?? 0);
    }
    // Oldest first, and nothing happens to a deleted customer's accounts after it left.
    expect(events.map((event) => -event.daysAgo)).toEqual(
      events.map((event) => -event.daysAgo).sort((a, b) => a - b),
    );
    for (const gone of events.filter(
      (event) => event.kind === 'delete-customer',
    )) {
      const customer = customers.find(({ email }) => email === gone.email);
      for (const account of customer?.accounts ?? [])
        expect(account.daysAgo).toBeGreaterThan(gone.daysAgo);
      expect(
        events.filter((event) => event.email === gone.email && event !== gone),
      ).toEqual([]);
    }
  });

  it('keeps the five named customers with their accounts as they always were', () => {
    const { accounts } = today();
    const named = (email: string) =>
      [...accounts]
        .filter(([key]) => key.startsWith(`${email}/`))
        .map(([key, status]) => [key.slice(email.length + 1), status]);
    expect(customers.slice(0, 5).map((customer) => customer.name)).toEqual([
      'Acme Corporation',
      'Globex Inc',
      'Initech',
      'Umbrella Ltd',
      'Stark Industries',
    ]);
    expect(named('contact@acme.example')).toEqual([
      ['Enterprise', 'active'],
      ['Support Plus', 'active'],
    ]);
    expect(named('hello@initech.example')).toEqual([
      ['Starter', 'inactive'],
      ['Professional', 'active'],
    ]);
    expect(named('admin@umbrella.example')).toEqual([
      ['Enterprise', 'active'],
      ['Analytics Add-on', 'inactive'],
    ]);
  });
});
