/** The wording's pieces (wording.ts) filled in from one alert's facts, in TypeScript. Pure. */
import { CONDITION_SYMBOLS, TEXT, TITLE, type MessageFacts, type Piece } from './wording';

function render(pieces: readonly Piece[], facts: MessageFacts): string {
  return pieces
    .map((piece): string => {
      if ('text' in piece) return piece.text;
      if ('field' in piece) return facts[piece.field] ?? '';
      if ('symbolOf' in piece) return CONDITION_SYMBOLS[facts.condition ?? ''] ?? facts.condition ?? '';
      if ('state' in piece) return facts.firing ? piece.state.firing : piece.state.resolved;
      const holds = piece.when === 'resolved' ? !facts.firing : Boolean(facts[piece.when]);
      return holds ? render(piece.then, facts) : '';
    })
    .join('');
}

export const messageTitle = (facts: MessageFacts): string => render(TITLE, facts);
export const messageText = (facts: MessageFacts): string => render(TEXT, facts);
