import { timeToFirstToken, tokensPerSecond, type StreamedAnswer } from '../chat-stream.js';
import { h, type Child } from '../dom.js';
import { formatNumber, t } from '../i18n.js';

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function stats(answer: StreamedAnswer): Child[] {
  const ttft = timeToFirstToken(answer);
  const rate = tokensPerSecond(answer);
  const items: Child[] = [
    ttft !== undefined ? h('span', { 'data-testid': 'ttft' }, t('answer.ttft', { ms: formatNumber(Math.round(ttft)) })) : null,
    rate !== undefined ? h('span', { 'data-testid': 'tps' }, t('answer.tps', { rate: formatNumber(rate, 1) })) : null,
    answer.usage ? h('span', {}, t('answer.tokens', { input: answer.usage.prompt_tokens, output: answer.usage.completion_tokens })) : null,
    answer.finishReason ? h('span', {}, t('answer.finish', { reason: answer.finishReason })) : null,
  ];
  return items.filter(Boolean);
}

const statusLabel = (answer: StreamedAnswer) => t(`answer.status.${answer.status}`);

/** An assistant answer: reasoning apart from the text, tool calls, timings, warnings and errors. */
export function answerView(answer: StreamedAnswer): HTMLElement {
  return h('article', { class: `bubble assistant ${answer.status}`, 'data-status': answer.status, 'aria-busy': String(answer.status === 'streaming') },
    h('header', {}, h('strong', {}, answer.model), h('span', { class: `status ${answer.status}`, 'data-testid': 'answer-status' }, statusLabel(answer))),
    answer.reasoning ? h('details', { class: 'reasoning', open: true },
      h('summary', {}, t('answer.reasoning')), h('div', { class: 'reasoning-text', 'data-testid': 'reasoning' }, answer.reasoning)) : null,
    h('div', { class: 'content', 'data-testid': 'answer-content' }, answer.content),
    answer.toolCalls.map((call) => h('div', { class: 'tool-call', 'data-testid': 'tool-call' },
      h('div', {}, t('answer.toolCall'), ' ', h('code', {}, call.name), call.id ? h('small', {}, ` ${call.id}`) : null),
      h('pre', {}, prettyArguments(call.arguments)))),
    answer.error ? h('p', { class: 'error', role: 'alert' }, answer.error) : null,
    answer.warnings.length ? h('ul', { class: 'warnings', 'aria-label': t('answer.warnings') },
      answer.warnings.map((warning) => h('li', {}, warning.param ? `${warning.param}: ` : '', warning.message))) : null,
    h('footer', { class: 'stats' }, stats(answer)));
}
