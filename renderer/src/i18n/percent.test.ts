import { describe, expect, it } from 'vitest';
import { en as appEn, es as appEs } from '../app/messages';
import { en, es } from './messages';
import { percentText } from './percent';

describe('percents', () => {
  it('keep the Spanish sign on the figure’s line (a narrow no-break space) and close it up in English', () => {
    expect(percentText(100, 'es')).toBe('100\u202F%');
    expect(percentText(12.25, 'es')).toBe('12.3\u202F%');
    expect(percentText(100, 'en')).toBe('100%');
  });

  it('are written so in the dashboard’s and the app’s sentences', () => {
    for (const text of [
      es.percent(100),
      es.noCountingReport,
      appEs.percentFigure(100),
      appEs.assessmentDraft(40),
      appEs.lowersProgress(40, 0),
      appEs.currentAssessment(55, '1 ene 2024'),
      appEs.suggested('Limitado', 88),
    ])
      expect(text, text).not.toMatch(/ %/);
    for (const text of [en.percent(100), appEn.percentFigure(7), appEn.assessmentDraft(40), appEn.suggested('x', 3)])
      expect(text, text).not.toMatch(/\s%/);
  });
});
