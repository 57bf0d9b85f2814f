import { BadRequestException } from '@nestjs/common';

/**
 * The audit actor is the token's name (Principal.name), never a field of the request: a body or
 * query naming an `operator` is refused rather than ignored, so no client believes it was heard.
 */
export function refuseActorField(fields: unknown): void {
  if (fields !== null && typeof fields === 'object' && 'operator' in fields) {
    throw new BadRequestException("operator: not accepted; the audit trail records the API token's name");
  }
}
