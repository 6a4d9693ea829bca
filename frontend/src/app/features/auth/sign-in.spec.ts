import { SignIn } from './sign-in';
import { query } from '../../../testing/dom';
import { failure } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const DEMO_LOGIN = '/api/auth/demo-login';

/** The sign-in page of a server without demo data (the demo login answers 404). */
async function renderWithoutDemo() {
  const page = renderPage(SignIn);
  page.backend.expectOne(DEMO_LOGIN).flush(...failure(404, 'No demo login on this server'));
  await page.stable();
  return page;
}

describe('SignIn', () => {
  it('asks for both credentials before calling the API', async () => {
    const { submit, text, stable, backend, element } = await renderWithoutDemo();
    expect(query(element, '#password').getAttribute('autocomplete')).toBe('current-password');
    expect(query(element, '#username').getAttribute('aria-describedby')).toBe('username-error');
    submit();
    await stable();
    expect([text('username-error'), text('password-error')]).toEqual([
      'Enter your username.',
      'Enter your password.',
    ]);
    backend.expectNone('/api/auth/login');
  });

  it('says so when the credentials do not match', async () => {
    const { submit, type, text, stable, backend } = await renderWithoutDemo();
    type('#username', 'ann');
    type('#password', 'wrong-password');
    submit();
    backend
      .expectOne({ method: 'POST', url: '/api/auth/login' })
      .flush(...failure(401, 'Invalid credentials'));
    await stable();
    expect(text('form-error')).toBe('Wrong username or password.');
    backend.verify();
  });

  it('shows the demo login when the server has the demo data, and fills in nothing', async () => {
    const { text, stable, backend, element } = renderPage(SignIn);
    backend.expectOne(DEMO_LOGIN).flush({ username: 'admin', password: 'admin123' });
    await stable();
    expect(text('demo-login')).toBe('Demo login: admin / admin123');
    expect(query<HTMLInputElement>(element, '#username').value).toBe('');
    expect(query<HTMLInputElement>(element, '#password').value).toBe('');
    backend.verify();
  });

  it('shows no hint without demo data', async () => {
    const { text, backend } = await renderWithoutDemo();
    expect(text('demo-login')).toBeUndefined();
    backend.verify();
  });
});
