/**
 * How much of an article must be someone else's text to count as recycled. One scale for the toolbar badge
 * (amber, red) and the reading history's outlet report, so that a page the report counts as recycled is
 * exactly a page whose badge was amber or red.
 */

/** From a fifth of the article on, more than a quote or two was taken: amber, and "recycled" in the report. */
export const AMBER_SHARE = 0.2;
/** Half the article or more is someone else's text: red. */
export const RED_SHARE = 0.5;
