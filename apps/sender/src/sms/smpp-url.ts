export interface SmppEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
}

/**
 * `smpp://system_id:password@host:port` (SMS_URL); `ssmpp://` for TLS, `?system_type=` if the SMS
 * centre wants one. SMPP 3.4 caps system_id at 15 characters and the password at 8: a longer
 * one would be cut by the SMS centre and the bind refused with a puzzling error, so say it here.
 */
export function parseSmppUrl(url: string): SmppEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`SMS_URL "${redact(url)}" is not a URL (smpp://system_id:password@host:port)`);
  }
  const tls = parsed.protocol === 'ssmpp:';
  if (!tls && parsed.protocol !== 'smpp:') throw new Error(`SMS_URL must start with smpp:// or ssmpp://`);
  if (!parsed.hostname) throw new Error('SMS_URL has no host');
  const systemId = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  if (!systemId) throw new Error('SMS_URL has no system_id (smpp://system_id:password@host:port)');
  if (systemId.length > 15)
    throw new Error(`SMS_URL: system_id is ${systemId.length} characters, SMPP allows 15`);
  if (password.length > 8)
    throw new Error(`SMS_URL: the password is ${password.length} characters, SMPP allows 8`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : tls ? 3550 : 2775,
    tls,
    systemId,
    password,
    systemType: parsed.searchParams.get('system_type') ?? '',
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
