import { deliveryModeOf } from './delivery-mode';

describe(deliveryModeOf.name, () => {
  it.each([
    [
      { SMTP_URL: 'smtp://relay:587', DELIVERY_MODE: 'auto', NODE_ENV: 'production' },
      { kind: 'relay', url: 'smtp://relay:587' },
    ],
    [{ SMTP_URL: '', DELIVERY_MODE: 'auto', NODE_ENV: 'production' }, { kind: 'direct' }],
    [
      { SMTP_URL: '', DELIVERY_MODE: 'auto', NODE_ENV: 'development' },
      { kind: 'relay', url: 'smtp://127.0.0.1:1025' },
    ],
    [{ SMTP_URL: 'smtp://relay:25', DELIVERY_MODE: 'direct', NODE_ENV: 'test' }, { kind: 'direct' }],
    [
      { SMTP_URL: '', DELIVERY_MODE: 'relay', NODE_ENV: 'production' },
      { kind: 'relay', url: 'smtp://127.0.0.1:1025' },
    ],
  ] as const)('%j delivers %j', (config, mode) => {
    expect(deliveryModeOf(config)).toEqual(mode);
  });
});
