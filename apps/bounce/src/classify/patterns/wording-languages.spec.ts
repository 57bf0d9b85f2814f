import { classify, classifySmtpReply } from '../classify';
import { wordingReason } from '../decide-reason';
import { parseReport } from '../parse-report';
import { textBounce } from '../test-messages';
import { WORDING } from './wording';
import { WORDING_IN_OTHER_LANGUAGES } from './wording-languages';

describe('WORDING_IN_OTHER_LANGUAGES', () => {
  it('is part of WORDING, and the only home of wording outside ASCII', () => {
    const mine = new Set(WORDING_IN_OTHER_LANGUAGES.map((r) => r.id));
    expect(WORDING.filter((r) => mine.has(r.id))).toHaveLength(WORDING_IN_OTHER_LANGUAGES.length);
    const elsewhere = WORDING.filter((r) => !mine.has(r.id) && /[^\x20-\x7e]/.test(r.pattern.source));
    expect(elsewhere.map((r) => r.id)).toEqual([]);
  });

  it('cites a source and guards every rule but the Domino verdict with texts of other reasons', () => {
    expect(WORDING_IN_OTHER_LANGUAGES.filter((r) => !r.source).map((r) => r.id)).toEqual([]);
    expect(
      WORDING_IN_OTHER_LANGUAGES.filter((r) => !r.definitive && !r.mustNot?.length).map((r) => r.id),
    ).toEqual([]);
  });

  it.each([
    'Fehler',
    '550 Fehler',
    'erreur',
    '554 Erreur de livraison',
    'errore',
    '550 Errore',
    'Error',
    'Ошибка',
    '错误',
    'エラー',
    '오류',
  ])('finds no reason in a bare word for failure: %j', (text) => {
    expect(wordingReason(text)).toBeNull();
  });

  // the same stage rule as for English: "no such user" is a verdict on the address when it
  // answers RCPT TO; at a stage nobody reported it is what recipient filters say
  it.each([
    ['German', '550 Benutzer unbekannt'],
    ['French', '550 Destinataire inconnu'],
    ['Spanish', '550 Usuario desconocido'],
    ['Italian', '550 Indirizzo inesistente'],
    ['Portuguese', '550 Caixa postal inexistente'],
    ['Dutch', '550 Gebruiker onbekend'],
    ['Polish', '550 Nie ma takiego konta'],
    ['Czech', '550 Uživatel neexistuje'],
    ['Russian', '550 Нет такого пользователя'],
    ['Chinese', '550 该用户不存在'],
    ['Japanese', '550 <a@example.jp> のユーザーは登録されていません'],
    ['Korean', '550 존재하지 않는 사용자입니다'],
  ])('reads a %s "no such user" as English is read: %j', (_, text) => {
    expect(classifySmtpReply(text, 'rcpt')).toMatchObject({ reason: 'userunknown', hard: true });
    expect(classifySmtpReply(text).reason).toBe(classifySmtpReply('550 User unknown').reason);
  });

  it.each([
    ['German', '552 Das Postfach des Empfängers ist voll', 'mailboxfull'],
    ['Chinese', '552 收件人空间不足', 'mailboxfull'],
    ['Russian', '550 Домен example.ru не существует', 'hostunknown'],
    [
      'Korean',
      '552 5.3.4 발송하신 편지의 크기가 너무커서 받는이가 속한 메일서버에서 수신을 거부하였습니다.',
      'emailtoolarge',
    ],
    ['Polish', '550 Wiadomosc zostala odrzucona przez system antyspamowy', 'spamdetected'],
  ])('reads a %s reply at RCPT TO: %j is %s', (_, text, reason) => {
    expect(classifySmtpReply(text, 'rcpt').reason).toBe(reason);
  });

  it('reads the disabled half of "unknown or disabled" as no verdict of its own', () => {
    expect(wordingReason('550 Destinatario sconosciuto o mailbox disattivata')).toBe('userunknown');
    expect(wordingReason('550 Destinataire inconnu ou boite aux lettres desactivee')).toBe('userunknown');
    expect(wordingReason('550 Compte désactivé')).toBe('suspend');
  });
});

/**
 * A Postfix-style text bounce whose body part is labelled `charset` and holds `phrase` as the
 * bytes of that charset (hex), after the recipient's address.
 */
function bounceIn(charset: string, phraseHex: string): ReturnType<typeof classify> {
  const marker = 'PHRASE-GOES-HERE';
  const built = textBounce(
    [
      'This is the mail system at host mx.example.org.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      `<reader@example.net>: ${marker}`,
      '',
    ].join('\n'),
    {
      'MIME-Version': '1.0',
      'Content-Type': `text/plain; charset=${charset}`,
      'Content-Transfer-Encoding': '8bit',
    },
  ).toString('latin1');
  const at = built.indexOf(marker);
  const raw = Buffer.concat([
    Buffer.from(built.slice(0, at), 'latin1'),
    Buffer.from(phraseHex, 'hex'),
    Buffer.from(built.slice(at + marker.length), 'latin1'),
  ]);
  const parsed = parseReport(raw);
  if (parsed.kind !== 'report') throw new Error(`refused: ${parsed.reason}`);
  return classify(parsed);
}

describe('a bounce body in a national charset', () => {
  it.each([
    // "Das Postfach des Empfängers ist voll"
    ['ISO-8859-1', '44617320506f7374666163682064657320456d7066e46e676572732069737420766f6c6c', 'Empfängers'],
    // "Boîte aux lettres du destinataire pleine – merci" (0x96 is an en dash in Windows-1252 only;
    // Node 20's TextDecoder reads 0x80-0x9F as C1 controls, nodejs/node#60888, so it is not asserted)
    [
      'windows-1252',
      '426fee746520617578206c6574747265732064752064657374696e61746169726520706c65696e652096206d65726369',
      'Boîte aux lettres du destinataire pleine',
    ],
    // "宛先のメールボックスがいっぱいです"
    [
      'ISO-2022-JP',
      '1b244230384068244e2561213c256b255c2543252f2539242c2424244324512424244724391b2842',
      'メールボックスがいっぱい',
    ],
    [
      'Shift_JIS',
      '88b690e682cc8381815b838b837b8362834e835882aa82a282c182cf82a282c582b7',
      'メールボックスがいっぱい',
    ],
    // "받는 사람의 메일함이 가득 찼습니다"
    [
      'EUC-KR',
      'b9deb4c220bbe7b6f7c0c720b8dec0cfc7d4c0cc20b0a1b5e620c3a1bdc0b4cfb4d9',
      '메일함이 가득 찼습니다',
    ],
    [
      'ks_c_5601-1987',
      'b9deb4c220bbe7b6f7c0c720b8dec0cfc7d4c0cc20b0a1b5e620c3a1bdc0b4cfb4d9',
      '메일함이 가득',
    ],
    // "收件人空间不足"
    ['GB2312', 'cad5bcfec8cbbfd5bce4b2bbd7e3', '收件人空间不足'],
    // "Почтовый ящик получателя переполнен"
    [
      'KOI8-R',
      'f0cfded4cfd7d9ca20d1ddc9cb20d0cfccd5dec1d4c5ccd120d0c5d2c5d0cfcccec5ce',
      'ящик получателя переполнен',
    ],
  ])('decodes %s and reads the full mailbox in it', (charset, hex, decoded) => {
    const [recipient] = bounceIn(charset, hex).recipients;
    expect(recipient).toMatchObject({ recipient: 'reader@example.net', reason: 'mailboxfull' });
    expect(recipient?.diagnostic).toContain(decoded);
  });
});
