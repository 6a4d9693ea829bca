import { routeReason, servedByText } from './route-reasons';

describe('servedByText', () => {
  it('names the follower that answered', () => {
    expect(servedByText('follower', '2', 'fresh')).toBe('follower 2');
    expect(servedByText('follower', null, 'caught-up-after-wait')).toBe('follower');
  });

  it('says why the leader answered', () => {
    expect(servedByText('leader', null, 'stale-for-tenant')).toBe(
      'leader · your latest change is not on a follower yet',
    );
    expect(servedByText('leader', null, 'lagging')).toBe('leader · followers lagging');
    expect(servedByText('leader', null, 'down')).toBe('leader · followers down');
    expect(servedByText('leader', null, 'no-follower')).toBe('leader · no follower configured');
  });

  it('says only "leader" without a reason it knows', () => {
    expect(servedByText('leader', null, null)).toBe('leader');
    expect(servedByText('leader', null, 'toString')).toBe('leader');
  });
});

describe('routeReason', () => {
  it('knows the API’s reasons and nothing else', () => {
    expect(routeReason('caught-up-after-wait')).toBe('caught-up-after-wait');
    expect(routeReason('constructor')).toBeNull();
    expect(routeReason(null)).toBeNull();
  });
});
