import { PROVIDER_RULES, providerGroupOf, ruleForDomain } from './provider-groups';

const mx = (...hosts: string[]) => hosts.map((exchange, i) => ({ exchange, priority: (i + 1) * 10 }));

describe(providerGroupOf.name, () => {
  it.each([
    ['gmail.com', mx('gmail-smtp-in.l.google.com', 'alt1.gmail-smtp-in.l.google.com'), 'google'],
    ['googlemail.com', [], 'google'],
    ['workspace-shop.example', mx('aspmx.l.google.com', 'alt1.aspmx.l.google.com'), 'google'],
    ['new-workspace.example', mx('smtp.google.com'), 'google'],
    ['outlook.com', mx('outlook-com.olc.protection.outlook.com'), 'microsoft'],
    ['hotmail.co.uk', [], 'microsoft'],
    ['live.fr', [], 'microsoft'],
    ['msn.com', [], 'microsoft'],
    ['contoso.example', mx('contoso-example.mail.protection.outlook.com'), 'microsoft'],
    ['yahoo.com', mx('mta5.am0.yahoodns.net', 'mta6.am0.yahoodns.net'), 'yahoo'],
    ['yahoo.fr', [], 'yahoo'],
    ['ymail.com', [], 'yahoo'],
    ['aol.com', mx('mx-aol.mail.gm0.yahoodns.net'), 'yahoo'],
    ['smallbiz.example', mx('mx1.zoho.eu', 'mx2.zoho.eu'), 'mx:zoho.eu'],
    ['uni.example.ac.uk', mx('mx.mail.example.ac.uk'), 'mx:example.ac.uk'],
    ['no-mx.example', [], 'mx:no-mx.example'],
    ['sub.no-mx.example', [], 'mx:no-mx.example'],
    ['intranet', mx('localhost'), 'mx:localhost'],
  ])('puts %s (MX %j) in %s', (domain, records, group) => {
    expect(providerGroupOf(domain, records)).toBe(group);
  });

  it('lets the MX decide over the name: mail goes where the MX says, under that host’s limits', () => {
    expect(providerGroupOf('hotmail.example', mx('mx.elsewhere.example'))).toBe('mx:elsewhere.example');
    expect(providerGroupOf('live.com', mx('mx.self-hosted.example'))).toBe('mx:self-hosted.example');
  });

  it('keeps Yahoo! JAPAN out of the Yahoo group: another company, other servers and limits', () => {
    expect(providerGroupOf('yahoo.co.jp', [])).toBe('mx:yahoo.co.jp');
    expect(providerGroupOf('yahoo.co.jp', mx('mx1.mail.yahoo.co.jp'))).toBe('mx:yahoo.co.jp');
  });

  it('uses the most preferred MX, whatever order equal preferences came in', () => {
    const a = [
      { exchange: 'b.provider-two.example', priority: 10 },
      { exchange: 'a.provider-one.example', priority: 10 },
      { exchange: 'backup.google.com', priority: 5 },
    ];
    expect(providerGroupOf('x.example', a)).toBe('google');
    const tie = a.slice(0, 2);
    expect(providerGroupOf('x.example', tie)).toBe('mx:provider-one.example');
    expect(providerGroupOf('x.example', [...tie].reverse())).toBe('mx:provider-one.example');
  });

  it('does not take a subdomain of a provider name for a mailbox domain', () => {
    expect(ruleForDomain('shop.live.co.uk')).toBeUndefined();
    expect(providerGroupOf('shop.live.co.uk', [])).toBe('mx:live.co.uk');
  });

  it('ignores a null MX beside real hosts and trailing dots and case', () => {
    expect(
      providerGroupOf('GMAIL.COM.', [
        { exchange: '', priority: 0 },
        { exchange: 'ASPMX.L.GOOGLE.COM.', priority: 1 },
      ]),
    ).toBe('google');
  });

  it('has a reason for every rule in the table', () => {
    for (const rule of PROVIDER_RULES) expect(rule.why.length).toBeGreaterThan(10);
  });
});
