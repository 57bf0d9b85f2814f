import mjml2html from 'mjml';
import { lineOf, parseHtml, walkElements } from './html-tree';
import { TemplateRejected, type TemplateProblem } from './template-rejected';

interface MjmlValidationError {
  readonly line?: number;
  readonly message?: string;
  readonly tagName?: string;
}

/**
 * MJML to HTML with validation `strict`: an invalid template is refused with MJML's own messages
 * and line numbers rather than rendered half-right. `mj-include` is refused: a submitted template
 * must not read files from the server it runs on.
 */
export async function compileMjml(source: string): Promise<string> {
  const includes = [...walkElements(parseHtml(source))].filter((el) => el.tagName === 'mj-include');
  if (includes.length > 0) {
    throw new TemplateRejected(
      includes.map((el) => ({
        message: 'mj-include is not supported: submit the whole template',
        line: lineOf(el),
      })),
    );
  }
  try {
    const result = await mjml2html(source, { validationLevel: 'strict', ignoreIncludes: true });
    return result.html;
  } catch (err) {
    throw new TemplateRejected(mjmlProblems(err));
  }
}

function mjmlProblems(err: unknown): TemplateProblem[] {
  const errors = (err as { errors?: MjmlValidationError[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((e) => ({
      message: `MJML: ${e.tagName ? `${e.tagName}: ` : ''}${e.message ?? 'invalid'}`,
      line: e.line,
    }));
  }
  return [{ message: `MJML does not compile: ${err instanceof Error ? err.message : String(err)}` }];
}
