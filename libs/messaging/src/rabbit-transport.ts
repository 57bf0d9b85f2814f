import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { MessageName } from '@postroom/contracts';
import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { Broker } from './broker';
import { ack, type HandleResult, type MessageMeta } from './handle-result';
import type { ConsumerSpec } from './topology';

/**
 * The extras of an `@EventPattern(name, consumer(…))` handler: the consumer's stable name (its
 * queues are named after it) and its defaults; the transport's settings may override them with
 * values known only at start (a prefetch from the configuration, for one).
 */
export interface ConsumerExtras extends ConsumerSettings {
  /** Short, stable consumer name, e.g. `sender.delivery-send`. */
  readonly consumer: string;
}

export type ConsumerSettings = Partial<
  Pick<ConsumerSpec<MessageName>, 'prefetch' | 'maxAttempts' | 'retryDelayMs'>
>;

const DEFAULT_PREFETCH = 8;

/**
 * `@EventPattern(MessageName.DeliverySend, consumer('sender.delivery-send'))`: a message handler
 * on a Nest controller, served by RabbitTransport. The handler receives the payload already
 * decoded and validated against the message's JSON Schema; it returns a HandleResult (or
 * nothing: ack) once its ledger transaction committed, and throws only for faults (retried, then
 * dead-lettered with the reason).
 */
export function consumer(name: string, defaults: ConsumerSettings = {}): ConsumerExtras {
  return { ...defaults, consumer: name };
}

/** The handler's context: the broker's facts about this delivery of the message. */
export class RabbitContext extends BaseRpcContext<[MessageMeta]> {
  get meta(): MessageMeta {
    return this.getArgByIndex(0);
  }
}

/**
 * Our RabbitMQ broker as a Nest microservice transport (`Server` + `CustomTransportStrategy`).
 * Every guarantee stays in the Broker: quorum queues, publisher confirms, manual acks after the
 * handler resolved, bounded prefetch, retry queues and dead letters with their reason. This
 * class only hands each consumer's messages to its `@EventPattern` handler.
 */
export class RabbitTransport extends Server implements CustomTransportStrategy {
  constructor(
    private readonly broker: Broker,
    private readonly settings: Readonly<Record<string, ConsumerSettings>> = {},
  ) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        const extras = handler.extras as ConsumerExtras | undefined;
        if (!handler.isEventHandler || !extras?.consumer) {
          throw new Error(
            `${pattern}: RabbitMQ handlers are @EventPattern(message, consumer(name)) event handlers`,
          );
        }
        const settings = { ...extras, ...this.settings[extras.consumer] };
        await this.broker.consume(
          {
            message: pattern as MessageName,
            name: extras.consumer,
            prefetch: settings.prefetch ?? DEFAULT_PREFETCH,
            maxAttempts: settings.maxAttempts,
            retryDelayMs: settings.retryDelayMs,
          },
          async (payload, meta) => {
            const returned = await handler(payload, new RabbitContext([meta]));
            const result = await lastValueFrom(this.transformToObservable(returned), {
              defaultValue: undefined,
            });
            return isHandleResult(result) ? result : ack;
          },
        );
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** The broker is the app's: CoreModule closes it after the app's own shutdown hooks. */
  close(): void {}

  on(): never {
    throw new Error('RabbitTransport emits no events of its own');
  }

  unwrap<T>(): T {
    return this.broker as unknown as T;
  }
}

function isHandleResult(value: unknown): value is HandleResult {
  const kind = (value as { kind?: unknown } | undefined)?.kind;
  return kind === 'ack' || kind === 'retry' || kind === 'dead-letter';
}

/**
 * Lets a handler's fault reach the broker as it was thrown. Nest's default filter would turn
 * it into "Internal server error", and the dead-letter reason would lose what went wrong.
 */
@Catch()
export class RethrowToBroker implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
