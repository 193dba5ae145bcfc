/**
 * Untrusted text for display, shared by the content script's hover card and the extension pages. Titles,
 * outlets and URLs come from imported files and web pages: links are only ever http(s), and text loses
 * the control and bidirectional-override characters that could disguise it.
 */

/** The URL when it is a well-formed http(s) URL, else null: never `javascript:`, `data:` or relative. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Control and bidi-override characters (C0 controls, DEL, LRE…RLO, LRI…PDI, LRM, RLM, ALM). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** One line of untrusted text: unsafe characters become spaces, runs of space collapse, cut to `max` with "…". */
export function displayText(text: string | null | undefined, max = 300): string {
  if (!text) return '';
  const clean = text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
