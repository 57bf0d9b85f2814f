import { normalizePhone } from './normalize-phone';

describe(normalizePhone.name, () => {
  it.each([
    ['+49 151 23456789', undefined, '+4915123456789'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['+1 201-555-0123', 'DE', '+12015550123'], // an explicit +country wins over the default
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['00 33 6 12 34 56 78', 'DE', '+33612345678'], // international prefix of the default country
  ] as const)('normalises %s (default %s) to %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['', undefined, 'empty'],
    ['   ', 'DE', 'empty'],
    ['hello', 'DE', 'not-a-number'],
    ['0151 23456789', undefined, 'unknown-country'],
    ['+999 1234567', undefined, 'unknown-country'],
    ['12', 'DE', 'too-short'],
    ['+49 151 234567890123456', undefined, 'too-long'],
    ['+1 201 155 0123', undefined, 'invalid'], // NANP area codes never have 1 as the 4th digit
  ] as const)('refuses %j (default %s): %s', (input, country, reason) => {
    expect(normalizePhone(input, country)).toEqual({ ok: false, reason });
  });

  it('tells the line type, and refuses landlines for SMS when asked', () => {
    expect(normalizePhone('030 1234567', 'DE')).toMatchObject({ ok: true, type: 'FIXED_LINE' });

    expect(normalizePhone('030 1234567', 'DE', { mobileOnly: true })).toEqual({
      ok: false,
      reason: 'not-mobile',
    });
    expect(normalizePhone('0151 23456789', 'DE', { mobileOnly: true })).toMatchObject({
      ok: true,
      type: 'MOBILE',
    });
  });

  it('keeps US numbers for SMS, whose plan does not tell mobiles from landlines', () => {
    expect(normalizePhone('(201) 555-0123', 'US', { mobileOnly: true })).toMatchObject({
      ok: true,
      type: 'FIXED_LINE_OR_MOBILE',
    });
  });
});
