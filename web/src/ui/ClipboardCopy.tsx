import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Copies text to the clipboard: with the Clipboard API where the page is a secure context (HTTPS, localhost), else
 * with the older select-and-copy command, which also works on a plain-HTTP deployment. Resolves whether it worked.
 */
export async function copyText(value: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch {
      // Refused (no permission, no focus): the older way may still work.
    }
  }
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  Object.assign(area.style, { position: 'fixed', top: '0', left: '0', opacity: '0' });
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

type ClipboardCopyProps = {
  value: string;
  /** Called once the value is on the clipboard. */
  onCopied?: () => void;
  children: (state: { copied: boolean; failed: boolean; copy: () => void }) => ReactNode;
};

/** Every copy button of the app: says for two seconds that it copied, or that copying failed. */
export function ClipboardCopy({ value, onCopied, children }: ClipboardCopyProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = () => {
    void copyText(value).then((ok) => {
      setState(ok ? 'copied' : 'failed');
      if (ok) onCopied?.();
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setState('idle'), ok ? 2000 : 6000);
    });
  };
  return <>{children({ copied: state === 'copied', failed: state === 'failed', copy })}</>;
}
