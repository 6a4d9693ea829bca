import { TOKEN_KEY, USER_KEY } from '../auth/auth.service';
import { Shell } from './shell';
import { query } from '../../../testing/dom';
import { renderPage } from '../../../testing/render';

/** The shell for a signed-in user as the API describes them (GET /api/auth/me, login). */
function renderFor(username: string, role: 'admin' | 'member') {
  localStorage.setItem(TOKEN_KEY, 'tok');
  localStorage.setItem(USER_KEY, JSON.stringify({ id: 1, username, role, organization_id: 1 }));
  return renderPage(Shell);
}

describe('Shell', () => {
  afterEach(() => {
    localStorage.clear();
  });

  it('names the product in the brand and says who is signed in, in words', () => {
    const { element, text } = renderFor('admin', 'admin');
    expect(query(element, '.navbar-brand').textContent.trim()).toBe('Ledgerline Admin');
    // Not "admin admin": the role reads as a role.
    expect(text('current-user')).toBe('Signed in as admin · Admin');
  });

  it('names a member’s role too', () => {
    const { text } = renderFor('jane.doe', 'member');
    expect(text('current-user')).toBe('Signed in as jane.doe · Member');
  });
});
