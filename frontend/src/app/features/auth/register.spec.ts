import { Register } from './register';
import { query } from '../../../testing/dom';
import { failure } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

describe('Register', () => {
  it('explains what a username may hold, checks both fields, and shows a taken username at its field', async () => {
    const { submit, type, text, stable, backend, element } = renderPage(Register);
    expect(query(element, '#username').getAttribute('aria-describedby')).toBe(
      'username-help username-error',
    );
    expect(query(element, '#password').getAttribute('autocomplete')).toBe('new-password');
    type('#username', 'a');
    type('#password', 'short');
    submit();
    await stable();
    expect(text('username-error')).toBe('Use 3 to 64 characters.');
    expect(text('password-error')).toBe('Use 8 to 128 characters.');

    type('#username', 'ann');
    type('#password', 'password-123');
    submit();
    const request = backend.expectOne({ method: 'POST', url: '/api/auth/register' });
    expect(request.request.body).toEqual({ username: 'ann', password: 'password-123' });
    request.flush(...failure(409, 'Username already exists'));
    await stable();
    expect(text('username-error')).toBe('Username already exists');
    expect(text('form-error')).toBeUndefined();
    backend.verify();
  });
});
