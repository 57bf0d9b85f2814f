export * from './normalize-phone';
export * from './sms-encoding';
export * from './stop-words';
