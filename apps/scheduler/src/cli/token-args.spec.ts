import { parseTokenArgs, UsageError } from './token-args';

describe(parseTokenArgs.name, () => {
  it('reads create for an account or for operators, list and revoke', () => {
    expect(parseTokenArgs(['create', '--account', 'shop', '--name', 'crm'])).toEqual({
      kind: 'create',
      request: { name: 'crm', scope: 'account', account: 'shop' },
    });
    expect(parseTokenArgs(['create', '--operator', '--name=ops'])).toEqual({
      kind: 'create',
      request: { name: 'ops', scope: 'operator' },
    });
    expect(parseTokenArgs(['list'])).toEqual({ kind: 'list' });
    expect(parseTokenArgs(['revoke', '--name', 'crm'])).toEqual({ kind: 'revoke', name: 'crm' });
    expect(parseTokenArgs(['revoke', 'crm'])).toEqual({ kind: 'revoke', name: 'crm' });
  });

  it.each([
    [[]],
    [['make']],
    [['create', '--name', 'x']],
    [['create', '--operator', '--account', 'shop', '--name', 'x']],
    [['create', '--account', 'shop']],
    [['create', '--account']],
    [['revoke']],
    [['list', '--all']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseTokenArgs(argv)).toThrow(UsageError);
  });
});
