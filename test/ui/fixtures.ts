/**
 * A genuine PageReport for the UI tests, produced by the engine (MemoryCorpus) on small texts: a wire story,
 * a near-duplicate of it in another outlet, and an unrelated story sharing one paragraph with the page.
 */
import { MemoryCorpus, type CorpusRecord, type PageReport } from '@wiretrace/engine';

export const WIRE_TEXT = [
  'The city council voted on Tuesday to close the old harbour bridge for eighteen months of repairs, after engineers found deep cracks in two of its steel supports during a routine inspection last spring.',
  'Traffic will be diverted over the northern ring road, which officials expect to add up to twenty minutes to the morning commute for drivers coming from the western suburbs of the city.',
  '"We cannot take risks with public safety, and the engineers were very clear about what they found," the deputy mayor Helen Carter told reporters outside the town hall after the long meeting.',
  'Local shop owners near the bridge said they feared losing customers during the closure and asked the council for financial help to get through the long months of construction work ahead.',
].join('\n\n');

export const OTHER_TEXT = [
  'Farmers in the valley reported a record harvest of apples this autumn, helped by a warm summer and steady rain.',
  'The regional transport authority said on Monday that it would add extra buses on the northern route while the bridge stays closed, with services every ten minutes during the busiest hours of the day.',
].join('\n\n');

export const PAGE_TEXT = [
  'Bridge to close for repairs',
  'The city council voted on Tuesday to close the old harbour bridge for eighteen months of repairs, after engineers found deep cracks in two of its steel supports during a routine inspection last spring.',
  '"We cannot take risks with public safety, and the engineers were very clear about what they found," the deputy mayor Helen Carter told reporters outside the town hall after the long meeting.',
  'Local shop owners near the bridge said they were worried about losing customers during the closure and asked the council for financial help to get through the long months of construction work ahead.',
  'Officials expect that traffic diverted over the northern ring road will add twenty minutes to the morning commute of drivers from the western suburbs.',
  'Our own reporter spoke to commuters at the station, who were mostly resigned to the news and planned to leave home earlier.',
  'The regional transport authority said on Monday that it would add extra buses on the northern route while the bridge stays closed, with services every ten minutes during the busiest hours of the day.',
].join('\n\n');

export const RECORDS: CorpusRecord[] = [
  { id: 'wire-1', title: 'Harbour bridge to close for 18 months', outlet: 'Wire Agency', url: 'https://wire.example/bridge', published: '2024-03-04T08:00:00Z', text: WIRE_TEXT },
  { id: 'copy-2', title: 'Harbour bridge closing', outlet: 'Daily Copy', url: 'https://daily.example/bridge', published: '2024-03-05', text: WIRE_TEXT },
  { id: 'buses-3', title: 'Extra buses while bridge is shut', outlet: 'Transit News', url: 'https://transit.example/buses', published: '2024-03-06', text: OTHER_TEXT },
];

export function makeReport(pageText = PAGE_TEXT, published: string | null = '2024-03-05T10:00:00Z'): PageReport {
  const corpus = new MemoryCorpus();
  for (const r of RECORDS) corpus.add(r);
  const result = corpus.scan(pageText);
  return {
    page: 'https://news.example/local/bridge',
    title: 'Bridge to close for repairs',
    published,
    url: 'https://news.example/local/bridge',
    text: pageText,
    words: result.words,
    sourceCount: result.sourceCount,
    matches: result.matches,
    facts: result.facts,
  };
}
