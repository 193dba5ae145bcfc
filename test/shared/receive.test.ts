/** The receiving end shared by every context: sorting raw messages by the validators, and dispatching. */
import { message, MESSAGE_VERSION, type Handlers, type Validators } from '../../src/shared/messages';
import { dispatch, messageTypes, receive } from '../../src/shared/receive';

/** A map of two messages, to exercise the generic receiver without the extension's handlers. */
interface ToyMessages {
  add: { payload: { a: number; b: number }; response: number };
  'show-passages': { payload: { sourceId?: string }; response: { shown: number } };
}

const TOY: Validators<ToyMessages> = {
  add: (p) => (typeof p.a === 'number' && typeof p.b === 'number' ? { a: p.a, b: p.b } : null),
  'show-passages': (p) => (p.sourceId === undefined || typeof p.sourceId === 'string' ? { sourceId: p.sourceId as string | undefined } : null),
};

describe('receive', () => {
  test('the names are the validators’ keys', () => {
    expect(messageTypes(TOY)).toEqual(['add', 'show-passages']);
  });

  test('anything that is not a message of a known name is foreign', () => {
    const known = message('show-passages', {});
    for (const raw of [null, undefined, 'add', 42, [], { type: 7 }, { ...known, type: 'subtract' }, { ...known, type: 'toString' }, { ...known, type: 'hasOwnProperty' }]) {
      expect(receive(TOY, raw)).toEqual({ kind: 'foreign' });
    }
  });

  test('a known name of another version (or none) is told apart from a malformed one', () => {
    expect(receive(TOY, { ...message('show-passages', {}), v: MESSAGE_VERSION + 1 })).toEqual({ kind: 'other-version', type: 'show-passages' });
    expect(receive(TOY, { type: 'add', payload: { a: 1, b: 2 } })).toEqual({ kind: 'other-version', type: 'add' });
    expect(receive(TOY, { ...message('show-passages', {}), payload: null })).toEqual({ kind: 'malformed', type: 'show-passages' });
    expect(receive(TOY, { ...message('show-passages', {}), payload: ['x'] })).toEqual({ kind: 'malformed', type: 'show-passages' });
    expect(receive(TOY, message('show-passages', { sourceId: 7 as unknown as string }))).toEqual({ kind: 'malformed', type: 'show-passages' });
  });

  test('a valid message carries the validator’s copy of the payload, not the sender’s object', () => {
    const raw = { ...message('show-passages', { sourceId: 's' }), payload: { sourceId: 's', extra: 'dropped' } };
    const receipt = receive(TOY, raw);
    expect(receipt).toEqual({ kind: 'valid', type: 'show-passages', payload: { sourceId: 's' } });
  });

  test('dispatch calls the handler of the message’s name with its payload and the sender', async () => {
    const seen: string[] = [];
    const handlers: Handlers<ToyMessages, string> = {
      add: async ({ a, b }, sender) => {
        seen.push(`add from ${sender}`);
        return a + b;
      },
      'show-passages': async ({ sourceId }, sender) => {
        seen.push(`show ${sourceId ?? 'all'} from ${sender}`);
        return { shown: 1 };
      },
    };
    const add = receive(TOY, { ...message('show-passages', {}), type: 'add', payload: { a: 2, b: 3 } });
    if (add.kind !== 'valid') throw new Error(`not valid: ${add.kind}`);
    expect(await dispatch(handlers, add, 'tab 4')).toBe(5);
    const show = receive(TOY, message('show-passages', {}));
    if (show.kind !== 'valid') throw new Error(`not valid: ${show.kind}`);
    expect(await dispatch(handlers, show, 'popup')).toEqual({ shown: 1 });
    expect(seen).toEqual(['add from tab 4', 'show all from popup']);
  });
});
