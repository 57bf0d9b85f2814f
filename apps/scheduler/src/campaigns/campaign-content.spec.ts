import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { EmailCampaignHeader as CampaignHeader } from '@postroom/ledger'; // SMS have no template
import { CampaignContent } from './campaign-content';
import type { ContentThread } from './content-thread';
import { prepareContent } from '@postroom/templates';

/** The same thread as the calling one: the preparation itself is what is tested here. */
const sameThread = { prepare: prepareContent } as unknown as ContentThread;
import { ContentRefused } from './content-refused';

const config = (over: Partial<ConfigOf<typeof schedulerEnv>> = {}) =>
  ({
    TEMPLATE_STRICT: 'false',
    TEMPLATE_MAX_WIDTH_PX: 640,
    TEMPLATE_MAX_CONTENT_WIDTH_PX: 640,
    TEMPLATE_MAX_BYTES: 512 * 1024,
    ...over,
  }) as ConfigOf<typeof schedulerEnv>;

const header = (content: Partial<CampaignHeader>): CampaignHeader => ({
  idempotencyKey: 'k1',
  account: 'shop',
  from: 'news@shop.example',
  subject: 'Hello {{name}}',
  ...content,
});

const WIDE = `<html><head><style>p { color: #333333; } @media (max-width: 620px) { .c { width: 100% !important; } }</style></head>
<body><table class="c" width="600"><tr><td><img src="hero.png" width="800" alt=""><img src="logo.png" alt=""><p>Hi {{name}}</p></td></tr></table></body></html>`;

async function refusal(promise: Promise<unknown>): Promise<ContentRefused> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ContentRefused) return err;
    throw err;
  }
  throw new Error('expected ContentRefused');
}

describe(CampaignContent.name, () => {
  it('stores the prepared HTML (CSS inlined, media queries kept), a text part, and the report', async () => {
    const sut = await new CampaignContent(config(), sameThread).prepare(header({ html: WIDE }));

    expect(sut.header.html).toContain('<p style="color: #333333;">Hi {{name}}</p>');
    expect(sut.header.html).toMatch(/<style>\s*@media \(max-width: 620px\)/);
    expect(sut.header.text).toBe('Hi {{name}}');
    expect(sut.templateReport).toEqual([
      {
        severity: 'error',
        element: '<img src="hero.png" width="800">',
        message: 'image is 800 px wide (width="800"), more than 640 px',
      },
      expect.objectContaining({ severity: 'warning', element: '<img src="logo.png">' }),
    ]);
  });

  it('keeps a given text part as it is', async () => {
    const sut = await new CampaignContent(config(), sameThread).prepare(
      header({ html: '<p>a</p>', text: 'Plain {{name}}' }),
    );

    expect(sut.header.text).toBe('Plain {{name}}');
  });

  it('compiles mjml into the stored html and drops the mjml field', async () => {
    const mjml = `<mjml><mj-body width="600px"><mj-section><mj-column>
      <mj-text>Hello {{name}}</mj-text>
    </mj-column></mj-section></mj-body></mjml>`;

    const sut = await new CampaignContent(config(), sameThread).prepare(header({ mjml }));

    expect(sut.header).not.toHaveProperty('mjml');
    expect(sut.header.html).toMatch(/^<!doctype html>/i);
    expect(sut.header.html).toContain('Hello {{name}}');
    expect(sut.header.text).toContain('Hello {{name}}');
    expect(sut.templateReport).toEqual([]);
  });

  it('refuses MJML that does not compile, with MJML’s lines', async () => {
    const mjml = `<mjml>\n<mj-body>\n<mj-section>\n<mj-text>not in a column</mj-text>\n</mj-section>\n</mj-body>\n</mjml>`;

    const sut = await refusal(new CampaignContent(config(), sameThread).prepare(header({ mjml })));

    expect(sut.kind).toBe('template');
    expect(sut.problems).toEqual([
      { line: 4, message: expect.stringMatching(/^MJML: mj-text: mj-text cannot be used inside mj-section/) },
    ]);
    expect(sut.message).toMatch(/^template refused: line 4: MJML: mj-text/);
  });

  it.each([
    [{ html: '<p>a</p>', mjml: '<mjml></mjml>' }, '/html and /mjml are both given: send exactly one of them'],
    [{}, '/html or /mjml is required'],
  ])('refuses anything but exactly one of html and mjml (%o)', async (content, message) => {
    const sut = await refusal(new CampaignContent(config(), sameThread).prepare(header(content)));

    expect(sut.kind).toBe('shape');
    expect(sut.problems).toEqual([{ message }]);
  });

  it.each([
    ['a script', '<p>Hi</p>\n<script>x()</script>', 'line 2: a <script> element is not allowed in an email'],
    ['broken HTML', '<table width="600"><tr><td>Hi', 'line 1: <table width="600"> is never closed'],
    ['huge HTML', `<p>${'x'.repeat(2000)}</p>`, 'html is 2007 bytes, more than the 1024 accepted'],
  ])('refuses %s, naming the problem', async (_what, html, message) => {
    const sut = await refusal(
      new CampaignContent(config({ TEMPLATE_MAX_BYTES: 1024 }), sameThread).prepare(header({ html })),
    );

    expect(sut.kind).toBe('template');
    expect(sut.message).toContain(message);
  });

  it('takes the thresholds from the configuration', async () => {
    const sut = await new CampaignContent(
      config({ TEMPLATE_MAX_WIDTH_PX: 900, TEMPLATE_MAX_CONTENT_WIDTH_PX: 580 }),
      sameThread,
    ).prepare(header({ html: WIDE }));

    expect(sut.templateReport.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ message: 'content area is 600 px wide (width="600"), more than 580 px' }),
    ]);
  });

  describe('with TEMPLATE_STRICT=true', () => {
    const strict = new CampaignContent(config({ TEMPLATE_STRICT: 'true' }), sameThread);

    it('refuses a template whose report has errors, with the whole report', async () => {
      const sut = await refusal(strict.prepare(header({ html: WIDE })));

      expect(sut.kind).toBe('strict');
      expect(sut.templateReport).toHaveLength(2);
      expect(sut.problems).toEqual([
        {
          message: '<img src="hero.png" width="800">: image is 800 px wide (width="800"), more than 640 px',
        },
      ]);
    });

    it('takes one with warnings only', async () => {
      const sut = await strict.prepare(
        header({ html: '<table width="600"><tr><td><img src="a.png"></td></tr></table>' }),
      );

      expect(sut.templateReport).toEqual([expect.objectContaining({ severity: 'warning' })]);
    });
  });
});
