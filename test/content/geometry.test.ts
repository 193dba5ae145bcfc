/**
 * Geometry of the overlay: rects → drawn boxes, hit-testing, dark backgrounds.
 */
import { bounds, boxesFromRects, hitTest, isDarkBackground, parseRgb, type Box } from '../../src/content/geometry';

const box = (left: number, top: number, width: number, height: number): Box => ({ left, top, width, height });

describe('boxesFromRects', () => {
  test('pieces of one line merge into one box; other lines stay apart', () => {
    const got = boxesFromRects([box(10, 0, 50, 18), box(60, 0, 40, 18), box(100, 1, 30, 16), box(10, 20, 80, 18)]);
    expect(got).toEqual([box(10, 0, 120, 18), box(10, 20, 80, 18)]);
  });

  test('element boxes around their text (an <a>, a <p> inside the range) are dropped', () => {
    const before = box(10, 0, 40, 18); // "NATO chief "
    const link = box(50, -2, 40, 22); // an <a> wholly inside the range: its border box, a little taller…
    const linkText = box(50, 0, 40, 18); // …around its text
    const after = box(90, 0, 120, 18); // " said on Tuesday"
    const para = box(0, 30, 400, 60); // a <p> wholly inside: margins and all
    const line2 = box(0, 40, 380, 18);
    const line3 = box(0, 60, 120, 18);
    const got = boxesFromRects([before, link, linkText, after, para, line2, line3]);
    expect(got).toEqual([box(10, 0, 200, 18), line2, line3]);
  });

  test('duplicates count once, empty rects are dropped, the input is not modified', () => {
    const input = [box(0, 0, 10, 10), box(0, 0, 10, 10), box(5, 5, 0, 10), box(50, 50, 10, 0)];
    const copy = JSON.parse(JSON.stringify(input));
    expect(boxesFromRects(input)).toEqual([box(0, 0, 10, 10)]);
    expect(input).toEqual(copy);
    expect(boxesFromRects([])).toEqual([]);
  });

  test('bounds', () => {
    expect(bounds([box(10, 0, 100, 18), box(0, 20, 50, 18)])).toEqual(box(0, 0, 110, 38));
    expect(bounds([])).toBeNull();
  });
});

describe('hitTest', () => {
  const passages = [
    [box(0, 0, 300, 18), box(0, 20, 120, 18)], // passage 0: two lines
    [box(0, 100, 300, 18)], // passage 1
    [box(40, 100, 60, 18)], // passage 2: inside passage 1 (a nested span)
  ];

  test('picks the passage under the point', () => {
    expect(hitTest(passages, 5, 5)).toBe(0);
    expect(hitTest(passages, 100, 25)).toBe(0);
    expect(hitTest(passages, 250, 105)).toBe(1);
  });

  test('the smaller (more specific) passage wins where passages overlap', () => {
    expect(hitTest(passages, 50, 105)).toBe(2);
  });

  test('nothing outside the boxes (beyond the slop)', () => {
    expect(hitTest(passages, 200, 30)).toBe(-1); // right of passage 0's short second line
    expect(hitTest(passages, 5, 60)).toBe(-1);
    expect(hitTest(passages, 301, 10)).toBe(0); // within the slop
    expect(hitTest(passages, 301, 10, 0)).toBe(-1);
    expect(hitTest([], 0, 0)).toBe(-1);
  });
});

describe('colours', () => {
  test('parseRgb reads computed colours', () => {
    expect(parseRgb('rgb(251, 250, 247)')).toEqual([251, 250, 247, 1]);
    expect(parseRgb('rgba(0, 0, 0, 0)')).toEqual([0, 0, 0, 0]);
    expect(parseRgb('rgb(10 20 30 / 50%)')).toEqual([10, 20, 30, 0.5]);
    expect(parseRgb('transparent')).toBeNull();
  });

  test('isDarkBackground: dark, light, and unknown when transparent', () => {
    expect(isDarkBackground('rgb(18, 18, 18)')).toBe(true);
    expect(isDarkBackground('rgb(38, 39, 43)')).toBe(true);
    expect(isDarkBackground('rgb(251, 250, 247)')).toBe(false);
    expect(isDarkBackground('rgb(204, 204, 204)')).toBe(false);
    expect(isDarkBackground('rgba(0, 0, 0, 0)')).toBeNull();
    expect(isDarkBackground('')).toBeNull();
  });
});
