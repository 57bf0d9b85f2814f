import { checkTemplate } from './check-template';

/** An Outlook-minded newsletter in the usual shape: centred 600 px table, ghost table for MSO, fluid hero. */
function newsletter(
  parts: { container?: string; hero?: string; body?: string; ghost?: string } = {},
): string {
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
  <meta charset="utf-8"><title>Spring sale</title>
  <style>@media only screen and (max-width: 620px) { .container { width: 100% !important; } }</style>
</head>
<body style="margin:0;padding:0;background:#f4f4f4">
  <!--[if mso]><table role="presentation" width="${parts.ghost ?? '600'}" align="center"><tr><td><![endif]-->
  <table role="presentation" class="container" ${parts.container ?? 'width="600" style="width:600px;max-width:600px"'} align="center" cellpadding="0" cellspacing="0">
    <tr><td style="padding:0">
      ${parts.hero ?? '<img src="https://cdn.shop.example/hero.png" width="600" style="display:block;width:100%;max-width:600px;height:auto" alt="Spring">'}
    </td></tr>
    <tr><td style="padding:24px;font-family:Arial,sans-serif">
      ${parts.body ?? '<p>Hello {{name}},</p><img src="https://cdn.shop.example/logo.png" width="120" height="40" alt="Shop">'}
    </td></tr>
  </table>
  <!--[if mso]></td></tr></table><![endif]-->
  <img src="https://t.shop.example/o/{{pixel}}" width="1" height="1" alt="">
</body>
</html>`;
}

describe(checkTemplate.name, () => {
  it('finds nothing in a 600 px template whose images all have pixel widths', () => {
    expect(checkTemplate(newsletter())).toEqual([]);
  });

  it('reports an image wider than 640 px by its width attribute', () => {
    const sut = checkTemplate(newsletter({ hero: '<img src="hero.png" width="800" alt="">' }));

    expect(sut).toEqual([
      {
        severity: 'error',
        element: '<img src="hero.png" width="800">',
        message: 'image is 800 px wide (width="800"), more than 640 px',
      },
    ]);
  });

  it.each([
    ['width', 'style="width:700px"', 'width: 700px'],
    ['max-width', 'width="600" style="width:100%;max-width:900px"', 'max-width: 900px'],
    ['min-width', 'width="600" style="min-width: 720px !important"', 'min-width: 720px !important'],
    ['upper-case CSS', 'width="600" style="WIDTH: 641PX"', 'width: 641PX'],
  ])('reports an image wider than 640 px by its inline CSS %s', (_what, attrs, source) => {
    const sut = checkTemplate(newsletter({ hero: `<img src="hero.png" ${attrs}>` }));

    expect(sut).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining(`(${source})`) }),
    ]);
  });

  it('warns about an image with no width at all (Outlook shows its natural size)', () => {
    const sut = checkTemplate(newsletter({ hero: '<img src="hero.png" alt="Spring">' }));

    expect(sut).toEqual([
      {
        severity: 'warning',
        element: '<img src="hero.png">',
        message: expect.stringMatching(/^image has no width: Outlook shows it at its natural size/),
      },
    ]);
  });

  it('warns about an image sized only by CSS or a percentage, which Outlook ignores', () => {
    const sut = checkTemplate(
      newsletter({ hero: '<img src="a.png" style="width:300px"><img src="b.png" width="100%">' }),
    );

    expect(sut).toEqual([
      expect.objectContaining({
        severity: 'warning',
        element: '<img src="a.png">',
        message: expect.stringContaining('add width="300"'),
      }),
      expect.objectContaining({ severity: 'warning', element: '<img src="b.png" width="100%">' }),
    ]);
  });

  it('reports a content table wider than 640 px by its attribute or its CSS', () => {
    expect(checkTemplate(newsletter({ container: 'width="700"' }))).toEqual([
      {
        severity: 'error',
        element: '<table class="container" width="700">',
        message: 'content area is 700 px wide (width="700"), more than 640 px',
      },
    ]);
    expect(checkTemplate(newsletter({ container: 'width="100%" style="max-width:800px"' }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('800 px wide (max-width: 800px)'),
      }),
    ]);
  });

  it('reports wide divs and cells too', () => {
    const sut = checkTemplate(
      newsletter({
        body: '<div style="width:680px">x</div><table width="600"><tr><td width="650">y</td></tr></table>',
      }),
    );

    expect(sut.map((f) => f.element)).toEqual(['<div>', '<td width="650">']);
  });

  it('checks the Outlook-only ghost table inside <!--[if mso]>, which only Outlook renders', () => {
    const sut = checkTemplate(newsletter({ ghost: '720' }));

    expect(sut).toEqual([
      {
        severity: 'error',
        element: '<table width="720">',
        message:
          'content area is 720 px wide (width="720"), more than 640 px (in an Outlook-only <!--[if mso]> block)',
      },
    ]);
  });

  it('takes its limits from the caller', () => {
    const sut = checkTemplate(newsletter(), { maxImageWidth: 500, maxContentWidth: 580 });

    expect(sut.map((f) => f.message).sort()).toEqual([
      'content area is 600 px wide (width="600"), more than 580 px',
      'content area is 600 px wide (width="600"), more than 580 px (in an Outlook-only <!--[if mso]> block)',
      'image is 600 px wide (width="600"), more than 500 px',
    ]);
  });

  it('keeps the default for a limit given as undefined (an unset setting must not switch a check off)', () => {
    const sut = checkTemplate(newsletter({ hero: '<img src="hero.png" width="800" alt="">' }), {
      maxImageWidth: undefined,
      maxContentWidth: undefined,
    });

    expect(sut.map((f) => f.message)).toEqual(['image is 800 px wide (width="800"), more than 640 px']);
  });

  it('ignores relative widths on content and styles it cannot parse', () => {
    expect(
      checkTemplate('<table width="100%" style="width:100%"><tr><td style="width:;;: {">x</td></tr></table>'),
    ).toEqual([]);
  });
});
