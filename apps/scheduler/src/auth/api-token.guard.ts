import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

function principalOf(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  // the onRequest hook sets it; a route reached without it was registered outside the hook
  if (!principal) throw new UnauthorizedException('missing or wrong bearer token');
  return principal;
}

/** Every API route: the caller was authenticated by the onRequest hook (registerApiAuth). */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    principalOf(context);
    return true;
  }
}

/** Routes for operator tokens only (token management): an account token gets 403. */
@Injectable()
export class OperatorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (principalOf(context).scope !== 'operator')
      throw new ForbiddenException('an operator token is needed');
    return true;
  }
}

/** The authenticated caller of this request. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(context),
);
