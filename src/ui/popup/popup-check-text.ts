/** The popup's "Check a text" form: pasted text is checked by the background against the corpus. */
import type { PageReport } from '@wiretrace/engine';
import { sendToBackground } from '../../shared/send';
import { byId, displayText } from '../shared/dom';
import { t } from '../shared/i18n';

export class CheckTextForm {
  private readonly form = byId<HTMLFormElement>('check-form');
  private readonly text = byId<HTMLTextAreaElement>('check-text');
  private readonly status = byId<HTMLParagraphElement>('check-status');

  /** `show` gets the pasted text's report. */
  constructor(private readonly show: (report: PageReport) => void) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
  }

  private async check(): Promise<void> {
    const text = this.text.value;
    if (!text.trim()) {
      this.status.textContent = t('popupPasteFirst');
      this.text.focus();
      return;
    }
    const button = this.form.querySelector('button');
    if (button) button.disabled = true;
    this.status.textContent = t('popupCheckingText');
    try {
      const { report, error } = await sendToBackground('check-text', { text });
      if (error) {
        this.status.textContent = t('popupCheckFailed', displayText(error, 300));
        return;
      }
      this.status.textContent = '';
      this.show(report);
    } catch (e) {
      this.status.textContent = t('popupCheckFailed', displayText(e instanceof Error ? e.message : String(e), 300));
    } finally {
      if (button) button.disabled = false;
    }
  }
}
