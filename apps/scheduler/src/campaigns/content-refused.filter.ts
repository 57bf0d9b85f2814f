import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ContentRefused } from './content-refused';

/**
 * ContentRefused as the API answers it: 400 when not exactly one of html and mjml is given, 422
 * for a template that cannot be sent (with every problem and its line) or, under
 * TEMPLATE_STRICT, one whose report has errors (with the report). Nothing was stored.
 */
@Catch(ContentRefused)
export class ContentRefusedFilter implements ExceptionFilter<ContentRefused> {
  catch(refused: ContentRefused, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const statusCode = refused.kind === 'shape' ? 400 : 422;
    void reply.code(statusCode).send({
      statusCode,
      error: statusCode === 400 ? 'Bad Request' : 'Unprocessable Entity',
      message: refused.message,
      problems: refused.problems,
      ...(refused.kind === 'strict' ? { templateReport: refused.templateReport } : {}),
    });
  }
}
