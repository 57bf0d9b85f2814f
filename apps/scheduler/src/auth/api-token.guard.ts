import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { CONFIG } from '@postroom/runtime';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Bearer token from POSTROOM_API_TOKEN, compared in constant time. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(CONFIG) config: ConfigOf<typeof schedulerEnv>) {
    this.expected = digest(config.POSTROOM_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>()
      .headers.authorization;
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!match || !timingSafeEqual(digest(match[1].trim()), this.expected)) {
      throw new UnauthorizedException('missing or wrong bearer token');
    }
    return true;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
