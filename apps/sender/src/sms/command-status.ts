import { errors } from 'smpp';

const NAMES = new Map<number, string>(Object.entries(errors).map(([name, code]) => [code, name]));

export function commandStatusName(status: number): string {
  return NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

export type StatusClass = 'ok' | 'throttled' | 'temporary' | 'permanent';

// Worth another try later: the SMS centre's trouble, not the message's.
const TEMPORARY = new Set([
  'ESME_RSYSERR',
  'ESME_RSUBMITFAIL',
  'ESME_RX_T_APPN',
  'ESME_RINVBNDSTS', // our bind's state: rebinding fixes it
  'ESME_RDELIVERYFAILURE',
  'ESME_RUNKNOWNERR',
  'ESME_RQUERYFAIL',
]);

// The message or its addresses are wrong, or the SMS centre will never take it.
const PERMANENT = new Set([
  'ESME_RINVMSGLEN',
  'ESME_RINVSRCADR',
  'ESME_RINVDSTADR',
  'ESME_RINVESMCLASS',
  'ESME_RINVSRCTON',
  'ESME_RINVSRCNPI',
  'ESME_RINVDSTTON',
  'ESME_RINVDSTNPI',
  'ESME_RINVSERTYP',
  'ESME_RINVREGDLVFLG',
  'ESME_RINVDCS',
  'ESME_RINVTLVVAL',
  'ESME_RINVTLVSTREAM',
  'ESME_RINVTLVLEN',
  'ESME_RMISSINGTLV',
  'ESME_RTLVNOTALLWD',
  'ESME_RX_P_APPN',
  'ESME_RX_R_APPN',
  'ESME_RPROHIBITED',
  'ESME_RSERTYPUNAUTH',
  'ESME_RSERTYPDENIED',
  'ESME_RSERTYPUNAVAIL',
  'ESME_RINVPRTFLG',
  'ESME_RINVEXPIRY',
  'ESME_RINVSCHED',
]);

/**
 * How to treat a submit_sm_resp command_status. A code we do not know (the 0x400–0x4FF vendor
 * range, mostly) counts as temporary: a permanent refusal can suppress a number for good, a
 * temporary one only costs a bounded number of retries.
 */
export function classifyStatus(status: number): StatusClass {
  if (status === 0) return 'ok';
  const name = commandStatusName(status);
  if (name === 'ESME_RTHROTTLED' || name === 'ESME_RMSGQFUL') return 'throttled';
  if (PERMANENT.has(name)) return 'permanent';
  if (TEMPORARY.has(name)) return 'temporary';
  return 'temporary';
}
