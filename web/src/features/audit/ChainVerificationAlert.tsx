import { Alert } from '@mantine/core';
import type { AuditVerification } from '@telegraf-controller/contract/audit';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';

type ChainVerificationAlertProps = { result: AuditVerification; onClose: () => void };

/** What walking the hash chain found: every link intact, or the first entry where it breaks and why. */
export function ChainVerificationAlert({ result, onClose }: ChainVerificationAlertProps) {
  if (result.ok) {
    const range =
      result.firstSeq === null
        ? 'the log is empty'
        : `${result.checked} ${result.checked === 1 ? 'entry' : 'entries'} from seq ${result.firstSeq}, head seq ${result.head.seq}`;
    return (
      <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />} withCloseButton onClose={onClose}>
        Chain verified: {range}
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Chain verification failed"
      withCloseButton
      onClose={onClose}
    >
      {result.broken
        ? `Broken at seq ${result.broken.seq}: ${result.broken.reason}`
        : 'The chain did not verify, and the server named no broken link.'}
    </Alert>
  );
}
