import { bytesToText } from './decode';

const latin1 = (buf: Buffer) => buf.toString('latin1');

describe(bytesToText.name, () => {
  it("reads Windows-1252's printable 0x80-0x9F characters, labelled or as Latin-1", () => {
    const bytes = latin1(
      Buffer.from([0x6c, 0x92, 0x61, 0x64, 0x72, 0x65, 0x73, 0x73, 0x65, 0x20, 0x93, 0x78, 0x94]),
    );
    expect(bytesToText(bytes, 'windows-1252')).toBe('l’adresse “x”');
    expect(bytesToText(bytes, 'iso-8859-1')).toBe('l’adresse “x”');
  });

  it('reads unlabelled Latin-1 as Latin-1, not as the Japanese a lenient Shift_JIS guess makes of it', () => {
    const bytes = latin1(Buffer.from('550 Das Postfach des Empfängers ist voll', 'latin1'));
    expect(bytesToText(bytes)).toBe('550 Das Postfach des Empfängers ist voll');
  });

  it('still reads unlabelled Shift_JIS and EUC-JP Japanese', () => {
    const japanese = 'あて先のメールアドレスが見つかりません';
    // the same text in Shift_JIS and in EUC-JP (iconv)
    const sjis = [
      130, 160, 130, 196, 144, 230, 130, 204, 131, 129, 129, 91, 131, 139, 131, 65, 131, 104, 131, 140, 131,
      88, 130, 170, 140, 169, 130, 194, 130, 169, 130, 232, 130, 220, 130, 185, 130, 241,
    ];
    const eucjp = [
      164, 162, 164, 198, 192, 232, 164, 206, 165, 225, 161, 188, 165, 235, 165, 162, 165, 201, 165, 236, 165,
      185, 164, 172, 184, 171, 164, 196, 164, 171, 164, 234, 164, 222, 164, 187, 164, 243,
    ];
    expect(bytesToText(latin1(Buffer.from(sjis)))).toBe(japanese);
    expect(bytesToText(latin1(Buffer.from(eucjp)))).toBe(japanese);
  });

  it('reads unlabelled kanji-only Japanese (宛先不明, 容量超過)', () => {
    expect(bytesToText(latin1(Buffer.from([136, 182, 144, 230, 149, 115, 150, 190])))).toBe('宛先不明');
    expect(bytesToText(latin1(Buffer.from([205, 198, 206, 204, 196, 182, 178, 225])))).toBe('容量超過');
  });

  it('knows the Windows names of the Korean and Chinese code pages', () => {
    // 받는 사람 (EUC-KR / CP949)
    const korean = latin1(Buffer.from([0xb9, 0xde, 0xb4, 0xc2, 0x20, 0xbb, 0xe7, 0xb6, 0xf7]));
    expect(bytesToText(korean, 'cp949')).toBe('받는 사람');
    // 用户 (GBK / CP936)
    expect(bytesToText(latin1(Buffer.from([0xd3, 0xc3, 0xbb, 0xa7])), 'cp936')).toBe('用户');
  });
});
