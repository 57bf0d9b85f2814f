export * from './normalize-phone';
export * from './sms-encoding';
export * from './stop-words';
export type { CountryCode } from 'libphonenumber-js';
export * from './sms-template';
