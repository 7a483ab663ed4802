import type { StreamPart } from '../spec/index.js';

/** Where a text must end because of a stop sequence. */
export interface StopCut {
  /** The text before the earliest stop sequence (the whole text when none occurs). */
  text: string;
  /** True when a stop sequence occurred and the text was cut. */
  stopped: boolean;
}

/** Non-empty stop sequences, without duplicates. */
function usableStops(stop: readonly string[] | undefined): string[] {
  return [...new Set((stop ?? []).filter((sequence) => sequence.length > 0))];
}

/** Position of the earliest occurrence of any stop sequence, or -1. */
function earliestStop(text: string, stops: readonly string[]): number {
  let earliest = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
  }
  return earliest;
}

/** Length of the longest suffix of `text` that is a proper prefix of some stop sequence. */
function heldBackLength(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/** Cuts a complete text at the earliest stop sequence. */
export function cutAtStop(text: string, stop: readonly string[] | undefined): StopCut {
  const at = earliestStop(text, usableStops(stop));
  return at < 0 ? { text, stopped: false } : { text: text.slice(0, at), stopped: true };
}

/** Per-choice scanning state: text received but not yet passed on, because a stop sequence may begin in it. */
interface ChoiceState {
  pending: string;
  stopped: boolean;
}

/** Options of {@link enforceStop}. */
export interface EnforceStopOptions {
  /** How many choices the stream carries; reading stops once all of them hit a stop sequence. Default 1. */
  choices?: number;
}

/**
 * Enforces stop sequences on a stream, whatever the upstream does with them: text deltas are passed
 * on as they arrive, except for a tail that could be the beginning of a stop sequence (held until
 * the next delta decides). At the earliest stop sequence — also one spanning several deltas — the
 * choice's text ends before it and a `finish` with reason `stop` follows. Once every choice has
 * stopped, the source is no longer read: returning from it closes the upstream connection.
 */
export async function* enforceStop(
  parts: AsyncIterable<StreamPart>, stop: readonly string[] | undefined, options: EnforceStopOptions = {},
): AsyncGenerator<StreamPart> {
  const stops = usableStops(stop);
  if (stops.length === 0) {
    yield* parts;
    return;
  }
  const choices = new Map<number, ChoiceState>();
  const stateOf = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (!state) choices.set(index, state = { pending: '', stopped: false });
    return state;
  };
  const expectedChoices = options.choices ?? 1;
  let stoppedChoices = 0;

  for await (const part of parts) {
    if (part.type === 'text-delta') {
      const state = stateOf(part.index);
      if (state.stopped) continue;
      const text = state.pending + part.text;
      const at = earliestStop(text, stops);
      if (at >= 0) {
        state.pending = '';
        state.stopped = true;
        if (at > 0) yield { type: 'text-delta', index: part.index, text: text.slice(0, at) };
        yield { type: 'finish', index: part.index, finishReason: 'stop' };
        if (++stoppedChoices >= expectedChoices) return;
        continue;
      }
      const held = heldBackLength(text, stops);
      state.pending = text.slice(text.length - held);
      if (held < text.length) yield { type: 'text-delta', index: part.index, text: text.slice(0, text.length - held) };
      continue;
    }
    if (part.type === 'finish') {
      const state = stateOf(part.index);
      if (state.stopped) continue;
      // The choice ended without a stop sequence: what was held back is part of the answer.
      if (state.pending) yield { type: 'text-delta', index: part.index, text: state.pending };
      state.pending = '';
    } else if (part.type === 'error') {
      yield* releasePending(choices);
    } else if (part.type !== 'stream-start' && part.type !== 'usage' && stateOf(part.index).stopped) {
      continue;
    }
    yield part;
  }
  yield* releasePending(choices);
}

/** Text still held back when the stream breaks off: it was received, so it is delivered. */
function* releasePending(choices: Map<number, ChoiceState>): Generator<StreamPart> {
  for (const [index, state] of choices) {
    if (state.pending && !state.stopped) yield { type: 'text-delta', index, text: state.pending };
    state.pending = '';
  }
}
