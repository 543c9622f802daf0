import { Skeleton } from '@mantine/core';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

const SIZE = 200;

/** A QR code of `value`, drawn in the browser: the seed it carries never goes to a third party. */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void toDataURL(value, { margin: 1, width: SIZE, errorCorrectionLevel: 'M' }).then((url) => {
      if (current) setImage(url);
    });
    return () => {
      current = false;
    };
  }, [value]);
  return image === null ? <Skeleton w={SIZE} h={SIZE} /> : <img src={image} alt={label} width={SIZE} height={SIZE} />;
}
