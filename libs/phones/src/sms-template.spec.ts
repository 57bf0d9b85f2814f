import { SmsTemplate, SmsTemplateError } from './sms-template';

describe(SmsTemplate.name, () => {
  it('personalises as email does: name, vars and top-level vars, no HTML escaping', () => {
    const sut = new SmsTemplate('Hi {{name}}, code {{vars.code}} & {{code}} <b>');

    expect(sut.render({ phone: '+4915123456789', name: 'Ann', vars: { code: 'A&1' } })).toBe(
      'Hi Ann, code A&1 & A&1 <b>',
    );
  });

  it('refuses a variable the recipient lacks, naming it', () => {
    const sut = new SmsTemplate('Hi {{vars.first}}');

    expect(() => sut.render({ phone: '+4915123456789', vars: {} })).toThrow(
      new SmsTemplateError('the text uses "first" (at 1:5), which this recipient does not have'),
    );
  });

  it('refuses a template that does not parse when it is built', () => {
    expect(() => new SmsTemplate('Hi {{name')).toThrow(SmsTemplateError);
  });

  it('gives templates no way to the prototype', () => {
    const sut = new SmsTemplate('{{constructor.name}}');

    expect(() => sut.render({ phone: '+4915123456789' })).toThrow(SmsTemplateError);
  });
});
