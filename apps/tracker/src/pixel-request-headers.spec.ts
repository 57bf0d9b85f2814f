import { pixelRequestHeaders } from './pixel-request-headers';

describe(pixelRequestHeaders.name, () => {
  it('finds the user agent whatever the case of its name', () => {
    expect(pixelRequestHeaders(['Host', 'a', 'USER-AGENT', 'Mail/1.0', 'Accept', '*/*'])).toEqual({
      purpose: undefined,
      userAgent: 'Mail/1.0',
    });
  });

  it('keeps the first user agent of two, as Node does', () => {
    expect(pixelRequestHeaders(['user-agent', 'first', 'User-Agent', 'second']).userAgent).toBe('first');
  });

  it('prefers Purpose, then Sec-Purpose, X-Moz and X-Purpose, whatever their order in the request', () => {
    expect(pixelRequestHeaders(['X-Purpose', 'preview', 'Sec-Purpose', 'prefetch']).purpose).toBe('prefetch');
    expect(pixelRequestHeaders(['x-moz', 'prefetch', 'Purpose', 'prerender']).purpose).toBe('prerender');
    expect(pixelRequestHeaders(['X-Purpose', 'preview']).purpose).toBe('preview');
  });

  it('has neither when the request sends neither', () => {
    expect(pixelRequestHeaders(['host', 'x', 'accept', 'image/*'])).toEqual({
      purpose: undefined,
      userAgent: undefined,
    });
    expect(pixelRequestHeaders([])).toEqual({ purpose: undefined, userAgent: undefined });
  });
});
