import ipaddr from 'ipaddr.js';
import { MachineClickJudge, machineClickReason, SECURITY_GATEWAYS, type ClickFacts } from './machine-click';

const sentAt = new Date('2027-01-04T09:00:00Z');
const PERSON_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

function click(fields: Partial<ClickFacts> = {}): ClickFacts {
  return {
    at: new Date(sentAt.getTime() + 15 * 60_000),
    sentAt,
    method: 'GET',
    userAgent: PERSON_UA,
    ip: '198.51.100.20',
    link: 'l1',
    otherClicksOfMessage: [],
    ...fields,
  };
}

describe(machineClickReason.name, () => {
  it('lets a person’s click through', () => {
    expect(machineClickReason(click())).toBeNull();
  });

  describe.each(SECURITY_GATEWAYS.map((g) => [g.name, g]))('%s', (_name, gateway) => {
    it.each(gateway.examples)('knows the user agent %j', (userAgent) => {
      expect(machineClickReason(click({ userAgent }))).toEqual({
        sign: 'gateway-agent',
        gateway: gateway.name,
        detail: `user agent of ${gateway.name}`,
      });
    });

    if (gateway.ranges.length > 0)
      it.each(gateway.ranges.map((r) => [r.cidr, r.source]))('knows the range %s (%s)', (cidr) => {
        const [addr] = ipaddr.parseCIDR(cidr);
        const bytes = addr.toByteArray();
        bytes[bytes.length - 1] = 7;
        expect(machineClickReason(click({ ip: ipaddr.fromByteArray(bytes).toString() }))).toMatchObject({
          sign: 'gateway-range',
          gateway: gateway.name,
        });
      });
  });

  it('calls a HEAD request a link checker', () => {
    expect(machineClickReason(click({ method: 'head' }))?.sign).toBe('head-request');
  });

  it('calls a click seconds after delivery a gateway scanning on arrival, and a later one a person', () => {
    expect(machineClickReason(click({ at: new Date(sentAt.getTime() + 2_500) }))).toEqual({
      sign: 'too-soon',
      detail: 'clicked 2.5 s after delivery',
    });
    expect(machineClickReason(click({ at: new Date(sentAt.getTime() + 10_000) }))).toBeNull();
    const patient = new MachineClickJudge(SECURITY_GATEWAYS, { tooSoonMs: 60_000, sweepWindowMs: 1_000 });
    expect(patient.reason(click({ at: new Date(sentAt.getTime() + 30_000) }))?.sign).toBe('too-soon');
  });

  it('calls every link of a message clicked within a second a sweep', () => {
    const at = new Date(sentAt.getTime() + 3_600_000);
    const near = (ms: number, link: string) => ({ at: new Date(at.getTime() + ms), link });
    expect(
      machineClickReason(
        click({
          at,
          link: 'l3',
          linksInMessage: 3,
          otherClicksOfMessage: [near(-300, 'l1'), near(-150, 'l2')],
        }),
      ),
    ).toEqual({ sign: 'link-sweep', detail: 'all 3 links of the message clicked within 1 s' });
    // two of three links: a person can do that
    expect(
      machineClickReason(
        click({ at, link: 'l2', linksInMessage: 3, otherClicksOfMessage: [near(-300, 'l1')] }),
      ),
    ).toBeNull();
    // the same link twice (a double click) is no sweep
    expect(
      machineClickReason(click({ at, link: 'l1', otherClicksOfMessage: [near(-200, 'l1')] })),
    ).toBeNull();
    // unknown link count: two different links within a second
    expect(
      machineClickReason(click({ at, link: 'l2', otherClicksOfMessage: [near(-200, 'l1')] }))?.sign,
    ).toBe('link-sweep');
    expect(
      machineClickReason(click({ at, link: 'l2', otherClicksOfMessage: [near(-1_500, 'l1')] })),
    ).toBeNull();
  });

  it('keeps Gmail’s image proxy a person: Gmail fetches through it when the reader opens the message', () => {
    expect(
      machineClickReason(
        click({
          userAgent:
            'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
        }),
      ),
    ).toBeNull();
  });
});
