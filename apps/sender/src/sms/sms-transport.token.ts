/** The SmsTransport provider: SmppTransport to SMS_URL in the app, a fake or a catcher-bound one in tests. */
export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
