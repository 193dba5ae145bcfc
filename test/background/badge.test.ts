import 'fake-indexeddb/auto';
import { AMBER_SHARE, BADGE_COLOURS, badgeFor, RED_SHARE, recycledShare, showBadge, ICONS } from '../../src/background/badge';
import type { Match } from '@wiretrace/engine';
import { fakeBrowser } from './helpers';

function match(id: string, sharedWords: number, group = id): Match {
  return { source: { id, title: null, outlet: null, url: null, published: null }, coverage: 0, sharedWords, spans: [], group };
}

describe('badge', () => {
  beforeEach(() => fakeBrowser.__reset());

  test('the share is the union of the matches: their words add up (each page word has one source)', () => {
    expect(recycledShare({ words: 100, matches: [match('a', 30), match('b', 30), match('c', 30)] })).toBeCloseTo(0.9);
    expect(recycledShare({ words: 100, matches: [match('a', 80), match('b', 40)] })).toBe(1);
    expect(recycledShare({ words: 0, matches: [] })).toBe(0);
  });

  test.each([
    [0.1, BADGE_COLOURS.low],
    [AMBER_SHARE - 0.01, BADGE_COLOURS.low],
    [AMBER_SHARE, BADGE_COLOURS.medium],
    [0.49, BADGE_COLOURS.medium],
    [RED_SHARE, BADGE_COLOURS.high],
    [0.97, BADGE_COLOURS.high],
  ])('a page %f recycled gets %o', (share, colours) => {
    const look = badgeFor({ words: 1000, sourceCount: 2, matches: [match('a', Math.round(share * 1000))] });
    expect(look.background).toBe(colours.background);
    expect(look.textColor).toBe(colours.text);
    expect(look.text).toBe('2');
    expect(look.title).toBe(`WireTrace: 2 sources, ${Math.round(share * 100)} % of this article`);
  });

  test('no sources: blank badge and the default title', () => {
    expect(badgeFor({ words: 300, sourceCount: 0, matches: [] })).toMatchObject({ text: '', title: 'WireTrace: copied passages on this page' });
    expect(badgeFor(null).text).toBe('');
  });

  test('showBadge sets text, colours, title and the badge-state icon for the tab only', async () => {
    await showBadge(7, { words: 100, sourceCount: 1, matches: [match('a', 60)] });
    expect(fakeBrowser.action.__badge(7)).toEqual({
      text: '1', color: BADGE_COLOURS.high.background, textColor: BADGE_COLOURS.high.text, title: 'WireTrace: 1 source, 60 % of this article', icon: ICONS.active,
    });
    await showBadge(7, null);
    expect(fakeBrowser.action.__badge(7)).toMatchObject({ text: '', icon: ICONS.idle });
    expect(fakeBrowser.action.__calls.every((c) => c.details.tabId === 7)).toBe(true);
    expect(fakeBrowser.action.__badge(8).text).toBeUndefined();
  });

  test('showBadge works where setBadgeTextColor does not exist, and never throws', async () => {
    const action = fakeBrowser.action as { setBadgeTextColor?: unknown };
    const saved = action.setBadgeTextColor;
    delete action.setBadgeTextColor;
    try {
      await showBadge(3, { words: 100, sourceCount: 1, matches: [match('a', 10)] });
      expect(fakeBrowser.action.__badge(3).text).toBe('1');
    } finally {
      action.setBadgeTextColor = saved;
    }
    const spy = jest.spyOn(fakeBrowser.action, 'setBadgeText').mockRejectedValue(new Error('No tab with id: 3.'));
    await expect(showBadge(3, null)).resolves.toBeUndefined();
    spy.mockRestore();
  });
});
