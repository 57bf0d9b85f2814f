import { checkSmsText, isGsm7, MAX_SMS_SEGMENTS, smsEncoding, splitSms } from './sms-encoding';

describe(smsEncoding.name, () => {
  it('fits 160 GSM-7 characters in one segment and 161 in two of 153', () => {
    expect(smsEncoding('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(smsEncoding('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
    expect(smsEncoding('a'.repeat(306))).toEqual({ encoding: 'GSM-7', segments: 2, units: 306 });
    expect(smsEncoding('a'.repeat(307))).toEqual({ encoding: 'GSM-7', segments: 3, units: 307 });
  });

  it('counts the extension table (€ [ ] { } ~ ^ | \\ and form feed) as two septets each', () => {
    expect(smsEncoding('€10 {ok} [x] ~^|\\\f')).toEqual({ encoding: 'GSM-7', segments: 1, units: 28 });
    expect(smsEncoding('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(smsEncoding('€'.repeat(81))).toMatchObject({ segments: 2, units: 162 });
  });

  it('keeps the accented letters of the basic table in GSM-7', () => {
    expect(smsEncoding('Grüße aus Köln, àéèùìò ÄÖÑÜ ¿¡ £$¥ ΔΦΓΛΩΠΨΣΘΞ')).toMatchObject({ encoding: 'GSM-7' });
  });

  it('falls back to UCS-2 for any other character: 70 in one segment, 67 per concatenated one', () => {
    expect(smsEncoding('ç')).toEqual({ encoding: 'UCS-2', segments: 1, units: 1 }); // only Ç is in GSM-7
    expect(smsEncoding('Привет'.padEnd(70, 'x'))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(smsEncoding('Привет'.padEnd(71, 'x'))).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(smsEncoding('я'.repeat(134))).toMatchObject({ segments: 2 });
    expect(smsEncoding('я'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(smsEncoding('👍')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    expect(smsEncoding('👍'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(smsEncoding('👍'.repeat(36))).toMatchObject({ segments: 2, units: 72 });
  });
});

describe(splitSms.name, () => {
  it('never splits an extension character between two segments', () => {
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const sut = splitSms(text);

    expect(sut.parts).toEqual(['a'.repeat(152), '€' + 'b'.repeat(10)]);
    expect(sut.parts.join('')).toBe(text);
  });

  it('never splits a surrogate pair between two segments', () => {
    const text = 'я'.repeat(66) + '👍' + 'я'.repeat(10);
    const sut = splitSms(text);

    expect(sut.parts).toEqual(['я'.repeat(66), '👍' + 'я'.repeat(10)]);
  });

  it('counts the same segments it splits into', () => {
    for (const text of ['x'.repeat(500), '€'.repeat(200), 'Ω👍'.repeat(100)]) {
      const sut = splitSms(text);
      expect(sut.parts).toHaveLength(sut.segments);
      expect(sut.parts.join('')).toBe(text);
    }
  });
});

describe(checkSmsText.name, () => {
  it(`accepts up to ${MAX_SMS_SEGMENTS} segments and refuses more with a reason`, () => {
    expect(checkSmsText('x'.repeat(153 * MAX_SMS_SEGMENTS))).toMatchObject({
      ok: true,
      segments: MAX_SMS_SEGMENTS,
    });

    expect(checkSmsText('x'.repeat(153 * MAX_SMS_SEGMENTS + 1))).toEqual({
      ok: false,
      reason: 'too-many-segments',
      message: 'the SMS needs 7 GSM-7 segments (919 units); at most 6 are sent',
    });
  });

  it('refuses an empty text', () => {
    expect(checkSmsText(' \n')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe(isGsm7.name, () => {
  it('refuses a raw ESC, which is a control character and not text', () => {
    expect(isGsm7('a\x1Bb')).toBe(false);
  });
});
