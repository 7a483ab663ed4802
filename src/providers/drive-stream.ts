import { upstreamFailure } from '../http/index.js';
import type { StreamPart, Warning } from '../spec/index.js';

/** What every protocol's pure wire → StreamPart state machine (`<p>-stream.ts`) offers the driver. */
export interface StreamStateMachine {
  /** Appends the parts owed once the body has ended (last finish, usage, or an error for a cut stream). */
  end(parts: StreamPart[]): void;
  /** True once an error part has been produced; nothing is read after it. */
  readonly hasFailed: boolean;
}

/** Who is streaming, for errors and the `stream-start` part. */
export interface StreamContext {
  provider: string;
  warnings: Warning[];
  signal?: AbortSignal;
}

/**
 * Runs a state machine over decoded wire events, read in batches (the events of one network
 * read): `stream-start`, then each batch's parts as soon as it arrives, then the parts owed at
 * the end. A transport failure ends the stream with an `error` part; after an error part nothing
 * more is read (returning closes the upstream body).
 */
export async function* driveStream<Event>(
  batches: AsyncIterable<readonly Event[]>, state: StreamStateMachine, push: (event: Event, parts: StreamPart[]) => void, context: StreamContext,
): AsyncGenerator<StreamPart> {
  yield { type: 'stream-start', warnings: context.warnings };
  const parts: StreamPart[] = [];
  try {
    for await (const events of batches) {
      for (let i = 0; i < events.length && !state.hasFailed; i++) push(events[i]!, parts);
      if (parts.length === 0) continue;
      for (let i = 0; i < parts.length; i++) yield parts[i]!;
      parts.length = 0;
      if (state.hasFailed) return;
    }
  } catch (error) {
    // The parts of the batch's events before the one that failed still go out first.
    for (const part of parts) yield part;
    yield { type: 'error', error: upstreamFailure(error, context.provider, context.signal) };
    return;
  }
  state.end(parts);
  for (const part of parts) yield part;
}
