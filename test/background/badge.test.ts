import 'fake-indexeddb/auto';
import { BADGE_COLOURS, badgeFor, showBadge, ICONS } from '../../src/background/badge';
import { MOSTLY_SHARE, RECYCLED_SHARE, reuseLevel, type PageFacts } from '@wiretrace/engine';
import { fakeBrowser } from './helpers';

/** A report's badge input: `sourceCount` sources covering `share` of the page. */
function input(share: number, sourceCount = 1): { sourceCount: number; facts: PageFacts } {
  return { sourceCount, facts: { reusedWords: 0, share, level: reuseLevel(share, sourceCount), kinds: [], sources: [] } };
}

describe('badge', () => {
  beforeEach(() => fakeBrowser.__reset());

  test.each([
    [0.1, BADGE_COLOURS.low],
    [RECYCLED_SHARE - 0.01, BADGE_COLOURS.low],
    [RECYCLED_SHARE, BADGE_COLOURS.medium],
    [0.49, BADGE_COLOURS.medium],
    [MOSTLY_SHARE, BADGE_COLOURS.high],
    [0.97, BADGE_COLOURS.high],
  ])('a page %f recycled gets %o', (share, colours) => {
    const look = badgeFor(input(share, 2));
    expect(look.background).toBe(colours.background);
    expect(look.textColor).toBe(colours.text);
    expect(look.text).toBe('2');
    expect(look.title).toBe(`WireTrace: 2 sources, ${Math.round(share * 100)} % of this article`);
  });

  test('no sources: blank badge and the default title', () => {
    expect(badgeFor(input(0, 0))).toMatchObject({ text: '', title: 'WireTrace: copied passages on this page' });
    expect(badgeFor(null).text).toBe('');
  });

  test('showBadge sets text, colours, title and the badge-state icon for the tab only', async () => {
    await showBadge(7, input(0.6));
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
      await showBadge(3, input(0.1));
      expect(fakeBrowser.action.__badge(3).text).toBe('1');
    } finally {
      action.setBadgeTextColor = saved;
    }
    const spy = jest.spyOn(fakeBrowser.action, 'setBadgeText').mockRejectedValue(new Error('No tab with id: 3.'));
    await expect(showBadge(3, null)).resolves.toBeUndefined();
    spy.mockRestore();
  });
});
