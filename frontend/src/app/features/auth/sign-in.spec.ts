import { SignIn } from './sign-in';
import { query } from '../../../testing/dom';
import { failure } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

describe('SignIn', () => {
  it('asks for both credentials before calling the API', async () => {
    const { submit, text, stable, backend, element } = renderPage(SignIn);
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
    const { submit, type, text, stable, backend } = renderPage(SignIn);
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
});
