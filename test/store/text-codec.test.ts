import fc from 'fast-check';
import { packText, unpackText } from '../../src/store/idb/text-codec';
import { DEMO_RECORDS } from './helpers';

test('a packed text unpacks to itself (any Unicode, empty, long)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 5_000 }), (text) => {
      // Lone surrogates do not survive UTF-8 (they become U+FFFD), as in any UTF-8 store.
      const wellFormed = new TextDecoder().decode(new TextEncoder().encode(text));
      expect(unpackText(packText(wellFormed))).toBe(wellFormed);
    }),
    { numRuns: 300 },
  );
  expect(unpackText(packText(''))).toBe('');
  const long = DEMO_RECORDS.map((r) => r.text).join('\n').repeat(20);
  expect(unpackText(packText(long))).toBe(long);
});

test('news text is stored in well under half its UTF-8 size; a row of version 1 is read as stored', () => {
  for (const r of DEMO_RECORDS) {
    const packed = packText(r.text);
    expect(packed.textBytes).toBe(Buffer.byteLength(r.text));
    expect(packed.textZ.length / packed.textBytes).toBeLessThan(0.5);
  }
  expect(unpackText({ text: 'plain, as version 1 wrote it' })).toBe('plain, as version 1 wrote it');
  // A row whose size field is missing (or damaged) still inflates.
  const { textZ } = packText('no size field');
  expect(unpackText({ textZ })).toBe('no size field');
});

test('a wrong size field does not lose the text', () => {
  const packed = packText('a text whose stored size is wrong');
  expect(unpackText({ ...packed, textBytes: 3 })).toBe('a text whose stored size is wrong');
  expect(unpackText({ ...packed, textBytes: 999 })).toBe('a text whose stored size is wrong');
});
