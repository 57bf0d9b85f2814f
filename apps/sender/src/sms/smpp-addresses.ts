/** SMPP type of number / numbering plan for an address we send from or to. */
export interface SmppAddress {
  readonly ton: number;
  readonly npi: number;
  readonly addr: string;
}

const TON_UNKNOWN = 0;
const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_UNKNOWN = 0;
const NPI_ISDN = 1;

/** `+4915…` is international (the + dropped), `Shop` alphanumeric, a short code left to the SMS centre. */
export function smppAddress(address: string): SmppAddress {
  const trimmed = address.trim();
  if (/^\+\d+$/.test(trimmed)) return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, addr: trimmed.slice(1) };
  if (/^\d+$/.test(trimmed)) return { ton: TON_UNKNOWN, npi: NPI_ISDN, addr: trimmed };
  return { ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN, addr: trimmed };
}

/** The address of a received PDU as we write numbers: international ones with their +. */
export function addressOf(addr: unknown, ton: unknown): string {
  const value = typeof addr === 'string' ? addr : '';
  return ton === TON_INTERNATIONAL && /^\d+$/.test(value) ? `+${value}` : value;
}
