import type { WordingRule } from './wording';

/**
 * The wording of servers that answer in languages other than English, as families of phrases per
 * reason and language: Exchange's localized NDR texts (its user section is written in the
 * server's language), the bilingual replies of national providers (Orange, web.de, Seznam,
 * Mail.ru), Lotus Domino in Japanese, and the phrases the providers' own help pages quote.
 *
 * Every pattern names WHAT failed and HOW ("Postfach … voll", "utente sconosciuto", "该用户不存在"),
 * never a lone word for failure ("Fehler", "erreur", "errore", "错误"): those say nothing of the
 * reason and every rule's `mustNot` holds some of them.
 *
 * Servers often write these texts without their accents (ASCII-only replies: "Boite du
 * destinataire pleine", "ueberschritten", "desactivee"), so the classes take both spellings.
 * JavaScript's `\b` knows only ASCII letters, so words that start or end with other letters are
 * bounded by `(?<!\p{L})` / `(?!\p{L})` instead (the `u` flag).
 */

/** Not inside a word, for any script. */
const L = String.raw`(?<!\p{L})`;
const R = String.raw`(?!\p{L})`;

/** A pattern built from `source`, case-insensitive and Unicode-aware. */
function words(source: string): RegExp {
  return new RegExp(source, 'iu');
}

/** Texts that only say "error" / "delivery failed" in each language: no reason may come of them. */
const BARE_FAILURE = [
  '550 Fehler bei der Zustellung der Nachricht',
  'Erreur lors de la remise du message',
  'Errore durante la consegna del messaggio',
  'Error en la entrega del mensaje',
  'Erro na entrega da mensagem',
  'Fout bij het bezorgen van het bericht',
  'Błąd dostarczania wiadomości',
  'Ошибка доставки сообщения',
  '邮件投递失败',
  'メール配信エラー',
  '메일 전송 실패',
];

export const WORDING_IN_OTHER_LANGUAGES: readonly WordingRule[] = [
  // ── userunknown ──────────────────────────────────────────────────────────────────────────
  {
    id: 'userunknown/in-german',
    reason: 'userunknown',
    // "Benutzer unbekannt", "unbekannter Empfänger", "Empfänger nicht gefunden", "Postfach
    // existiert nicht", Exchange's "Die E-Mail-Adresse, die Sie eingegeben haben, wurde nicht
    // gefunden"; web.de "Benutzer nicht bekannt"; GoDaddy "Konto nicht vorhanden"
    pattern: words(
      String.raw`${L}(?:benutzer|empf(?:ä|ae|a)nger(?:adresse)?|adressat|postfach|mailbox|konto|e-?mail-?adresse)(?: <[^<>\s]+>| \S+@\S+)? (?:ist |wurde )?(?:unbekannt|nicht (?:bekannt|gefunden|vorhanden)|existiert nicht|(?:ist )?ung(?:ü|ue|u)ltig)${R}|${L}unbekannte[rn]? (?:empf(?:ä|ae|a)nger|benutzer|adressat)${R}|${L}adresse nicht gefunden${R}|${L}e-?mail-?adresse[^.]{0,40}? (?:wurde|konnte) nicht gefunden${R}`,
    ),
    examples: [
      '550 5.1.1 Benutzer unbekannt',
      '550 Benutzer nicht bekannt/User unknown',
      'Unbekannter Empfänger',
      'Empfänger <a@example.de> existiert nicht',
      'Die E-Mail-Adresse, die Sie eingegeben haben, wurde nicht gefunden.',
      'Konto nicht vorhanden',
      '550 Adresse nicht gefunden',
      'Ihre Nachricht an a@example.de konnte nicht zugestellt werden, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.',
    ],
    mustNot: [
      ...BARE_FAILURE,
      '550 Domäne example.de existiert nicht',
      'Empfängerpostfach ist voll',
      'Konto deaktiviert',
    ],
    source:
      'Exchange Online (its German user text "… weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann", which Sisimai reason/why-userunknown.go lists), sitepackage.de "Typische Fehlermeldungen bei Unzustellbarkeit" (web.de "Benutzer nicht bekannt"), GoDaddy de help 3568 ("Konto nicht vorhanden"), Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/in-french',
    reason: 'userunknown',
    // "destinataire inconnu", Orange "Adresse d au moins un destinataire invalide", Exchange
    // "l'adresse e-mail … est introuvable", "ce compte n'existe pas"
    pattern: words(
      String.raw`${L}(?:destinataire|utilisateur|adresse|compte|bo[iî]te aux lettres)s? (?:(?:e-?mail|[ée]lectronique|de messagerie) )?(?:inconnue?|inexistante?|introuvable|invalide)s?${R}|${L}(?:l['’]?)?(?:destinataire|utilisateur|adresse|compte|bo[iî]te aux lettres)(?: (?:e-?mail|[ée]lectronique|de messagerie))?(?: <[^<>\s]+>| \S+@\S+)? (?:est introuvable|n['’ ]?existe pas)${R}|${L}adresse d['’ ]?au moins un destinataire invalide${R}`,
    ),
    examples: [
      '550 Destinataire inconnu',
      '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416',
      "L'adresse e-mail que vous avez entrée est introuvable. L'adresse n'existe pas",
      "550 Ce compte n'existe pas",
      // a Windows-1252 apostrophe (0x92) that the decoder dropped
      'Ladresse nexiste pas',
      '550 utilisateur inexistant',
      '550 utilisateur inconnu !',
    ],
    mustNot: [
      ...BARE_FAILURE,
      "550 Le domaine example.fr n'existe pas",
      '552 5.1.1 Boite du destinataire pleine. Recipient mailbox full. OFR_417',
      '550 5.7.1 Emetteur invalide. Invalid Sender. OFR_403',
    ],
    source:
      'Orange postmaster (OFR_416, bilingual replies, as bentonow.com/smtp-errors/orange lists them), Exchange (localized French NDR user text), Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/in-spanish',
    reason: 'userunknown',
    pattern: words(
      String.raw`${L}(?:usuario|destinatario|buz[oó]n|cuenta|casilla)(?: de correo)? (?:desconocido|inexistente|no existe|no encontrado)${R}|${L}no existe (?:dicha persona|ese usuario|el usuario|la cuenta|el buz[oó]n)${R}|${L}(?:direcci[oó]n|cuenta)(?: de correo(?: electr[oó]nico)?)?(?: <[^<>\s]+>| \S+@\S+)? no (?:existe|se (?:pudo )?encontr[oó])${R}`,
    ),
    examples: [
      '550 Usuario desconocido',
      '550 No existe ese usuario',
      '550 5.1.1 Destinatario inexistente',
      'La dirección de correo electrónico no existe',
      '550 Buzón no existe',
    ],
    mustNot: [...BARE_FAILURE, '550 El dominio example.es no existe', 'El buzón del destinatario está lleno'],
    source: 'Exchange (localized Spanish NDR user text), Sisimai reason/why-userunknown.go (Spanish servers)',
  },
  {
    id: 'userunknown/in-italian',
    reason: 'userunknown',
    // Libero/Tiscali/Aruba-style "Destinatario sconosciuto", "Indirizzo inesistente",
    // "destin. Sconosciuto", "Nessun utente simile"
    pattern: words(
      String.raw`${L}(?:utente|destinatario|destin\.|indirizzo|casella|account)(?: (?:e-?mail|di posta(?: elettronica)?))? (?:sconosciuto|inesistente|errato|non (?:esiste|trovato|valido))${R}|${L}nessun utente simile${R}|${L}l['’ ]?indirizzo(?: <[^<>\s]+>| \S+@\S+)? non esiste${R}`,
    ),
    examples: [
      '550 Utente sconosciuto',
      '550 Nessun utente simile in questo indirizzo',
      '550 Destinatario sconosciuto o mailbox disattivata',
      '550 destin. Sconosciuto',
      '550 Indirizzo inesistente',
      '550 Destinatario errato',
    ],
    mustNot: [...BARE_FAILURE, '550 Dominio inesistente', '552 Casella piena'],
    source:
      'eNichers/node-bounce-handler lib/responses.js (Italian providers\' replies), aiuto.libero.it "Messaggi di errore più frequenti", Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/in-portuguese',
    reason: 'userunknown',
    pattern: words(
      String.raw`${L}(?:caixa postal|usu[aá]rio|utilizador|destinat[aá]rio|conta|endere[cç]o)(?: de (?:e-?mail|correio(?: eletr[oô]nico)?))? (?:inexistente|desconhecido|n[aã]o (?:existe|encontrad[oa]))${R}`,
    ),
    examples: [
      '550 Caixa postal inexistente',
      '550 5.1.1 Usuário desconhecido',
      '550 Endereço de e-mail não encontrado',
      '550 Destinatário inexistente',
    ],
    mustNot: [...BARE_FAILURE, '550 Domínio inexistente', '552 Caixa postal cheia'],
    source:
      'UOL/Terra/BOL-style replies, Exchange (localized Portuguese NDR user text), Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/in-dutch',
    reason: 'userunknown',
    pattern: words(
      String.raw`${L}(?:gebruiker|ontvanger|geadresseerde|adres|e-?mailadres|mailbox|postvak) (?:is )?(?:onbekend|bestaat niet|niet gevonden|kon niet (?:worden )?gevonden)${R}|${L}onbekende (?:gebruiker|ontvanger|geadresseerde)${R}`,
    ),
    examples: ['550 Gebruiker onbekend', '550 Onbekende ontvanger', 'Het e-mailadres bestaat niet'],
    mustNot: [...BARE_FAILURE, '550 Domein bestaat niet', 'Het postvak van de geadresseerde is vol'],
    source: 'Exchange (localized Dutch NDR user text)',
  },
  {
    id: 'userunknown/in-polish',
    reason: 'userunknown',
    // "Nie ma takiego konta", "<adres> nie istnieje": the subject must be an account or an
    // address, not a domain ("domena … nie istnieje")
    pattern: words(
      String.raw`${L}nie ma takiego (?:konta|u(?:ż|z)ytkownika|adresu|odbiorcy|adresata)${R}|${L}(?:konto|adres|u(?:ż|z)ytkownik|skrzynka|odbiorca|adresat)(?: (?:e-?mail|pocztowa))?(?: <[^<>\s]+>| \S+@\S+)? nie istnieje${R}|<[^<>\s]+@[^<>\s]+> nie istnieje${R}`,
    ),
    examples: ['550 Nie ma takiego konta', '550 Konto nie istnieje', '550 Adres <a@example.pl> nie istnieje'],
    mustNot: [...BARE_FAILURE, '550 Domena example.pl nie istnieje', 'Skrzynka odbiorcy jest pełna'],
    source:
      'eNichers/node-bounce-handler lib/responses.js (Polish providers: "nie istnieje", "Nie ma takiego konta")',
  },
  {
    id: 'userunknown/in-czech',
    reason: 'userunknown',
    pattern: words(
      String.raw`${L}(?:u(?:ž|z)ivatel|adres(?:á|a)t|p(?:ř|r)(?:í|i)jemce|schr(?:á|a)nka|adresa) neexistuje${R}|${L}neexistuj(?:í|i)c(?:í|i) (?:adres(?:á|a)t|u(?:ž|z)ivatel|schr(?:á|a)nka|adresa)${R}`,
    ),
    examples: ['Uživatel neexistuje', 'Schránka neexistuje', 'neexistující adresát'],
    mustNot: [...BARE_FAILURE, 'Doména neexistuje', 'Schránka příjemce je plná'],
    source: 'napoveda.seznam.cz "Uživatel neexistuje", faq.c4.cz ("Schránka neexistuje")',
  },
  {
    id: 'userunknown/in-russian',
    reason: 'userunknown',
    pattern: words(
      String.raw`${L}(?:пользовател[ья]|адресат|получател[ья]|(?:почтов(?:ый|ого) )?ящик|адрес|учетн(?:ая|ой) запис[ьи])(?: <[^<>\s]+>| \S+@\S+)? не (?:существует|найден[а]?)${R}|${L}нет такого (?:пользователя|ящика|адреса|адресата|получателя)${R}|${L}такого (?:ящика|пользователя|адреса) нет${R}|${L}несуществующ\p{L}* (?:адрес|ящик|пользовател|получател)`,
    ),
    examples: [
      '550 Пользователь не существует',
      '550 Почтовый ящик не найден',
      '550 Нет такого пользователя',
      'Такого ящика нет',
      'Письмо отправлено на несуществующий адрес',
    ],
    mustNot: [...BARE_FAILURE, '550 Домен example.ru не существует', 'Почтовый ящик получателя переполнен'],
    source:
      'Mail.ru / Yandex / Rambler help pages (mailout.ru "Популярные ошибки при отправке"), Exchange (localized Russian NDR user text)',
  },
  {
    id: 'userunknown/in-chinese',
    reason: 'userunknown',
    // QQ "该用户不存在", "该用户未开通QQ邮箱"; 163/Sina/Coremail "收件人不存在", "用户不存在";
    // Traditional Chinese "用戶不存在", "帳號不存在", "收件者不存在"
    pattern: words(
      String.raw`(?:用户|用戶|帐号|帳號|账号|账户|帳戶|邮箱|郵箱|信箱|收件人|收件者|(?:邮件|郵件|邮箱|郵箱|收件人|收件者)地址)(?:名)?(?:并|並)?不存在|无此用户|無此用戶|找不到(?:该|該|此)?(?:收件人|收件者|用户|用戶|地址|邮箱)|该用户未开通|該用戶未開通|未开通(?:QQ)?邮箱`,
    ),
    examples: ['该用户不存在', '该用户未开通QQ邮箱', '550 收件人不存在', '帳號不存在', '无此用户'],
    mustNot: [...BARE_FAILURE, '域名不存在', '收件人空间不足', '服务器地址不存在'],
    source:
      'QQ Mail help (qqmailbox.com/transceivers/169: "该用户不存在", "该用户未开通QQ邮箱"), emailhost.com.cn bounce list ("收件人不存在")',
  },
  {
    id: 'userunknown/in-japanese',
    reason: 'userunknown',
    // DTI/Biglobe-style "のユーザーは登録されていません", Exchange "メール アドレスが見つかりません
    // でした", "宛先不明"
    pattern: words(
      String.raw`(?:ユーザー?|ユーザ名|アカウント|(?:電子)?メール ?アドレス|宛先|受信者|受取人)(?:は|が)?(?:存在しません|見つかりません(?:でした)?|登録されていません)|宛先不明|存在しない(?:ユーザー?|アカウント|(?:メール ?)?アドレス|宛先)`,
    ),
    examples: [
      '<a@example.jp> のユーザーは登録されていません',
      'メール アドレスが見つかりませんでした',
      '宛先不明のためメールを配送できませんでした',
      '存在しないユーザーです',
    ],
    mustNot: [...BARE_FAILURE, 'ドメインが見つかりません', 'メールボックスがいっぱいです'],
    source:
      'dream.jp (DTI) technical info "宛先のメールアドレスが見つからなかった場合", catv-yokohama.ne.jp FAQ ("宛先不明"), Exchange (localized Japanese NDR user text)',
  },
  {
    id: 'userunknown/domino-japanese',
    reason: 'userunknown',
    definitive: true,
    // Lotus Domino's own directory verdict, in its Japanese edition: it stands whatever the stage
    pattern: /は\s*Domino\s*ディレクトリには見つかりません/iu,
    examples: ['ユーザー Neko (a@example.co.jp) は Domino ディレクトリには見つかりません。'],
    source: 'Lotus Domino (Japanese edition)',
  },
  {
    id: 'userunknown/in-korean',
    reason: 'userunknown',
    pattern: words(
      String.raw`(?:받는 ?(?:사람|분)|수신자|사용자|계정|아이디|메일 ?주소)(?:의 메일 ?주소)?(?:가|이|는|은)? (?:존재하지 않|없는 (?:사용자|계정|주소))|존재하지 않는 (?:사용자|계정|아이디|(?:메일 ?)?주소|수신자)|(?:사용자|계정|주소)(?:를|을) 찾을 수 없`,
    ),
    examples: [
      '550 존재하지 않는 사용자입니다',
      '받는 사람의 메일 주소가 존재하지 않습니다',
      '계정을 찾을 수 없습니다',
    ],
    mustNot: [
      ...BARE_FAILURE,
      '도메인이 존재하지 않습니다',
      '메일함 용량이 초과되었습니다',
      '서버 주소가 존재하지 않습니다',
    ],
    source:
      'Naver / Daum return-mail guides (puffinknight.tistory.com, oliveit.tistory.com), Exchange (localized Korean NDR user text)',
  },

  // ── hostunknown ──────────────────────────────────────────────────────────────────────────
  {
    id: 'hostunknown/in-european-languages',
    reason: 'hostunknown',
    // the DOMAIN does not exist: German, French, Spanish, Italian, Portuguese, Dutch, Polish, Czech
    pattern: words(
      String.raw`${L}(?:dom(?:ä|ae|a)ne|domain|zieldom(?:ä|ae|a)ne|domaine|nom de domaine|dominio|dom(?:í|i)nio|domein|domena|dom(?:é|e)na)(?: [a-z0-9-]+(?:\.[a-z0-9-]+)+)? (?:existiert nicht|nicht gefunden|unbekannt|inconnu|inexistant|introuvable|n['’ ]?existe pas|no existe|inexistente|inesistente|desconocido|sconosciuto|non esiste|non trovato|n[aã]o encontrado|n[aã]o existe|bestaat niet|onbekend|nie istnieje|neexistuje)${R}|${L}unbekannte dom(?:ä|ae|a)ne${R}|${L}h[oô]te inconnu${R}|${L}nieznana domena${R}`,
    ),
    examples: [
      '550 Domäne example.de existiert nicht',
      "550 Le domaine example.fr n'existe pas",
      '550 El dominio example.es no existe',
      '550 Dominio inesistente',
      '550 Domínio inexistente',
      '550 Domein bestaat niet',
      '550 Domena example.pl nie istnieje',
      'Doména neexistuje',
    ],
    mustNot: [...BARE_FAILURE, '550 Benutzer unbekannt', '550 Destinataire inconnu'],
    source:
      'Exchange (localized NDR user texts), provider help pages (Libero "ROUTING SERVER FAILURE": the domain does not exist)',
  },
  {
    id: 'hostunknown/in-other-scripts',
    reason: 'hostunknown',
    pattern: words(
      String.raw`${L}домен(?: [a-z0-9-]+(?:\.[a-z0-9-]+)+)? не (?:существует|найден)${R}|域名不存在|找不到(?:该|該)?域名|ドメイン(?:名)?(?:は|が)?(?:存在しません|見つかりません)|ホスト(?:名)?(?:は|が)?見つかりません|도메인(?:이|을)? ?(?:존재하지 않|찾을 수 없)`,
    ),
    examples: [
      '550 Домен example.ru не существует',
      '域名不存在',
      'ドメインが見つかりません',
      '도메인이 존재하지 않습니다',
    ],
    mustNot: [...BARE_FAILURE, '该用户不存在', 'ユーザーは存在しません'],
    source:
      'emailhost.com.cn bounce list ("域名不存在: DNS query error"), Exchange (localized NDR user texts)',
  },

  // ── mailboxfull ──────────────────────────────────────────────────────────────────────────
  {
    id: 'mailboxfull/in-german',
    reason: 'mailboxfull',
    // "Postfach (des Empfängers) ist voll", web.de "Benutzer hat das Speichervolumen
    // ueberschritten", "Benutzer hat zuviele Mails auf dem Server", "Speicherplatzbegrenzung"
    pattern: words(
      String.raw`${L}(?:empf(?:ä|ae|a)nger)?(?:postfach|mailbox|posteingang)(?: des empf(?:ä|ae|a)ngers)? (?:ist )?(?:voll|(?:ü|ue|u)berf(?:ü|ue|u)llt)${R}|${L}speicher(?:volumen|platz|kontingent)(?:begrenzung)? (?:des (?:postfachs|kontos) )?(?:ist )?(?:(?:ü|ue|u)berschritten|ersch(?:ö|oe|o)pft|erreicht)${R}|${L}(?:hat|haben) (?:das|sein|ihr) speicher(?:volumen|platz|kontingent) (?:(?:ü|ue|u)berschritten|ersch(?:ö|oe|o)pft)${R}|${L}zu ?viele (?:mails|nachrichten) auf dem server${R}|${L}postfachkontingent (?:(?:ü|ue|u)berschritten|ersch(?:ö|oe|o)pft)${R}`,
    ),
    examples: [
      'Das Postfach des Empfängers ist voll',
      '550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space.',
      '550 Benutzer hat zuviele Mails auf dem Server. / User has too many messages on the server.',
      'Empfängerpostfach ist voll',
    ],
    mustNot: [...BARE_FAILURE, '550 Benutzer unbekannt', 'Die Nachricht ist zu groß'],
    source:
      'sitepackage.de "Typische Fehlermeldungen bei Unzustellbarkeit" (web.de), GoDaddy de help 3568 ("Speicherplatzbegrenzung des Kontos"), Exchange (localized German NDR user text)',
  },
  {
    id: 'mailboxfull/in-french',
    reason: 'mailboxfull',
    // Orange "Boite du destinataire pleine" (OFR_417), Exchange "La boîte aux lettres du
    // destinataire est pleine"
    pattern: words(
      String.raw`${L}bo[iî]te (?:du destinataire|aux lettres|de r[ée]ception|mail)(?: du destinataire)? (?:est )?pleine${R}|${L}(?:quota|espace de stockage) (?:de la bo[iî]te (?:aux lettres )?)?(?:du destinataire )?(?:est )?(?:d[ée]pass[ée]|atteint|[ée]puis[ée])${R}`,
    ),
    examples: [
      '552 5.1.1 Boite du destinataire pleine. Recipient mailbox full. OFR_417',
      'La boîte aux lettres du destinataire est pleine',
      'Quota de la boîte aux lettres dépassé',
    ],
    mustNot: [...BARE_FAILURE, '550 Destinataire inconnu', 'Message trop volumineux'],
    source:
      'Orange postmaster (OFR_417, as bentonow.com/smtp-errors/orange lists it), Exchange (localized French NDR user text), Sisimai reason/why-mailboxfull.go',
  },
  {
    id: 'mailboxfull/in-southern-european-languages',
    reason: 'mailboxfull',
    // Spanish, Italian, Portuguese: the box word, then "full" ("lleno", "piena", "cheia")
    pattern: words(
      String.raw`${L}(?:buz[oó]n|casilla|casella|cassetta postale|mailbox|caixa(?: postal| de correio| de entrada)?)(?: (?:de (?:correo|posta)|di posta))?(?: del destinatario| do destinat[aá]rio)? (?:est[aá] |[eè] )?(?:llen[oa]|pien[oa]|chei[oa]|lotad[oa])${R}|${L}(?:cuota|quota|cota) (?:de (?:buz[oó]n|almacenamiento)|(?:della )?casella )?(?:excedida|superada|superata|esaurita|excedida|esgotada)${R}|${L}spazio (?:della casella |disponibile )?esaurito${R}`,
    ),
    examples: [
      'El buzón del destinatario está lleno',
      '552 Casella piena',
      'La cassetta postale del destinatario è piena',
      '552 Caixa postal cheia',
      'Cuota excedida',
      'Quota superata',
    ],
    mustNot: [
      ...BARE_FAILURE,
      '550 Usuario desconocido',
      '550 Utente sconosciuto',
      'Messaggio troppo grande',
    ],
    source:
      'Exchange (localized Spanish/Italian/Portuguese NDR user texts), aiuto.libero.it ("La casella … ha raggiunto il limite massimo di capienza")',
  },
  {
    id: 'mailboxfull/in-northern-european-languages',
    reason: 'mailboxfull',
    // Dutch, Polish, Czech
    pattern: words(
      String.raw`${L}(?:postvak|postbus)(?: van de (?:geadresseerde|ontvanger))? (?:is )?vol${R}|${L}mailbox van de (?:geadresseerde|ontvanger) is vol${R}|${L}skrzynka(?: odbiorcy| pocztowa)?(?: jest)? (?:pe(?:ł|l)na|przepe(?:ł|l)niona)${R}|${L}przekroczon\p{L}* (?:limit|pojemno(?:ść|sc)|quota|rozmiar) skrzynki${R}|${L}schr(?:á|a)nka(?: p(?:ř|r)(?:í|i)jemce)? (?:je )?pln(?:á|a)${R}|${L}p(?:ř|r)ekro(?:č|c)en(?:a|á) kv(?:ó|o)ta${R}`,
    ),
    examples: [
      'Het postvak van de geadresseerde is vol',
      'De mailbox van de ontvanger is vol',
      'Skrzynka odbiorcy jest pełna',
      'Skrzynka przepełniona',
      'Schránka příjemce je plná',
    ],
    // "vol" is also English for a volume number
    mustNot: [
      ...BARE_FAILURE,
      '550 Gebruiker onbekend',
      '550 Nie ma takiego konta',
      'Inbox Vol. 12',
      'Mailbox vol 3',
    ],
    source:
      'Exchange (localized Dutch/Polish/Czech NDR user texts), blog.eabm.cz ("Příjemce má plnou schránku")',
  },
  {
    id: 'mailboxfull/in-other-scripts',
    reason: 'mailboxfull',
    // Russian, Chinese (QQ "收件人空间不足", "收件容量满"), Japanese, Korean
    pattern: words(
      String.raw`${L}(?:почтовый )?ящик(?: получателя)? (?:переполнен|заполнен)${R}|${L}превышен\p{L}* (?:лимит|размер|объ[её]м|квота) (?:почтового )?ящика${R}|${L}превышена квота${R}|收件人空间不足|收件人空間不足|收件容量满|(?:邮箱|郵箱|信箱|收件箱|空间|空間)(?:容量)?(?:已)?满|(?:邮箱|信箱)(?:容量|空间)不足|超(?:出|过)(?:邮箱|信箱)?(?:容量|空间|配额)|メールボックス(?:の容量)?(?:が|は)?(?:いっぱい|一杯|満杯)|(?:メールボックス|受信箱)の容量(?:を|が)?(?:超え|超過|オーバー)|(?:메일함|사서함|편지함)(?:의|이)? ?(?:용량)?(?:이|을)? ?(?:가득 ?찼|꽉 ?찼|초과)`,
    ),
    examples: [
      'Почтовый ящик получателя переполнен',
      'Превышен лимит почтового ящика',
      '收件人空间不足',
      '邮箱已满',
      '宛先のメールボックスがいっぱいです',
      '받는 사람의 메일함이 가득 찼습니다',
      '메일함 용량이 초과되었습니다',
    ],
    mustNot: [...BARE_FAILURE, '该用户不存在', '邮件过大', 'メールのサイズが大きすぎます'],
    source:
      'QQ Mail help (qqmailbox.com/transceivers/169: "收件人空间不足"), emailhost.com.cn ("收件容量满: Quota exceeded"), foxydog.tistory.com (Korean "메일함이 가득 찼습니다"), catv-yokohama.ne.jp FAQ ("メールボックスが一杯"), Exchange (localized NDR user texts)',
  },

  // ── suspend: the mailbox exists but is disabled ──────────────────────────────────────────
  {
    id: 'suspend/in-other-languages',
    reason: 'suspend',
    // "Konto deaktiviert", Orange "Boite du destinataire archivée", "Questo indirizzo e' bloccato
    // per inutilizzo", "El usuario esta en estado: inactivo", "Podane konto jest zablokowane
    // administracyjnie lub nieaktywne"; not the second half of "unknown OR disabled" (the first
    // half is the verdict: the address may never have existed)
    pattern: words(
      String.raw`(?<!${L}(?:ou|oder|o|or|lub) )${L}(?:konto|postfach|mailbox|compte|bo[iî]te (?:du destinataire|aux lettres)|cuenta|casella|account|conta|podane konto|u(?:ż|z)ytkownik)(?: (?:ist|est|jest|[eè]|est[aá]|(?:ha sido)|foi))? (?:deaktiviert|gesperrt|archiv[ée]e?|d[ée]sactiv[ée]e?|suspendu(?:e)?|desactivad[ao]|suspendid[ao]|inactiv[ao]|disattivat[ao]|sospes[ao]|desativad[ao]|suspens[ao]|zablokowane|nieaktywne|zawieszone)${R}|${L}bloccat[oa] per inutilizzo${R}|${L}esta en estado: inactivo${R}|${L}ha expirado por falta de uso${R}|(?:учетная запись|аккаунт|(?:почтовый )?ящик) (?:заблокирован\p{L}*|отключ[её]н\p{L}*)|(?:帐号|帳號|账号|邮箱|郵箱|用户|用戶)(?:已)?(?:被)?(?:冻结|凍結|停用|禁用)`,
    ),
    examples: [
      '550 Konto deaktiviert',
      '550 Boite du destinataire archivee',
      "550 Questo indirizzo e' bloccato per inutilizzo",
      '550 El usuario esta en estado: inactivo',
      '550 Podane konto jest zablokowane administracyjnie lub nieaktywne',
      '550 Esta casilla ha expirado por falta de uso',
      'Почтовый ящик заблокирован',
      '帐号被禁用',
    ],
    mustNot: [
      ...BARE_FAILURE,
      '550 Destinatario sconosciuto o mailbox disattivata',
      'Destinataire inconnu ou boite aux lettres desactivee',
      '550 Benutzer unbekannt',
    ],
    source:
      'Orange postmaster (bilingual "archived recipient"), eNichers/node-bounce-handler lib/responses.js (Italian, Spanish, Polish, French and German disabled-mailbox replies), GoDaddy de help 3568 ("Konto deaktiviert"), fobhost.com ("帐号被禁用(冻结或删除等)")',
  },

  // ── rejected: the sender was refused ─────────────────────────────────────────────────────
  {
    id: 'rejected/in-other-languages',
    reason: 'rejected',
    pattern: words(
      String.raw`${L}(?:[ée]metteur|exp[ée]diteur|absender(?:adresse)?|remitente|mittente|remetente)(?: <[^<>\s]+>| \S+@\S+)? (?:(?:est|ist|[eè]) )?(?:invalide|refus[ée]|rejet[ée]|inconnu|abgelehnt|ung(?:ü|ue|u)ltig|unbekannt|rechazado|no v[aá]lido|inv[aá]lido|desconocido|rifiutato|non valido|sconosciuto|rejeitado|inv[aá]lido)${R}`,
    ),
    examples: [
      '550 5.7.1 Emetteur invalide. Invalid Sender. OFR_403',
      '553 Absenderadresse ungültig',
      '550 Remitente rechazado',
      '550 Mittente non valido',
    ],
    mustNot: [...BARE_FAILURE, '550 Destinataire inconnu', '550 Benutzer unbekannt'],
    source: 'Orange postmaster ("Emetteur invalide. Invalid Sender."), Exchange (localized NDR user texts)',
  },

  // ── spamdetected ─────────────────────────────────────────────────────────────────────────
  {
    id: 'spamdetected/in-other-languages',
    reason: 'spamdetected',
    // a verdict that the message IS spam: "als Spam eingestuft", "considéré comme spam",
    // "odrzucona przez system antyspamowy", "判定为垃圾邮件", "迷惑メールと判定"
    pattern: words(
      String.raw`${L}als spam (?:eingestuft|erkannt|markiert|klassifiziert|abgelehnt)${R}|${L}spam-?verdacht${R}|${L}(?:consid[ée]r[ée]e?|identifi[ée]e?|d[ée]tect[ée]e?|class[ée]e?|considerad[oa]|detectad[oa]|identificad[oa]|considerat[oa]|riconosciut[oa]|identificat[oa]|classificat[oa]|classificad[oa]) (?:comme |como |come )?(?:du |un )?(?:spam|pourriel|correo no deseado|posta indesiderata|lixo eletr[oô]nico)${R}|${L}als spam (?:aangemerkt|herkend|gemarkeerd)${R}|${L}odrzucona przez system antyspamowy${R}|${L}uznan\p{L}* za spam${R}|(?:признан\p{L}*|распознан\p{L}*|определен\p{L}*) как спам|похоже на спам|(?:判定|识别|識別|认定|認定|视|視)为垃圾邮件|疑似垃圾邮件|迷惑メール(?:と|として)(?:判定|判断|認識)|스팸(?:으로|메일로) (?:판단|분류|인식)`,
    ),
    examples: [
      '554 Die Nachricht wurde als Spam eingestuft',
      '554 Message considéré comme spam',
      '554 Mensaje detectado como spam',
      '554 Messaggio classificato come spam',
      '550 Wiadomosc zostala odrzucona przez system antyspamowy',
      '554 Сообщение распознано как спам',
      '554 邮件被判定为垃圾邮件',
      '迷惑メールと判定されました',
      '스팸으로 분류되었습니다',
    ],
    mustNot: [...BARE_FAILURE, '550 Benutzer unbekannt', 'Postfach ist voll'],
    source:
      'eNichers/node-bounce-handler lib/responses.js (Polish "odrzucona przez system antyspamowy"), Exchange (localized NDR user texts), provider help pages',
  },

  // ── emailtoolarge ────────────────────────────────────────────────────────────────────────
  {
    id: 'emailtoolarge/in-other-languages',
    reason: 'emailtoolarge',
    // the MESSAGE is too big (not the mailbox): "Nachricht ist zu groß", "message trop
    // volumineux", Naver "보내신 메일의 크기가 커서", Daum "편지의 크기가 너무커서", "邮件过大"
    pattern: words(
      String.raw`${L}(?:nachricht|e-?mail|mail)(?: ist)? zu gro(?:ß|ss)${R}|${L}nachrichtengr(?:ö|oe|o)(?:ß|ss)e (?:(?:ü|ue|u)berschreitet|(?:ü|ue|u)berschritten)${R}|${L}message trop (?:volumineux|gros)${R}|${L}taille (?:du|de votre) message (?:d[ée]passe|exc[èe]de)${R}|${L}mensa(?:je|gem) (?:es |é )?(?:demasiado|muito) grande${R}|${L}tama[nñ]o (?:del|da) mensa(?:je|gem) (?:excede|supera)${R}|${L}messaggio troppo grande${R}|${L}dimensione del messaggio (?:supera|eccede)${R}|${L}bericht is te groot${R}|(?:письмо|сообщение) слишком (?:большое|велико)|размер (?:письма|сообщения) превышает|邮件过大|郵件過大|邮件(?:大小)?超(?:过|出)(?:大小)?限制|邮件太大|(?:メッセージ|メール)(?:の)?サイズ(?:が|は)?(?:大きすぎ|上限を超え|制限を超え)|(?:메일|편지|메시지)의 크기가 (?:너무 ?)?커서`,
    ),
    examples: [
      '552 Die Nachricht ist zu groß',
      '552 Message trop volumineux',
      '552 Mensaje demasiado grande',
      '552 Messaggio troppo grande',
      '552 Письмо слишком большое',
      '552 邮件过大',
      'メールのサイズが大きすぎます',
      '552 5.3.4 Error: message file too big 보내신 메일의 크기가 커서, 받는 서버에서 수신을 차단하였습니다.',
      '552 5.3.4 발송하신 편지의 크기가 너무커서 받는이가 속한 메일서버에서 수신을 거부하였습니다.',
    ],
    mustNot: [...BARE_FAILURE, 'Das Postfach des Empfängers ist voll', '收件人空间不足'],
    source:
      'foxydog.tistory.com (Naver and Daum 552 5.3.4 texts), emailhost.com.cn ("邮件过大: exceeded mailsize limit"), jeanboulanger.com ("message trop volumineux"), Exchange (localized NDR user texts)',
  },

  // ── filtered: the recipient's own settings refuse the sender ─────────────────────────────
  {
    id: 'filtered/in-japanese',
    reason: 'filtered',
    // Japanese carriers' reception settings ("受信拒否設定", domain-specified reception): the
    // recipient refuses this sender, the address exists
    pattern: /受信拒否|指定受信/u,
    examples: ['受信拒否設定により配信できませんでした', 'ドメイン指定受信を設定しているため受信できません'],
    mustNot: [...BARE_FAILURE, '<a@example.jp> のユーザーは登録されていません'],
    source:
      'pa-solution.net FAQ ("ドメイン指定受信などの迷惑メール対策"), NTT docomo / au / SoftBank reception-refusal settings, Sisimai rhost/nttdocomo (refused by the recipient\'s settings: filtered)',
  },
];
