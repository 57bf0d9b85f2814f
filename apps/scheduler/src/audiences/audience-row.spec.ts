import { createHash } from 'node:crypto';
import { audienceRow } from './audience-row';

/** Computed here with node:crypto, apart from the code under test. */
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe(audienceRow.name, () => {
  describe('google (Customer Match)', () => {
    it('hashes the trimmed, lower-cased email and the E.164 phone with its +', () => {
      expect(
        audienceRow(
          { email: '  Ada.Lovelace@Example.COM ', phone: '(212) 565-0000', country: 'US' },
          'google',
        ),
      ).toEqual({
        ok: true,
        cells: [sha256('ada.lovelace@example.com'), sha256('+12125650000')],
      });
    });

    it('removes spaces inside the email too, as Google’s hashed-data guide asks', () => {
      expect(audienceRow({ email: 'ada @example. com' }, 'google')).toEqual({
        ok: true,
        cells: [sha256('ada@example.com'), ''],
      });
      expect(audienceRow({ email: 'ada @example.com' }, 'meta')).toMatchObject({ ok: false }); // Meta trims only
      expect(audienceRow({ email: 'ADA@EXAMPLE.COM\t' }, 'google')).toEqual({
        ok: true,
        cells: [sha256('ada@example.com'), ''],
      });
    });

    it('keeps the dots of a Gmail address (Customer Match does not ask to remove them)', () => {
      expect(audienceRow({ email: 'Jane.Doe@gmail.com' }, 'google')).toEqual({
        ok: true,
        cells: [sha256('jane.doe@gmail.com'), ''],
      });
    });
  });

  describe('meta (Custom Audiences)', () => {
    it('hashes the trimmed, lower-cased email and the phone as digits with the country code, no +', () => {
      expect(
        audienceRow({ email: ' Ada@Example.com', phone: '0151 2345 6789', country: 'DE' }, 'meta'),
      ).toEqual({
        ok: true,
        cells: [sha256('ada@example.com'), sha256('4915123456789')],
      });
    });

    it('matches the published example of a platform with the same phone rule (Snap: +44 844 412 4653 → 448444124653)', () => {
      const row = audienceRow({ phone: '+44 844 412 4653' }, 'meta');

      expect(row.ok && row.cells[1]).toBe(sha256('448444124653'));
      expect(row.ok && row.cells[1]).toMatch(/^dc008fda46e2e64002cf2f82a4906236282d4/); // as printed in Snap's docs
    });
  });

  it('gives the published example hashes of normalised emails (TikTok and Snap documentation)', () => {
    const email = (e: string) => {
      const row = audienceRow({ email: e }, 'meta');
      return row.ok ? row.cells[0] : undefined;
    };

    expect(email(' JaneDoe@gmail.com ')).toBe(
      'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69',
    );
    expect(email('Person@Example.com')).toBe(
      '542d240129883c019e106e3b1b2d3f3cb3537c43c425364de8e951d5a3083345',
    );
  });

  it('leaves a cell empty when that identifier is missing or unusable, and refuses a contact with neither', () => {
    expect(audienceRow({ email: 'ada@example.com', phone: '12', country: 'DE' }, 'google')).toEqual({
      ok: true,
      cells: [sha256('ada@example.com'), ''],
    });
    expect(audienceRow({ phone: '+33 6 12 34 56 78', email: null }, 'google')).toEqual({
      ok: true,
      cells: ['', sha256('+33612345678')],
    });
    expect(audienceRow({ email: 'not-an-address', phone: '0151 23456789' }, 'meta')).toEqual({
      ok: false,
      reason: 'no-usable-email-or-phone',
    }); // a national number without a country cannot be made E.164
  });

  it('writes lower-case hex, 64 characters', () => {
    const row = audienceRow({ email: 'ada@example.com', phone: '+4915123456789' }, 'google');

    expect(row.ok && row.cells.every((c) => /^[0-9a-f]{64}$/.test(c))).toBe(true);
  });
});
